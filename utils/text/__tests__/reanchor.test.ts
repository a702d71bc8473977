import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anchorAll, reanchor } from '../reanchor';

describe('reanchor', () => {
  it('finds the occurrence nearest to the hint', () => {
    const text = 'go home, go now, go';
    expect(reanchor(text, 'go', 12)).toEqual({ start: 9, end: 11 });
    expect(reanchor(text, 'go', 0)).toEqual({ start: 0, end: 2 });
    expect(reanchor(text, 'go', 100)).toEqual({ start: 17, end: 19 });
  });

  it('breaks a tie towards the earlier occurrence', () => {
    expect(reanchor('ab ab', 'ab', 1.5)).toEqual({ start: 0, end: 2 });
  });

  it('only looks at or after `from`', () => {
    expect(reanchor('go home, go now', 'go', 0, 1)).toEqual({ start: 9, end: 11 });
    expect(reanchor('go home', 'go', 0, 1)).toBeNull();
  });

  it('prefers whole words: "he" is not placed inside "the"', () => {
    expect(reanchor('the cat and he', 'he', 0)).toEqual({ start: 12, end: 14 });
    expect(reanchor('le café et les cafés', 'café', 19)).toEqual({ start: 3, end: 7 });
    expect(reanchor("it's here, it is", 'it', 0)).toEqual({ start: 11, end: 13 });
    expect(reanchor("don't go, don", 'don', 0)).toEqual({ start: 10, end: 13 });
  });

  it('falls back to a match inside a word when there is no other', () => {
    expect(reanchor('I recieve mail', 'ie', 0)).toEqual({ start: 5, end: 7 });
    expect(reanchor('the other', 'he', 8)).toEqual({ start: 6, end: 8 });
  });

  it('needs no boundary around punctuation or emoji', () => {
    expect(reanchor('Wait,, what?', ',,', 0)).toEqual({ start: 4, end: 6 });
    expect(reanchor('a😀b 😀', '😀', 6)).toEqual({ start: 5, end: 7 });
  });

  it('returns null for an empty or absent original', () => {
    expect(reanchor('anything', '', 0)).toBeNull();
    expect(reanchor('anything', 'nothing', 0)).toBeNull();
  });

  // An independent oracle over ASCII, where "word character" is /\w/ and an apostrophe between
  // word characters belongs to the word.
  const isWord = (c: string | undefined) => c !== undefined && /\w/.test(c);
  const wordBefore = (t: string, i: number) => isWord(t[i - 1]) || (t[i - 1] === "'" && isWord(t[i - 2]));
  const wordAt = (t: string, i: number) => isWord(t[i]) || (t[i] === "'" && isWord(t[i + 1]));
  function oracle(text: string, original: string, near: number, from: number) {
    if (original === '') return null;
    const all: number[] = [];
    for (let i = from; i + original.length <= text.length; i++) if (text.startsWith(original, i)) all.push(i);
    const startsWord = isWord(original[0]);
    const endsWord = isWord(original[original.length - 1]);
    const onBoundary = all.filter(
      (i) => (!startsWord || !wordBefore(text, i)) && (!endsWord || !wordAt(text, i + original.length)),
    );
    const pool = (startsWord || endsWord) && onBoundary.length > 0 ? onBoundary : all;
    let best: number | undefined;
    for (const i of pool) if (best === undefined || Math.abs(i - near) < Math.abs(best - near)) best = i;
    return best === undefined ? null : { start: best, end: best + original.length };
  }

  const ascii = fc.string({ unit: fc.constantFrom('t', 'h', 'e', ' ', "'", '.', '_'), maxLength: 40 });

  it('agrees with a brute-force oracle and only returns exact matches (property, 2,000 runs)', () => {
    fc.assert(
      fc.property(ascii, fc.nat(), fc.nat(), fc.nat(), fc.nat(), (text, a, b, near, from) => {
        const start = Math.min(a, b) % (text.length + 1);
        const end = Math.max(a, b) % (text.length + 1);
        const original = text.slice(start, Math.max(start, end)) || 'he';
        const span = reanchor(text, original, near % 50, from % 45);
        expect(span).toEqual(oracle(text, original, near % 50, from % 45));
        if (span !== null) expect(text.slice(span.start, span.end)).toBe(original);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('anchorAll', () => {
  it('maps repeated originals to successive occurrences', () => {
    const text = 'I go and you go and they go';
    expect(anchorAll(text, [{ original: 'go' }, { original: 'go' }, { original: 'go' }])).toEqual([
      { start: 2, end: 4 },
      { start: 13, end: 15 },
      { start: 25, end: 27 },
    ]);
  });

  it('anchors items in the order the model listed them', () => {
    const text = 'Their going to there house.';
    expect(anchorAll(text, [{ original: 'Their' }, { original: 'there' }])).toEqual([
      { start: 0, end: 5 },
      { start: 15, end: 20 },
    ]);
  });

  it('still anchors an item listed out of order, nearest to where the previous one stood', () => {
    const text = 'alpha beta gamma';
    expect(anchorAll(text, [{ original: 'gamma' }, { original: 'alpha' }, { original: 'beta' }])).toEqual([
      { start: 11, end: 16 },
      { start: 0, end: 5 },
      { start: 6, end: 10 },
    ]);
  });

  it('returns null for items that do not occur, without disturbing the others', () => {
    const text = 'one two one';
    expect(anchorAll(text, [{ original: 'one' }, { original: 'three' }, { original: 'one' }])).toEqual([
      { start: 0, end: 3 },
      null,
      { start: 8, end: 11 },
    ]);
  });

  it('returns spans where the original stands exactly, null only when it does not occur (property, 1,000 runs)', () => {
    const unit = fc.constantFrom('a', 'b', ' ', '😀', 'é');
    const item = fc.string({ unit, maxLength: 4 }).map((original) => ({ original }));
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 40 }), fc.array(item, { maxLength: 8 }), (text, items) => {
        const spans = anchorAll(text, items);
        expect(spans).toHaveLength(items.length);
        spans.forEach((span, i) => {
          const original = items[i]!.original;
          if (span === null) expect(original === '' || !text.includes(original)).toBe(true);
          else expect(text.slice(span.start, span.end)).toBe(original);
        });
      }),
      { numRuns: 1000 },
    );
  });
});
