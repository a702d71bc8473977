import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyReview, describeChange, reviewChanges, reviewParts } from '../review';

const ORIGINAL = 'hey can u send me the report by friday';
const RESULT = 'Hey, can you send me the report by Friday?';

describe('reviewParts', () => {
  it('lists each edit once, in reading order, with the text around it', () => {
    expect(reviewParts(ORIGINAL, RESULT)).toEqual([
      { kind: 'change', index: 0, removed: 'hey', added: 'Hey,' },
      { kind: 'same', text: ' can ' },
      { kind: 'change', index: 1, removed: 'u', added: 'you' },
      { kind: 'same', text: ' send me the report by ' },
      { kind: 'change', index: 2, removed: 'friday', added: 'Friday?' },
    ]);
  });

  it('joins edits only a space apart into one phrase', () => {
    const changes = reviewChanges(reviewParts('the quick brown fox', 'a fast brown fox'));
    expect(changes).toEqual([{ kind: 'change', index: 0, removed: 'the quick', added: 'a fast' }]);
  });

  it('keeps edits in separate lines apart', () => {
    expect(reviewChanges(reviewParts('one\ntwo', 'One\nTwo'))).toHaveLength(2);
  });

  it('has pure insertions and deletions', () => {
    const changes = reviewChanges(reviewParts('send the report', 'please send the final report'));
    expect(changes.map(describeChange)).toEqual(['insert “please”', 'insert “final”']);
    expect(describeChange({ removed: 'very ', added: '' })).toBe('delete “very”');
  });

  it('has no changes for the same text', () => {
    expect(reviewChanges(reviewParts(ORIGINAL, ORIGINAL))).toEqual([]);
  });
});

describe('applyReview', () => {
  const parts = reviewParts(ORIGINAL, RESULT);

  it('applies every change that is not rejected', () => {
    expect(applyReview(parts, [])).toBe(RESULT);
    expect(applyReview(parts, [1])).toBe('Hey, can u send me the report by Friday?');
    expect(applyReview(parts, [0, 2])).toBe('hey can you send me the report by friday');
    expect(applyReview(parts, [0, 1, 2])).toBe(ORIGINAL);
  });

  it('gives the result with nothing rejected and the original with everything rejected, for any texts', () => {
    const text = fc.array(fc.constantFrom('a', 'b', 'the', ' ', '  ', '\n', ',', 'é', 'x y'), {
      maxLength: 30,
    });
    fc.assert(
      fc.property(text, text, (a, b) => {
        const before = a.join('');
        const after = b.join('');
        const review = reviewParts(before, after);
        const all = reviewChanges(review).map((change) => change.index);
        expect(applyReview(review, [])).toBe(after);
        expect(applyReview(review, all)).toBe(before);
      }),
    );
  });
});
