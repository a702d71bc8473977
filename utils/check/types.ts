import type { Category } from '../settings';

/** Which checker produced a suggestion; the card says so. */
export type CheckerSource = 'local' | 'llm';

/**
 * One suggestion as the checkers return it, anchored in the text it was made for.
 * `start`/`end` are UTF-16 offsets into that text; `original` is exactly `text.slice(start, end)`.
 */
export interface RawSuggestion {
  start: number;
  end: number;
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
}

/** A suggestion placed in a field's current text. */
export interface Suggestion extends RawSuggestion {
  /** Stable while its text stands: derived from paragraph hash, offset in paragraph, rule. */
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
