import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEdit, diffText, type TextEdit } from '../diff';
import { proseParagraphs } from './prose';

const anyUtf16 = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) });
/** Repetitive text with an edit somewhere: repeats make prefix and suffix compete, length crosses block sizes. */
const editedPair = fc
  .record({
    chunk: fc.string({ unit: fc.constantFrom('a', 'b', ' ', '😀'), minLength: 1, maxLength: 6 }),
    repeat: fc.integer({ min: 0, max: 900 }),
    at: fc.nat(),
    removed: fc.nat({ max: 12 }),
    insertion: fc.string({ unit: fc.constantFrom('a', 'b', ' ', '😀'), maxLength: 6 }),
  })
  .map(({ chunk, repeat, at, removed, insertion }) => {
    const before = chunk.repeat(repeat);
    const start = at % (before.length + 1);
    const remove = Math.min(removed, before.length - start);
    return { before, after: before.slice(0, start) + insertion + before.slice(start + remove) };
  });

function naiveDiff(before: string, after: string): TextEdit {
  const shorter = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < shorter && before[prefix] === after[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < shorter - prefix &&
    before[before.length - 1 - suffix] === after[after.length - 1 - suffix]
  ) {
    suffix++;
  }
  return {
    start: prefix,
    removed: before.length - prefix - suffix,
    inserted: after.length - prefix - suffix,
  };
}

function expectDiff(before: string, after: string): void {
  const edit = diffText(before, after);
  expect(edit).toEqual(naiveDiff(before, after));
  expect(applyEdit(before, edit, after.slice(edit.start, edit.start + edit.inserted))).toBe(after);
}

describe('diffText', () => {
  it('finds an insertion, a deletion and a replacement', () => {
    expect(diffText('I go home', 'I goes home')).toEqual({ start: 4, removed: 0, inserted: 2 });
    expect(diffText('I goes home', 'I go home')).toEqual({ start: 4, removed: 2, inserted: 0 });
    expect(diffText('the cat sat', 'the dog sat')).toEqual({ start: 4, removed: 3, inserted: 3 });
  });

  it('reports equal texts as an empty edit at the end', () => {
    expect(diffText('same', 'same')).toEqual({ start: 4, removed: 0, inserted: 0 });
    expect(diffText('', '')).toEqual({ start: 0, removed: 0, inserted: 0 });
  });

  it('never lets the suffix overlap the prefix in repeated text', () => {
    expect(diffText('aa', 'aaa')).toEqual({ start: 2, removed: 0, inserted: 1 });
    expect(diffText('aaa', 'a')).toEqual({ start: 1, removed: 2, inserted: 0 });
    expect(diffText('', 'abc')).toEqual({ start: 0, removed: 0, inserted: 3 });
  });

  it('is the minimal splice that rebuilds the new text (property, 1,000 runs on any UTF-16)', () => {
    fc.assert(
      fc.property(anyUtf16, anyUtf16, (before, after) => expectDiff(before, after)),
      { numRuns: 1000 },
    );
  });

  it('is the minimal splice for small edits in long repetitive text (property, 500 runs)', () => {
    fc.assert(
      fc.property(editedPair, ({ before, after }) => expectDiff(before, after)),
      { numRuns: 500 },
    );
  });

  it('diffs a 100k-character field (sanity; timings are in npm run bench)', () => {
    const before = proseParagraphs(50, 2_000);
    const at = before.length >> 1;
    expect(diffText(before, `${before.slice(0, at)}x${before.slice(at)}`)).toEqual({
      start: at,
      removed: 0,
      inserted: 1,
    });
    expectDiff(before, `${before.slice(0, 10)}${before.slice(-10)}`);
  });
});

describe('applyEdit', () => {
  it('refuses an insertion of the wrong length or an edit outside the text', () => {
    expect(() => applyEdit('abc', { start: 1, removed: 1, inserted: 2 }, 'x')).toThrow(RangeError);
    expect(() => applyEdit('abc', { start: 2, removed: 2, inserted: 0 }, '')).toThrow(RangeError);
  });
});
