/**
 * The text core's vocabulary: spans of text and the suggestions placed on them. Every other part
 * of Redline (checkers, adapters, views, the background) speaks these types.
 */

/** A half-open range of UTF-16 offsets into a field's text. */
export interface Span {
  start: number;
  end: number;
}

/** What kind of problem a suggestion is about; the underline's colour and the card's chip. */
export const CATEGORIES = ['spelling', 'grammar', 'punctuation', 'clarity', 'style', 'tone'] as const;
export type Category = (typeof CATEGORIES)[number];

/** Which checker produced a suggestion; the card says so. */
export type CheckerSource = 'local' | 'llm';

/**
 * One suggestion as the checkers return it, anchored in the text it was made for.
 * `start`/`end` are UTF-16 offsets into that text; `original` is exactly `text.slice(start, end)`.
 */
export interface RawSuggestion extends Span {
  original: string;
  /** Empty = delete `original`. */
  replacement: string;
  category: Category;
  explanation: string;
  /** Stable rule id: `local:<harper lint kind/rule>` or `llm:<category>`; "Ignore rule" uses it. */
  rule: string;
  source: CheckerSource;
  /** Lints that flag a word Add to dictionary can accept (spelling). */
  word?: string;
  /** Only flagged (a style rule with no replacement): there is nothing to accept. */
  flagOnly?: boolean;
}

/** A suggestion placed in a field's current text. */
export interface Suggestion extends RawSuggestion {
  /**
   * Stable while the same fix stands on the same text: derived from the paragraph's hash, the
   * span within it and the replacement (not from the checker or the rule), so the local checker and
   * the model reporting one fix give one id, and an open card survives either one's answer.
   */
  id: string;
}

/** A paragraph sent for checking: its text and the hash it is cached under. */
export interface ParagraphRequest {
  hash: string;
  text: string;
}

/** Suggestions for one paragraph, offsets relative to the paragraph's text. */
export interface ParagraphResult {
  hash: string;
  suggestions: RawSuggestion[];
}
