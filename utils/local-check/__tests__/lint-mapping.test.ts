import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SuggestionKind } from 'harper.js';
import { DEFAULT_SETTINGS } from '../../settings';
import type { RawSuggestion } from '../../text/types';
import {
  anchorSpan,
  categoryForLintKind,
  filterSuggestions,
  lintsToSuggestions,
  plainExplanation,
  type LintLike,
} from '../lint-mapping';

/** A lint shaped like harper's, for cases a real linter will not produce on demand. */
function fakeLint(
  start: number,
  end: number,
  problem: string,
  suggestions: [SuggestionKind, string][],
  kind = 'Miscellaneous',
  message = 'Message.',
): LintLike {
  return {
    span: () => ({ start, end }),
    lint_kind: () => kind,
    message: () => message,
    get_problem_text: () => problem,
    suggestions: () => suggestions.map(([k, text]) => ({ kind: () => k, get_replacement_text: () => text })),
  };
}

describe('lintsToSuggestions', () => {
  it('anchors on the flagged text and takes the first suggestion as the replacement', () => {
    const text = 'This is a example.';
    const [s] = lintsToSuggestions(
      [
        fakeLint(
          8,
          9,
          'a',
          [[SuggestionKind.Replace, 'an']],
          'Miscellaneous',
          'Incorrect indefinite article.',
        ),
      ],
      text,
      'AnA',
    );
    expect(s).toEqual({
      start: 8,
      end: 9,
      original: 'a',
      replacement: 'an',
      category: 'grammar',
      explanation: 'Incorrect indefinite article.',
      rule: 'local:AnA',
      source: 'local',
    });
  });

  it('turns a removal into an empty replacement and an insertion into original + inserted text', () => {
    const text = 'Wait , what';
    const [removal] = lintsToSuggestions(
      [fakeLint(4, 5, ' ', [[SuggestionKind.Remove, '']])],
      text,
      'CommaFixes',
    );
    expect(removal).toMatchObject({ original: ' ', replacement: '' });
    const [insertion] = lintsToSuggestions(
      [fakeLint(7, 11, 'what', [[SuggestionKind.InsertAfter, '?']])],
      text,
      'X',
    );
    expect(insertion).toMatchObject({ original: 'what', replacement: 'what?' });
  });

  it('skips lints with nothing to accept, but uses a later suggestion when the first changes nothing', () => {
    const text = 'Some words here';
    expect(lintsToSuggestions([fakeLint(0, 4, 'Some', [])], text, 'X')).toEqual([]);
    expect(
      lintsToSuggestions([fakeLint(0, 4, 'Some', [[SuggestionKind.Replace, 'Some']])], text, 'X'),
    ).toEqual([]);
    const [s] = lintsToSuggestions(
      [
        fakeLint(0, 4, 'Some', [
          [SuggestionKind.Replace, 'Some'],
          [SuggestionKind.Replace, 'Several'],
        ]),
      ],
      text,
      'X',
    );
    expect(s?.replacement).toBe('Several');
  });

  it('offers the flagged word to the dictionary only for spelling lints', () => {
    const text = 'I recieve teh mail';
    const [spelling, typo] = lintsToSuggestions(
      [
        fakeLint(2, 9, 'recieve', [[SuggestionKind.Replace, 'receive']], 'Spelling'),
        fakeLint(10, 13, 'teh', [[SuggestionKind.Replace, 'the']], 'Typo'),
      ],
      text,
      'SpellCheck',
    );
    expect(spelling).toMatchObject({ category: 'spelling', word: 'recieve' });
    expect(typo).toMatchObject({ category: 'spelling' });
    expect(typo).not.toHaveProperty('word');
  });

  it('reads code-point spans as such, and drops a lint whose text is not in the paragraph', () => {
    // Harper's core counts chars (code points); 2.10's JS binding hands out UTF-16 offsets. Either way
    // the suggestion must land on the right text, emoji or not.
    const text = '😀😀 a apple';
    const [s] = lintsToSuggestions([fakeLint(3, 4, 'a', [[SuggestionKind.Replace, 'an']])], text, 'AnA');
    expect(s).toMatchObject({ start: 5, end: 6, original: 'a' });
    expect(lintsToSuggestions([fakeLint(3, 8, 'xyzzy', [[SuggestionKind.Replace, 'x']])], text, 'X')).toEqual(
      [],
    );
  });
});

describe('anchorSpan', () => {
  it('keeps an exact span, else finds the nearest occurrence of the problem text', () => {
    expect(anchorSpan('the cat the cat', 12, 15, 'cat')).toEqual({ start: 12, end: 15 });
    expect(anchorSpan('the cat the cat', 11, 14, 'cat')).toEqual({ start: 12, end: 15 });
    expect(anchorSpan('the cat the cat', 5, 8, 'cat')).toEqual({ start: 4, end: 7 });
    expect(anchorSpan('abc', 1, 1, '')).toBeNull();
  });

  it('maps any code-point span onto the same text in UTF-16 offsets', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), fc.nat(), fc.nat(), (text, a, b) => {
        const points = [...text];
        const from = Math.min(a, b) % (points.length + 1);
        const to = Math.min(points.length, from + 1 + (Math.max(a, b) % 5));
        const problem = points.slice(from, to).join('');
        fc.pre(problem !== '');
        const span = anchorSpan(text, from, to, problem);
        expect(span).not.toBeNull();
        expect(text.slice(span!.start, span!.end)).toBe(problem);
      }),
    );
  });
});

describe('categoryForLintKind', () => {
  it.each([
    ['Spelling', 'spelling'],
    ['Typo', 'spelling'],
    ['Punctuation', 'punctuation'],
    ['Formatting', 'punctuation'],
    ['Capitalization', 'grammar'],
    ['Agreement', 'grammar'],
    ['Repetition', 'grammar'],
    ['WordChoice', 'grammar'],
    ['BoundaryError', 'grammar'],
    ['Readability', 'clarity'],
    ['Redundancy', 'clarity'],
    ['Style', 'style'],
    ['Enhancement', 'style'],
    ['Usage', 'style'],
    ['SomethingNew', 'grammar'],
  ])('%s → %s', (kind, category) => {
    expect(categoryForLintKind(kind)).toBe(category);
  });
});

it('plainExplanation turns Markdown code marks into quotes', () => {
  expect(plainExplanation('Did you mean to spell `recieve` this way?')).toBe(
    'Did you mean to spell “recieve” this way?',
  );
});

describe('filterSuggestions', () => {
  const base: RawSuggestion = {
    start: 0,
    end: 1,
    original: 'a',
    replacement: 'an',
    category: 'grammar',
    explanation: '',
    rule: 'local:AnA',
    source: 'local',
  };
  const spelling: RawSuggestion = {
    ...base,
    category: 'spelling',
    rule: 'local:SpellCheck',
    word: 'Redline',
  };

  it('hides switched-off categories, ignored rules and dictionary words (any case)', () => {
    const all = [base, spelling];
    expect(filterSuggestions(all, DEFAULT_SETTINGS)).toEqual(all);
    expect(
      filterSuggestions(all, {
        ...DEFAULT_SETTINGS,
        categories: { ...DEFAULT_SETTINGS.categories, grammar: false },
      }),
    ).toEqual([spelling]);
    expect(filterSuggestions(all, { ...DEFAULT_SETTINGS, ignoredRules: ['local:AnA'] })).toEqual([spelling]);
    expect(filterSuggestions(all, { ...DEFAULT_SETTINGS, dictionary: ['redline'] })).toEqual([base]);
  });
});
