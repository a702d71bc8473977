import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEdit, diffText, type TextEdit } from '../diff';
import { remapSpan, remapSuggestion } from '../remap';

const span = (start: number, end: number) => ({ start, end });
const edit = (start: number, removed: number, inserted: number): TextEdit => ({ start, removed, inserted });

describe('remapSpan', () => {
  const s = span(10, 15);

  it('keeps a span when the edit is after it, or an insertion right at its end', () => {
    expect(remapSpan(s, edit(20, 3, 1))).toBe(s);
    expect(remapSpan(s, edit(15, 2, 0))).toBe(s);
    expect(remapSpan(s, edit(15, 0, 4))).toBe(s);
  });

  it('shifts a span when the edit is before it, or an insertion right at its start', () => {
    expect(remapSpan(s, edit(2, 0, 3))).toEqual(span(13, 18));
    expect(remapSpan(s, edit(2, 5, 1))).toEqual(span(6, 11));
    expect(remapSpan(s, edit(8, 2, 0))).toEqual(span(8, 13));
    expect(remapSpan(s, edit(10, 0, 2))).toEqual(span(12, 17));
    expect(remapSpan(s, edit(2, 3, 3))).toBe(s);
  });

  it('drops a span the edit touches', () => {
    expect(remapSpan(s, edit(12, 0, 1))).toBeNull(); // typing inside
    expect(remapSpan(s, edit(14, 2, 0))).toBeNull(); // deleting across the end
    expect(remapSpan(s, edit(8, 3, 0))).toBeNull(); // deleting across the start
    expect(remapSpan(s, edit(10, 5, 5))).toBeNull(); // replacing it
    expect(remapSpan(s, edit(5, 20, 0))).toBeNull(); // deleting around it
  });

  it('keeps any span through an empty edit', () => {
    expect(remapSpan(s, diffText('same', 'same'))).toBe(s);
    expect(remapSpan(s, edit(12, 0, 0))).toBe(s);
  });
});

describe('remapSuggestion', () => {
  const text = 'She go to school every day.';
  const suggestion = { start: 4, end: 6, original: 'go', replacement: 'goes', id: 'x' };

  it('moves a suggestion through an edit before it and keeps its other fields', () => {
    const newText = `Then she${text.slice(3)}`;
    const moved = remapSuggestion(suggestion, diffText(text, newText), newText);
    expect(moved).toEqual({ ...suggestion, start: 9, end: 11 });
    expect(newText.slice(moved!.start, moved!.end)).toBe('go');
  });

  it('returns the same object when nothing moved', () => {
    const newText = `${text} Really.`;
    expect(remapSuggestion(suggestion, diffText(text, newText), newText)).toBe(suggestion);
  });

  it('drops a suggestion whose text was edited', () => {
    const newText = text.replace('go', 'went');
    expect(remapSuggestion(suggestion, diffText(text, newText), newText)).toBeNull();
  });

  it('drops a suggestion when the edit does not describe the new text', () => {
    const wrongEdit = edit(0, 0, 1);
    expect(remapSuggestion(suggestion, wrongEdit, `${text}!`)).toBeNull();
  });

  const alphabet = fc.constantFrom('a', 'b', ' ', '😀');
  const scenario = fc
    .record({
      text: fc.string({ unit: alphabet, minLength: 1, maxLength: 40 }),
      a: fc.nat(),
      b: fc.nat(),
      at: fc.nat(),
      removed: fc.nat({ max: 6 }),
      insertion: fc.string({ unit: alphabet, maxLength: 6 }),
    })
    .map(({ text, a, b, at, removed, insertion }) => {
      const start = Math.min(a, b) % text.length;
      const end = start + 1 + (Math.max(a, b) % (text.length - start));
      const editStart = at % (text.length + 1);
      const trueEdit = edit(editStart, Math.min(removed, text.length - editStart), insertion.length);
      const newText = applyEdit(text, trueEdit, insertion);
      return { suggestion: { start, end, original: text.slice(start, end) }, trueEdit, newText, text };
    });

  it('returns null or a suggestion whose original stands at its span (property, 2,000 runs)', () => {
    fc.assert(
      fc.property(scenario, ({ suggestion, trueEdit, newText, text }) => {
        for (const e of [diffText(text, newText), trueEdit]) {
          const moved = remapSuggestion(suggestion, e, newText);
          if (moved !== null) expect(newText.slice(moved.start, moved.end)).toBe(suggestion.original);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps every suggestion the true edit does not touch (property, 1,000 runs)', () => {
    fc.assert(
      fc.property(scenario, ({ suggestion, trueEdit, newText }) => {
        const untouched =
          (trueEdit.removed === 0 && trueEdit.inserted === 0) ||
          trueEdit.start >= suggestion.end ||
          trueEdit.start + trueEdit.removed <= suggestion.start;
        const moved = remapSuggestion(suggestion, trueEdit, newText);
        expect(moved !== null).toBe(untouched);
      }),
      { numRuns: 1000 },
    );
  });
});
