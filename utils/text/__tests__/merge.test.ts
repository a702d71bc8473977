import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Suggestion } from '../types';
import { CATEGORIES } from '../types';
import { mergeSuggestions, spansOverlap } from '../merge';

let nextId = 0;
function s(start: number, end: number, fields: Partial<Suggestion> = {}): Suggestion {
  const source = fields.source ?? 'local';
  const category = fields.category ?? 'grammar';
  return {
    start,
    end,
    original: 'x'.repeat(end - start),
    replacement: 'y',
    category,
    explanation: '',
    rule: `${source}:${category}`,
    source,
    id: `s${nextId++}`,
    ...fields,
  };
}
const local = (start: number, end: number, fields: Partial<Suggestion> = {}) =>
  s(start, end, { ...fields, source: 'local' });
const llm = (start: number, end: number, fields: Partial<Suggestion> = {}) =>
  s(start, end, { ...fields, source: 'llm' });

describe('mergeSuggestions', () => {
  it('keeps disjoint suggestions from both checkers, sorted by start', () => {
    const a = llm(10, 12);
    const b = local(0, 3);
    const c = local(3, 5); // touching is not overlapping
    expect(mergeSuggestions([[b, c], [a]])).toEqual([b, c, a]);
  });

  it('rule 1: keeps one of two identical suggestions, the local one', () => {
    const fromModel = llm(4, 6, { replacement: 'goes' });
    const fromHarper = local(4, 6, { replacement: 'goes' });
    expect(mergeSuggestions([[fromModel], [fromHarper]])).toEqual([fromHarper]);
    const first = llm(4, 6, { replacement: 'goes' });
    const second = llm(4, 6, { replacement: 'goes' });
    expect(mergeSuggestions([[first, second]])).toEqual([first]);
  });

  it('rule 2: prefers the local checker on spelling', () => {
    const harper = local(0, 3, { category: 'spelling', replacement: 'the' });
    const model = llm(0, 7, { category: 'spelling', replacement: 'the cat' });
    expect(mergeSuggestions([[model], [harper]])).toEqual([harper]);
    const modelGrammar = llm(0, 3, { category: 'grammar', replacement: 'they' });
    expect(mergeSuggestions([[modelGrammar], [harper]])).toEqual([harper]);
  });

  it('rule 2 does not apply when a local spelling fix sits inside a larger model fix', () => {
    const harper = local(0, 3, { category: 'spelling' });
    const rewrite = llm(0, 12, { category: 'clarity' });
    expect(mergeSuggestions([[harper], [rewrite]])).toEqual([rewrite]);
  });

  it('rule 3: prefers the suggestion whose span contains the other', () => {
    const word = local(4, 6, { replacement: 'goes' });
    const phrase = llm(2, 10, { category: 'clarity', replacement: 'walks to' });
    expect(mergeSuggestions([[word], [phrase]])).toEqual([phrase]);
    const inner = llm(4, 6, { category: 'style' });
    const outer = local(4, 9);
    expect(mergeSuggestions([[inner], [outer]])).toEqual([outer]);
  });

  it('rule 4: keeps the earlier-starting of two partly overlapping suggestions', () => {
    const early = llm(0, 5);
    const late = local(3, 8);
    expect(mergeSuggestions([[late], [early]])).toEqual([early]);
  });

  it('rule 4: on the same span with different fixes, keeps the local one, then the earlier input', () => {
    const model = llm(4, 6, { replacement: 'goes' });
    const harper = local(4, 6, { replacement: 'went' });
    expect(mergeSuggestions([[model], [harper]])).toEqual([harper]);
    const first = llm(4, 6, { replacement: 'goes' });
    const second = llm(4, 6, { replacement: 'went' });
    expect(mergeSuggestions([[first, second]])).toEqual([first]);
  });

  it('lets one suggestion replace several it beats', () => {
    const a = local(0, 3);
    const b = local(4, 6);
    const sentence = llm(0, 10, { category: 'clarity' });
    expect(mergeSuggestions([[a, b], [sentence]])).toEqual([sentence]);
  });

  it('restores a suggestion that lost only to one replaced later', () => {
    const modelSpelling = llm(0, 5, { category: 'spelling' });
    const harperGrammar = local(4, 8); // loses to modelSpelling (starts later)…
    const harperSpelling = local(1, 3, { category: 'spelling' }); // …which loses to this one
    expect(mergeSuggestions([[modelSpelling], [harperGrammar, harperSpelling]])).toEqual([
      harperSpelling,
      harperGrammar,
    ]);
  });

  it('returns nothing for nothing', () => {
    expect(mergeSuggestions([])).toEqual([]);
    expect(mergeSuggestions([[], []])).toEqual([]);
  });

  const suggestionArb = fc
    .record({
      start: fc.nat({ max: 30 }),
      length: fc.nat({ max: 6 }),
      source: fc.constantFrom('local' as const, 'llm' as const),
      category: fc.constantFrom(...CATEGORIES),
      replacement: fc.constantFrom('', 'a', 'b'),
    })
    .map(({ start, length, ...fields }) => s(start, start + length, fields));
  const listsArb = fc.array(fc.array(suggestionArb, { maxLength: 12 }), { maxLength: 3 });

  it('never overlaps, only keeps inputs, and drops only what collides with a kept one (property, 2,000 runs)', () => {
    fc.assert(
      fc.property(listsArb, (lists) => {
        const inputs = lists.flat();
        const merged = mergeSuggestions(lists);
        const sortedAndDisjoint = merged.every(
          (x, i) =>
            i === 0 ||
            (merged[i - 1]!.start <= x.start && merged.slice(0, i).every((y) => !spansOverlap(x, y))),
        );
        const fromInputs = merged.every((x) => inputs.includes(x)) && new Set(merged).size === merged.length;
        const droppedCollide = inputs.every(
          (x) => merged.includes(x) || merged.some((y) => spansOverlap(x, y)),
        );
        return sortedAndDisjoint && fromInputs && droppedCollide;
      }),
      { numRuns: 2000 },
    );
  });

  it('is stable and idempotent (property, 500 runs)', () => {
    fc.assert(
      fc.property(listsArb, (lists) => {
        const merged = mergeSuggestions(lists);
        expect(mergeSuggestions(lists)).toEqual(merged);
        expect(mergeSuggestions([merged])).toEqual(merged);
      }),
      { numRuns: 500 },
    );
  });
});

describe('spansOverlap', () => {
  it('counts shared characters or a shared start, not touching ends', () => {
    expect(spansOverlap({ start: 0, end: 3 }, { start: 2, end: 5 })).toBe(true);
    expect(spansOverlap({ start: 0, end: 3 }, { start: 3, end: 5 })).toBe(false);
    expect(spansOverlap({ start: 3, end: 3 }, { start: 3, end: 5 })).toBe(true);
    expect(spansOverlap({ start: 4, end: 4 }, { start: 3, end: 5 })).toBe(true);
    expect(spansOverlap({ start: 5, end: 5 }, { start: 3, end: 5 })).toBe(false);
  });
});
