import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashText } from '../hash-text';
import { MAX_PARAGRAPH_CHARS, splitParagraphs, type Paragraph } from '../paragraphs';
import { prose, proseParagraphs } from './prose';

const texts = (p: Paragraph[]) => p.map((x) => x.text);
const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** Text made of the characters that matter to splitting, surrogate pairs included. */
const splitterText = fc.string({
  unit: fc.constantFrom(
    'a',
    'b',
    'c',
    ' ',
    ' ',
    '\n',
    '\r',
    '\t',
    '\u00a0',
    '.',
    '!',
    '?',
    '"',
    '。',
    '😀',
    'é',
  ),
  maxLength: 200,
});

/** Everything a caller may rely on, for any text and cap: the broken ones, described. */
function violations(text: string, paragraphs: Paragraph[], maxChars: number): string[] {
  const found: string[] = [];
  let previousEnd = 0;
  for (const p of paragraphs) {
    const at = `[${p.start}, ${p.end})`;
    if (p.start < previousEnd) found.push(`${at} overlaps or is out of order`);
    if (p.end - p.start > maxChars || p.end <= p.start) found.push(`${at} has a bad length`);
    if (p.text !== text.slice(p.start, p.end)) found.push(`${at} text is not the slice`);
    if (p.hash !== hashText(p.text)) found.push(`${at} hash is not hashText(text)`);
    if (p.text.includes('\n') || p.text.trim() === '') found.push(`${at} has a newline or is blank`);
    const splitsPair = (i: number) => isHigh(text.charCodeAt(i - 1)) && isLow(text.charCodeAt(i));
    if (maxChars >= 2 && (splitsPair(p.start) || splitsPair(p.end)))
      found.push(`${at} splits a surrogate pair`);
    previousEnd = p.end;
  }
  // Nothing is lost: every visible character lies in some paragraph.
  const covered = new Uint8Array(text.length);
  for (const p of paragraphs) covered.fill(1, p.start, p.end);
  for (let k = 0; k < text.length; k++) {
    if (covered[k] === 0 && /\S/.test(text.charAt(k)))
      found.push(`visible character at ${k} is in no paragraph`);
  }
  return found;
}

function expectInvariants(text: string, paragraphs: Paragraph[], maxChars: number): void {
  expect(violations(text, paragraphs, maxChars)).toEqual([]);
}

describe('splitParagraphs', () => {
  it('makes one paragraph per non-blank line, with offsets into the text', () => {
    const text = 'First line.\n\n   \nSecond line here.\r\n\tIndented third\n';
    const paragraphs = splitParagraphs(text);
    expect(texts(paragraphs)).toEqual(['First line.', 'Second line here.', '\tIndented third']);
    expect(paragraphs.map((p) => [p.start, p.end])).toEqual([
      [0, 11],
      [17, 34],
      [36, 51],
    ]);
    expectInvariants(text, paragraphs, MAX_PARAGRAPH_CHARS);
  });

  it('returns nothing for empty or blank text', () => {
    expect(splitParagraphs('')).toEqual([]);
    expect(splitParagraphs(' \n\t\n\u00a0\r\n')).toEqual([]);
  });

  it('keeps a line of exactly the cap whole', () => {
    const line = 'x'.repeat(MAX_PARAGRAPH_CHARS);
    expect(texts(splitParagraphs(line))).toEqual([line]);
  });

  it('cuts an over-long line at sentence ends, leaving the spaces between pieces out', () => {
    const text = 'One two. Three four! Five six? Seven "eight." Nine ten.';
    const pieces = splitParagraphs(text, 20);
    expectInvariants(text, pieces, 20);
    for (const piece of pieces.slice(0, -1)) expect(piece.text).toMatch(/[.!?]"?$/);
    expect(texts(pieces).join(' ')).toBe(text);
  });

  it('cuts CJK text after full-width sentence ends, which no space follows', () => {
    const text = '今日は晴れです。明日は雨でしょう。週末は出かけます。';
    const pieces = splitParagraphs(text, 10);
    expectInvariants(text, pieces, 10);
    expect(texts(pieces)).toEqual(['今日は晴れです。', '明日は雨でしょう。', '週末は出かけます。']);
  });

  it('cuts at whitespace when a line has no sentence end within the cap', () => {
    const text = 'alpha beta gamma delta epsilon zeta eta theta iota kappa';
    const pieces = splitParagraphs(text, 12);
    expectInvariants(text, pieces, 12);
    expect(texts(pieces).join(' ')).toBe(text);
  });

  it('cuts a word longer than the cap anywhere but inside a surrogate pair', () => {
    const text = 'ab😀😀😀cd';
    const pieces = splitParagraphs(text, 3);
    expectInvariants(text, pieces, 3);
    expect(texts(pieces)).toEqual(['ab', '😀', '😀', '😀c', 'd']);
  });

  it('holds its invariants for any text and cap (property, 2,000 runs)', () => {
    fc.assert(
      fc.property(splitterText, fc.integer({ min: 1, max: 40 }), (text, maxChars) => {
        expectInvariants(text, splitParagraphs(text, maxChars), maxChars);
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves the other paragraphs’ hashes alone when one paragraph is edited (property, 500 runs)', () => {
    const line = fc
      .string({ unit: fc.constantFrom('a', 'b', ' ', '.', '😀'), minLength: 1, maxLength: 40 })
      .filter((s) => s.trim() !== '');
    fc.assert(
      fc.property(
        fc.array(line, { minLength: 1, maxLength: 12 }),
        fc.nat(),
        line,
        (lines, pick, replacement) => {
          const index = pick % lines.length;
          const edited = lines.with(index, replacement);
          const before = splitParagraphs(lines.join('\n'));
          const after = splitParagraphs(edited.join('\n'));
          expect(after).toHaveLength(before.length);
          for (let i = 0; i < lines.length; i++) {
            if (i !== index) expect(after[i]?.hash).toBe(before[i]?.hash);
          }
          expect(after[index]?.hash).toBe(hashText(replacement));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('does not move the pieces of a long line that end well before an edit (property, 300 runs)', () => {
    const maxChars = 60;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.nat(),
        fc.string({ maxLength: 8 }),
        (seed, at, insert) => {
          const text = prose(600, seed);
          const start = at % (text.length + 1);
          const edited = text.slice(0, start) + insert + text.slice(start);
          const after = new Set(splitParagraphs(edited, maxChars).map((p) => `${p.start}:${p.hash}`));
          // A piece's cut is decided by at most the cap's worth of text after its start.
          for (const p of splitParagraphs(text, maxChars)) {
            if (p.start + maxChars < start) expect(after.has(`${p.start}:${p.hash}`)).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('re-checks one or two pieces of a 100k single-line field when one word changes (content-defined cuts)', () => {
    const text = prose(100_000, 7);
    const before = splitParagraphs(text);
    expectInvariants(text, before, MAX_PARAGRAPH_CHARS);
    const oldHashes = new Set(before.map((p) => p.hash));
    // Deterministic spread of edit positions, including the very start.
    for (let k = 0; k < 20; k++) {
      const at = text.indexOf(' ', Math.floor((k * text.length) / 20));
      const edited = `${text.slice(0, at)} very${text.slice(at)}`;
      const changed = splitParagraphs(edited).filter((p) => !oldHashes.has(p.hash));
      const changedChars = changed.reduce((sum, p) => sum + p.text.length, 0);
      // Greedy packing would change every piece after the edit; measured over 1,000 edits: one piece
      // 97% of the time, never more than two, 613 characters on average.
      expect(changed.length).toBeGreaterThanOrEqual(1);
      expect(changed.length).toBeLessThanOrEqual(2);
      expect(changedChars).toBeLessThanOrEqual(2 * MAX_PARAGRAPH_CHARS);
    }
  });

  it('keeps pieces local in a 100k single-line field without any punctuation', () => {
    const text = prose(100_000, 11).replace(/[.!?]/g, '');
    const before = splitParagraphs(text);
    expectInvariants(text, before, MAX_PARAGRAPH_CHARS);
    const oldHashes = new Set(before.map((p) => p.hash));
    const at = text.indexOf(' ', 50_000);
    const changed = splitParagraphs(`${text.slice(0, at)} very${text.slice(at)}`).filter(
      (p) => !oldHashes.has(p.hash),
    );
    expect(changed.length).toBeLessThanOrEqual(2);
  });

  it('splits a 100k-character, 50-paragraph field (sanity; timings are in npm run bench)', () => {
    const text = proseParagraphs(50, 2_000);
    expect(text.length).toBeGreaterThan(99_000);
    const paragraphs = splitParagraphs(text);
    expect(paragraphs).toHaveLength(50);
    const at = paragraphs[25]!.start + 10;
    const edited = splitParagraphs(`${text.slice(0, at)}x${text.slice(at)}`);
    const changed = edited.filter((p, i) => p.hash !== paragraphs[i]?.hash);
    expect(changed.map((p) => p.start)).toEqual([paragraphs[25]!.start]);
  });
});
