import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { languageSpans, languagesOf, sentenceSpans, type Detect } from '../detect';
import { loadDetector } from '../detector';

/** The committed labelled set: language, then a sentence; hard cases (short, names, code words) included. */
const SAMPLES = readFileSync(new URL('./samples.tsv', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line && !line.startsWith('#'))
  .map((line) => line.split('\t') as [string, string]);

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

let detect: Detect;
beforeAll(async () => {
  detect = await loadDetector();
});

describe('language detection (eld) on the labelled set', () => {
  it('has at least 15 sentences per language, long and short', () => {
    for (const code of ['en', 'de', 'fr', 'es', 'pt', 'it', 'nl']) {
      const rows = SAMPLES.filter(([language]) => language === code);
      expect(rows.length, code).toBeGreaterThanOrEqual(15);
      expect(rows.filter(([, s]) => words(s) < 8).length, code).toBeGreaterThanOrEqual(3);
    }
  });

  it('is right on at least 95 % of the sentences of 8+ words (and reports every score)', () => {
    const score = (rows: typeof SAMPLES) =>
      rows.filter(([language, s]) => detect(s).language === language).length;
    const long = SAMPLES.filter(([, s]) => words(s) >= 8);
    const short = SAMPLES.filter(([, s]) => words(s) < 8);
    const longRight = score(long);
    console.info(
      `language detection: ${longRight}/${long.length} sentences of 8+ words, ${score(short)}/${short.length} shorter ones`,
    );
    expect(longRight / long.length).toBeGreaterThanOrEqual(0.95);
  });
});

describe('languageSpans', () => {
  it('gives a one-language paragraph one span', () => {
    const text =
      'Ich habe gestern einen langen Spaziergang gemacht. Danach war ich sehr müde und bin früh ins Bett gegangen.';
    expect(languageSpans(text, detect, { fallback: 'en' })).toEqual([
      { start: 0, end: text.length, language: 'de' },
    ]);
  });

  it('splits a mixed paragraph per sentence', () => {
    const english = 'I wrote to the landlord about the broken heating last week. ';
    const spanish = 'Todavía no me ha contestado y hace mucho frío en el piso.';
    const spans = languageSpans(english + spanish, detect, { fallback: 'en' });
    expect(spans).toEqual([
      { start: 0, end: english.length, language: 'en' },
      { start: english.length, end: english.length + spanish.length, language: 'es' },
    ]);
    expect(languagesOf(spans)).toEqual(['en', 'es']);
  });

  it('lets a short sentence follow its neighbour, and falls back when the whole text says too little', () => {
    const text =
      'Nous sommes arrivés à la gare très tard hier soir. Merci ! Le train avait deux heures de retard.';
    expect(languageSpans(text, detect, { fallback: 'en' })).toEqual([
      { start: 0, end: text.length, language: 'fr' },
    ]);
    expect(languageSpans('Bis bald!', detect, { fallback: 'en' })).toEqual([
      { start: 0, end: 9, language: 'en' },
    ]);
    expect(languageSpans('', detect, { fallback: 'en' })).toEqual([{ start: 0, end: 0, language: 'en' }]);
  });

  it('uses the pinned language without detecting', () => {
    const never: Detect = () => {
      throw new Error('detected');
    };
    expect(languageSpans('Bis bald!', never, { fallback: 'en', pinned: 'de' })).toEqual([
      { start: 0, end: 9, language: 'de' },
    ]);
  });

  it('names another script’s language, which no local dictionary checks', () => {
    const text = 'Привет! Я пишу тебе из Москвы, у нас сегодня очень холодно.';
    expect(languagesOf(languageSpans(text, detect, { fallback: 'en' }))).toEqual(['ru']);
  });

  it('splits sentences with Intl.Segmenter, covering the text', () => {
    const text = 'One. Two? Three!';
    const spans = sentenceSpans(text);
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(['One. ', 'Two? ', 'Three!']);
  });
});
