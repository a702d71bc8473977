/**
 * Pure mapping from harper.js lints to Redline's `RawSuggestion`s, and the user's filters over them.
 * No `browser.*` here: the service (`local-checker.ts`) hands in the lints, tests hand in real ones.
 */
import { SuggestionKind, type LintKind } from 'harper.js';
import type { Settings, Category } from '../settings';
import type { RawSuggestion } from '../text/types';

/** The parts of harper's `Suggestion` the mapping reads. */
export interface SuggestionLike {
  kind(): SuggestionKind;
  get_replacement_text(): string;
  free?(): void;
}

/**
 * The parts of harper's `Lint` the mapping reads. Structural, so harper's wasm-backed `Lint` fits
 * and so does a plain object in a test.
 */
export interface LintLike {
  span(): { start: number; end: number; free?(): void };
  lint_kind(): string;
  message(): string;
  suggestions(): SuggestionLike[];
  get_problem_text(): string;
}

/**
 * Harper's lint kinds (2.10) in Redline's categories. Typed against harper's own `LintKind` so an
 * upgrade that adds a kind shows up here at compile time; an unknown kind at runtime is grammar.
 */
const CATEGORY_BY_KIND: Record<LintKind, Category> = {
  Spelling: 'spelling',
  // "teh" → "the": the user sees a misspelt word, whatever rule caught it.
  Typo: 'spelling',
  Punctuation: 'punctuation',
  Formatting: 'punctuation',
  Agreement: 'grammar',
  BoundaryError: 'grammar',
  Capitalization: 'grammar',
  Eggcorn: 'grammar',
  Grammar: 'grammar',
  Malapropism: 'grammar',
  Miscellaneous: 'grammar',
  Nonstandard: 'grammar',
  Repetition: 'grammar',
  WordChoice: 'grammar',
  WordOrder: 'grammar',
  Readability: 'clarity',
  Redundancy: 'clarity',
  Enhancement: 'style',
  Regionalism: 'style',
  Style: 'style',
  Usage: 'style',
};

export function categoryForLintKind(kind: string): Category {
  return Object.hasOwn(CATEGORY_BY_KIND, kind) ? CATEGORY_BY_KIND[kind as LintKind] : 'grammar';
}

/** `local:<RuleName>`, the id "Ignore rule" stores. */
export const localRuleId = (ruleName: string): string => `local:${ruleName}`;

/** UTF-16 offset of the `index`-th code point of `text` (clamped to the text's end). */
function codePointToUtf16(text: string, index: number): number {
  let offset = 0;
  for (let seen = 0; seen < index && offset < text.length; seen++) {
    offset += (text.codePointAt(offset) ?? 0) > 0xffff ? 2 : 1;
  }
  return offset;
}

/**
 * Where `problem` stands in `text`, as UTF-16 offsets. harper.js 2.10 reports UTF-16 offsets
 * (measured with emoji, flags and ZWJ sequences before the lint), but Harper's core counts `char`s
 * (code points), so the span is checked against the lint's own problem text rather than trusted:
 * as given, then read as code points, then the nearest occurrence. `null` when none fits.
 */
export function anchorSpan(
  text: string,
  start: number,
  end: number,
  problem: string,
): { start: number; end: number } | null {
  if (problem === '' || end <= start) return null;
  if (text.slice(start, end) === problem) return { start, end };
  const cpStart = codePointToUtf16(text, start);
  const cpEnd = codePointToUtf16(text, end);
  if (text.slice(cpStart, cpEnd) === problem) return { start: cpStart, end: cpEnd };
  let best = -1;
  for (let at = text.indexOf(problem); at !== -1; at = text.indexOf(problem, at + 1)) {
    if (best === -1 || Math.abs(at - start) < Math.abs(best - start)) best = at;
  }
  return best === -1 ? null : { start: best, end: best + problem.length };
}

/** Harper's messages mark words with Markdown backticks; the card shows plain text. */
export function plainExplanation(message: string): string {
  return message.replace(/`([^`]*)`/g, '“$1”').trim();
}

/** What the text becomes when `suggestion` is applied to `original`. */
function replacementFor(suggestion: SuggestionLike, original: string): string {
  switch (suggestion.kind()) {
    case SuggestionKind.Remove:
      return '';
    case SuggestionKind.InsertAfter:
      return original + suggestion.get_replacement_text();
    default:
      return suggestion.get_replacement_text();
  }
}

/**
 * Maps one rule's lints on `text` (a paragraph) to suggestions. The card needs something to
 * accept, so a lint with no suggestion that changes the text is left out, as is one whose span
 * cannot be placed in `text`. The replacement is the first suggestion that changes anything
 * (harper orders them best first). Temporaries harper allocates in wasm (spans, suggestions) are
 * freed here; the lints themselves belong to the caller.
 */
export function lintsToSuggestions(
  lints: readonly LintLike[],
  text: string,
  ruleName: string,
): RawSuggestion[] {
  const suggestions: RawSuggestion[] = [];
  for (const lint of lints) {
    const span = lint.span();
    const { start, end } = span;
    span.free?.();
    const anchored = anchorSpan(text, start, end, lint.get_problem_text());
    if (!anchored) continue;
    const original = text.slice(anchored.start, anchored.end);
    let replacement: string | undefined;
    for (const suggestion of lint.suggestions()) {
      const candidate = replacementFor(suggestion, original);
      suggestion.free?.();
      if (replacement === undefined && candidate !== original) replacement = candidate;
    }
    if (replacement === undefined) continue;
    const kind = lint.lint_kind();
    const category = categoryForLintKind(kind);
    suggestions.push({
      start: anchored.start,
      end: anchored.end,
      original,
      replacement,
      category,
      explanation: plainExplanation(lint.message()),
      rule: localRuleId(ruleName),
      source: 'local',
      // Only dictionary misses can be cured by "Add to dictionary"; one word, no spaces.
      ...(kind === 'Spelling' && !/\s/.test(original) ? { word: original } : {}),
    });
  }
  return suggestions;
}

/** The settings that hide suggestions after linting. */
export type SuggestionFilter = Pick<Settings, 'categories' | 'ignoredRules' | 'dictionary'> &
  Partial<Pick<Settings, 'siteIgnoredRules'>>;

/** "https://mail.example.com:8443" → "mail.example.com": rules ignored on a site are kept by hostname. */
export function hostnameOf(site: string): string {
  return URL.canParse(site) ? new URL(site).hostname.toLowerCase() : site.toLowerCase();
}

/**
 * Drops what the user turned off: categories, ignored rules (everywhere, or on `site`, an origin or
 * hostname), and words in the personal dictionary in any case. Harper's own user dictionary treats a capitalised entry as a proper noun (adding
 * "Zorblax", met at the start of a sentence, still flags "zorblax"); a word the user accepted
 * stays accepted however it is written.
 */
export function filterSuggestions(
  suggestions: readonly RawSuggestion[],
  filter: SuggestionFilter,
  site = '',
): RawSuggestion[] {
  const hostname = hostnameOf(site);
  const ignored = new Set(filter.ignoredRules);
  for (const entry of filter.siteIgnoredRules ?? []) if (entry.site === hostname) ignored.add(entry.rule);
  const words = new Set(filter.dictionary.map((word) => word.toLowerCase()));
  return suggestions.filter(
    (s) =>
      filter.categories[s.category] !== false &&
      !ignored.has(s.rule) &&
      !(s.word !== undefined && words.has(s.word.toLowerCase())),
  );
}
