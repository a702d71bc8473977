/**
 * Which language each part of a paragraph is in. The statistics come from a detector (eld, loaded
 * by `detector.ts`; tests pass the real one); this module decides how to use them: a paragraph in
 * one language is one span, a mixed one is split per sentence, and a guess on too little text gives
 * way to its neighbours, then to the fallback (English, or the language the person pinned for the site).
 */
import type { Span } from '../text/types';

/** A detector's answer for one piece of text: an ISO 639-1 code ('' for none) and whether to trust it. */
export interface Detection {
  language: string;
  reliable: boolean;
}
export type Detect = (text: string) => Detection;

/** A stretch of a paragraph in one language (UTF-16 offsets into the paragraph). */
export interface LanguageSpan extends Span {
  language: string;
}

export interface SpanOptions {
  /** Used when the text says too little; Redline passes 'en' (the local checker's old default). */
  fallback: string;
  /** The person pinned this site's language (from the badge): no detection at all. */
  pinned?: string | null;
}

/** A paragraph or sentence with fewer words than this is not trusted on its own. */
const MIN_WORDS = 4;

const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}'’-]*/gu;
const countWords = (text: string): number => text.match(WORD)?.length ?? 0;

/** What `detect` says about `text`, or null when the text is too short or the detector unsure. */
function trusted(text: string, detect: Detect): string | null {
  if (countWords(text) < MIN_WORDS) return null;
  const { language, reliable } = detect(text);
  return reliable && language ? language : null;
}

/** Sentence spans of `text` (Intl.Segmenter; whitespace between sentences belongs to the one before). */
export function sentenceSpans(text: string): Span[] {
  const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
  const spans: Span[] = [];
  for (const { index, segment } of segmenter.segment(text))
    spans.push({ start: index, end: index + segment.length });
  return spans;
}

/**
 * The paragraph's language spans, covering it from 0 to its length, adjacent spans in different
 * languages. One span unless two trusted sentences disagree; an untrusted sentence takes the
 * language of the sentence before it (the first one, of the sentence after it).
 */
export function languageSpans(text: string, detect: Detect, options: SpanOptions): LanguageSpan[] {
  const whole = (language: string): LanguageSpan[] => [{ start: 0, end: text.length, language }];
  if (options.pinned) return whole(options.pinned);
  const paragraph = trusted(text, detect) ?? options.fallback;
  const sentences = sentenceSpans(text);
  if (sentences.length < 2) return whole(paragraph);

  const guesses = sentences.map((s) => trusted(text.slice(s.start, s.end), detect));
  if (guesses.every((g) => g === null || g === paragraph)) return whole(paragraph);
  const firstTrusted = guesses.find((g) => g !== null) ?? paragraph;
  let previous: string | null = null;
  const spans: LanguageSpan[] = [];
  sentences.forEach((sentence, i) => {
    const language = guesses[i] ?? previous ?? firstTrusted;
    previous = language;
    const last = spans[spans.length - 1];
    if (last && last.language === language) last.end = sentence.end;
    else spans.push({ ...sentence, language });
  });
  return spans;
}

/** The distinct languages of `spans`, in order of appearance. */
export function languagesOf(spans: readonly LanguageSpan[]): string[] {
  return [...new Set(spans.map((s) => s.language))];
}
