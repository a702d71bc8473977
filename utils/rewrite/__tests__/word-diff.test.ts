import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { wordDiff, type DiffPart } from '../word-diff';

const side = (parts: DiffPart[], kind: 'removed' | 'added') =>
  parts
    .filter((p) => p.kind === 'same' || p.kind === kind)
    .map((p) => p.text)
    .join('');

describe('wordDiff', () => {
  it('marks whole words that changed', () => {
    expect(wordDiff('He go to school', 'He goes to school')).toEqual([
      { kind: 'same', text: 'He ' },
      { kind: 'removed', text: 'go' },
      { kind: 'added', text: 'goes' },
      { kind: 'same', text: ' to school' },
    ]);
  });

  it('keeps unchanged text in the middle of several edits', () => {
    const parts = wordDiff(
      'hey can u send me the report by friday',
      'Hey, can you send me the report by Friday?',
    );
    expect(parts.filter((p) => p.kind === 'same').map((p) => p.text.trim())).toContain(
      'send me the report by',
    );
    expect(parts.find((p) => p.kind === 'removed' && p.text === 'u')).toBeDefined();
  });

  it('gives everything as one part when nothing or everything changed', () => {
    expect(wordDiff('same text', 'same text')).toEqual([{ kind: 'same', text: 'same text' }]);
    expect(wordDiff('', 'new')).toEqual([{ kind: 'added', text: 'new' }]);
    expect(wordDiff('old', '')).toEqual([{ kind: 'removed', text: 'old' }]);
  });

  it('rebuilds both texts from its parts', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), fc.string({ maxLength: 120 }), (a, b) => {
        const parts = wordDiff(a, b);
        expect(side(parts, 'removed')).toBe(a);
        expect(side(parts, 'added')).toBe(b);
      }),
    );
  });

  it('stays bounded on long texts', () => {
    const a = Array.from({ length: 3000 }, (_, i) => `w${i}`).join(' ');
    const b = Array.from({ length: 3000 }, (_, i) => `v${i}`).join(' ');
    const parts = wordDiff(a, b);
    expect(side(parts, 'removed')).toBe(a);
    expect(side(parts, 'added')).toBe(b);
  });
});
