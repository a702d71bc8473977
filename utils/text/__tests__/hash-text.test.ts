import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashRange, hashText } from '../hash-text';

/** cyrb53 as published (bryc/code, public domain), with V8's own base-36 conversion, zero-padded. */
function reference(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36).padStart(11, '0');
}

const anyUtf16 = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) });

describe('hashText', () => {
  it('is cyrb53 in 11 base-36 digits (property, 1,000 runs)', () => {
    fc.assert(
      fc.property(anyUtf16, (text) => {
        expect(hashText(text)).toBe(reference(text));
      }),
      { numRuns: 1000 },
    );
  });

  it('hashes a range like the slice it covers (property, 500 runs)', () => {
    fc.assert(
      fc.property(anyUtf16, fc.nat(), fc.nat(), (text, a, b) => {
        const start = Math.min(a, b) % (text.length + 1);
        const end = Math.max(start, Math.max(a, b) % (text.length + 1));
        expect(hashRange(text, start, end)).toBe(hashText(text.slice(start, end)));
      }),
      { numRuns: 500 },
    );
  });

  it('is short, deterministic and spreads near-identical inputs', () => {
    expect(hashText('')).toBe(reference(''));
    expect(hashText('Hello world')).toBe(hashText('Hello world'));
    expect(hashText('Hello world')).toMatch(/^[0-9a-z]{11}$/);
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) seen.add(hashText(`paragraph ${i}`));
    expect(seen.size).toBe(20_000);
    expect(hashText('a'.repeat(100))).not.toBe(hashText('a'.repeat(99) + 'b'));
  });
});
