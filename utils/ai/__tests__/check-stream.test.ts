import { describe, expect, it } from 'vitest';
import { CheckItemStream } from '../check-stream';
import { MAX_ITEMS, parseCheckReply } from '../check-reply';

const item = (original: string, replacement: string) => ({
  original,
  replacement,
  category: 'spelling',
  explanation: `“${original}” → “${replacement}” {not a brace that ends anything}`,
});
const reply = (items: unknown[]) => JSON.stringify({ suggestions: items }, null, 1);

/** Feeds `text` in pieces of `size`; records after which piece each item came out. */
function feed(text: string, size: number) {
  const stream = new CheckItemStream();
  const seen: { at: number; original: string }[] = [];
  for (let at = 0; at < text.length; at += size) {
    for (const done of stream.push(text.slice(at, at + size)))
      seen.push({ at: at + size, original: done.original });
  }
  return { stream, seen };
}

describe('CheckItemStream', () => {
  it('gives each suggestion the moment its object closes, never before, whatever the piece size', () => {
    const text = reply([item('teh', 'the'), item('alot', 'a lot'), item('recieve', 'receive')]);
    for (const size of [1, 3, 7, 64]) {
      const { stream, seen } = feed(text, size);
      expect(seen.map((s) => s.original)).toEqual(['teh', 'alot', 'recieve']);
      for (const [i, s] of seen.entries()) {
        // The object's closing brace is in the piece that released it.
        const close = nthObjectEnd(text, i);
        expect(s.at).toBeGreaterThan(close);
        expect(s.at - size).toBeLessThanOrEqual(close);
      }
      // The same items the whole-reply parser finds.
      const whole = parseCheckReply(text);
      expect(whole.ok && whole.items).toEqual(stream.items);
    }
  });

  it('skips a reasoning section and a code fence before the JSON', () => {
    const text = `<think>The user wrote {teh}. Fix it.</think>\n\`\`\`json\n${reply([item('teh', 'the')])}\n\`\`\``;
    expect(feed(text, 5).seen.map((s) => s.original)).toEqual(['teh']);
  });

  it('drops items that fail the schema and keeps going', () => {
    const text = reply([
      { original: '', replacement: 'x', category: 'spelling', explanation: '' },
      item('teh', 'the'),
    ]);
    expect(feed(text, 4).seen.map((s) => s.original)).toEqual(['teh']);
  });

  it('stops showing early on a reply it cannot follow, without throwing', () => {
    const text = `{"suggestions": [${JSON.stringify(item('teh', 'the'))}, {"original": nope}, ${JSON.stringify(item('alot', 'a lot'))}]}`;
    expect(feed(text, 3).seen.map((s) => s.original)).toEqual(['teh']);
    expect(feed('Sorry, I cannot help with that.', 2).seen).toEqual([]);
  });

  it(`gives at most ${MAX_ITEMS} items, as the whole-reply parser does`, () => {
    const many = Array.from({ length: MAX_ITEMS + 5 }, (_, i) => item(`w${i}`, `x${i}`));
    expect(feed(reply(many), 50).stream.items).toHaveLength(MAX_ITEMS);
  });
});

/** Index of the `}` that closes the i-th object of the suggestions array. */
function nthObjectEnd(text: string, i: number): number {
  let depth = 0;
  let found = -1;
  let inString = false;
  for (let at = 0; at < text.length; at++) {
    const ch = text[at];
    if (inString) {
      if (ch === '\\') at++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{') depth++;
    else if (ch === '}') {
      depth--;
      if (depth === 1 && ++found === i) return at;
    }
  }
  return -1;
}
