import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { suggestionId } from '../suggestion-id';

describe('suggestionId', () => {
  it('is stable for the same inputs and short enough for an attribute', () => {
    const id = suggestionId('k3j2h1', 12, 20, 'receive');
    expect(suggestionId('k3j2h1', 12, 20, 'receive')).toBe(id);
    expect(id).toMatch(/^s[0-9a-z]{11}$/);
  });

  it('changes with each input, and fields cannot run into each other', () => {
    const id = suggestionId('abc', 1, 3, 'goes');
    expect(suggestionId('abd', 1, 3, 'goes')).not.toBe(id);
    expect(suggestionId('abc', 2, 3, 'goes')).not.toBe(id);
    expect(suggestionId('abc', 1, 4, 'goes')).not.toBe(id);
    expect(suggestionId('abc', 1, 3, 'go')).not.toBe(id);
    expect(suggestionId('ab', 1, 2, 'cd')).not.toBe(suggestionId('a', 1, 2, 'bcd'));
  });

  it('is the same whichever checker made the fix: one fix on one text, one id', () => {
    // The local checker's "recieved → received" and the model's are one underline, one card.
    expect(suggestionId('p', 2, 10, 'received')).toBe(suggestionId('p', 2, 10, 'received'));
  });

  it('gives distinct ids to distinct suggestions of a paragraph (property, 200 runs)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(fc.nat({ max: 2000 }), fc.nat({ max: 20 }), fc.string({ maxLength: 6 })), {
          selector: ([offset, length, replacement]) => `${offset}\u0000${length}\u0000${replacement}`,
        }),
        (items) => {
          const ids = items.map(([offset, length, replacement]) =>
            suggestionId('p', offset, offset + length, replacement),
          );
          expect(new Set(ids).size).toBe(ids.length);
        },
      ),
      { numRuns: 200 },
    );
  });
});
