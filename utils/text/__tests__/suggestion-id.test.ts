import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { suggestionId } from '../suggestion-id';

describe('suggestionId', () => {
  it('is stable for the same inputs and short enough for an attribute', () => {
    const id = suggestionId('k3j2h1', 12, 'local:Spelling', 'receive');
    expect(suggestionId('k3j2h1', 12, 'local:Spelling', 'receive')).toBe(id);
    expect(id).toMatch(/^s[0-9a-z]{11}$/);
  });

  it('changes with each input, and fields cannot run into each other', () => {
    const id = suggestionId('abc', 1, 'llm:grammar', 'goes');
    expect(suggestionId('abd', 1, 'llm:grammar', 'goes')).not.toBe(id);
    expect(suggestionId('abc', 2, 'llm:grammar', 'goes')).not.toBe(id);
    expect(suggestionId('abc', 1, 'llm:style', 'goes')).not.toBe(id);
    expect(suggestionId('abc', 1, 'llm:grammar', 'go')).not.toBe(id);
    expect(suggestionId('ab', 1, 'c', 'd')).not.toBe(suggestionId('a', 1, 'bc', 'd'));
  });

  it('gives distinct ids to distinct suggestions of a paragraph (property, 200 runs)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(fc.nat({ max: 2000 }), fc.string({ maxLength: 6 })), {
          selector: ([offset, replacement]) => `${offset}\u0000${replacement}`,
        }),
        (items) => {
          const ids = items.map(([offset, replacement]) =>
            suggestionId('p', offset, 'llm:grammar', replacement),
          );
          expect(new Set(ids).size).toBe(ids.length);
        },
      ),
      { numRuns: 200 },
    );
  });
});
