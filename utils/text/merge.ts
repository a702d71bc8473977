import type { Span } from './types';
import type { Suggestion } from './types';

/**
 * Whether two underlines would collide: their spans share a code unit, or they start at the same
 * place (so two empty spans at one spot, or an empty span at the start of another, collide too).
 */
export function spansOverlap(a: Span, b: Span): boolean {
  return a.start === b.start || (a.start < b.end && b.start < a.end);
}

/**
 * One list of underlines from the local checker's and the LLM's suggestions: sorted by start, no
 * two overlapping (a field can show one card per spot), every element one of the inputs (same
 * object). Pure and stable: equal inputs give equal outputs, and ties go to input order.
 *
 * Which of two colliding suggestions stays, in order:
 * 0. The pinned one (`pinnedId`: the suggestion whose card is open): a person looking at a card
 *    never sees it vanish because another checker's answer landed.
 * 1. Same span and replacement: one of them, the local one if any (it is instant and offline, and
 *    its rule can be ignored precisely).
 * 2. Spelling (both spelling, or the local one is spelling on the same span): the local one — its
 *    dictionary knows the user's added words, the model's does not.
 * 3. The one whose span strictly contains the other: it carries the larger fix.
 * 4. The one starting earlier; on a tie the local one, then the earlier input.
 *
 * Suggestions are visited by start; one that collides with already-kept ones replaces them only if
 * it wins against every one of them, and is dropped otherwise. A suggestion dropped in favour of
 * one that was itself replaced later is given another chance, so nothing is dropped unless it
 * collides with a suggestion in the result.
 */
export function mergeSuggestions(lists: readonly (readonly Suggestion[])[], pinnedId?: string): Suggestion[] {
  const all: Ranked[] = [];
  for (const list of lists) for (const suggestion of list) all.push({ suggestion, order: all.length });
  all.sort(byPosition);
  const sweep = (sorted: readonly Ranked[]) => sweepWith(sorted, pinnedId);

  let kept = sweep(all);
  while (kept.length < all.length) {
    const keptSet = new Set(kept);
    const orphans = all.filter(
      (r) => !keptSet.has(r) && !kept.some((k) => spansOverlap(k.suggestion, r.suggestion)),
    );
    if (orphans.length === 0) break;
    // Orphans collide with nothing kept, so this only settles them among themselves.
    kept = sweep([...kept, ...orphans].sort(byPosition));
  }
  return kept.map((ranked) => ranked.suggestion);
}

/** One pass over suggestions sorted `byPosition`: the kept ones, sorted and disjoint. */
function sweepWith(sorted: readonly Ranked[], pinnedId: string | undefined): Ranked[] {
  const kept: Ranked[] = [];
  for (const candidate of sorted) {
    let firstColliding = kept.length;
    // Kept spans are sorted and disjoint, so the ones colliding with a later-starting candidate are a suffix.
    while (firstColliding > 0) {
      const previous = kept[firstColliding - 1];
      if (previous === undefined || !spansOverlap(previous.suggestion, candidate.suggestion)) break;
      firstColliding--;
    }
    let wins = true;
    for (let k = firstColliding; k < kept.length && wins; k++) {
      const other = kept[k];
      if (other !== undefined && preferred(other, candidate, pinnedId) !== candidate) wins = false;
    }
    if (wins) kept.splice(firstColliding, kept.length - firstColliding, candidate);
  }
  return kept;
}

interface Ranked {
  suggestion: Suggestion;
  /** Position in the flattened input: the last tie-breaker, which keeps the merge stable. */
  order: number;
}

function byPosition(a: Ranked, b: Ranked): number {
  return (
    a.suggestion.start - b.suggestion.start ||
    b.suggestion.end - a.suggestion.end ||
    sourceRank(a.suggestion) - sourceRank(b.suggestion) ||
    a.order - b.order
  );
}

function sourceRank(suggestion: Suggestion): number {
  return suggestion.source === 'local' ? 0 : 1;
}

/** Which of two colliding suggestions stays (rules 0–4 of `mergeSuggestions`). */
function preferred(a: Ranked, b: Ranked, pinnedId: string | undefined): Ranked {
  const x = a.suggestion;
  const y = b.suggestion;
  if (pinnedId !== undefined && x.id !== y.id) {
    if (x.id === pinnedId) return a;
    if (y.id === pinnedId) return b;
  }
  const sameSpan = x.start === y.start && x.end === y.end;
  const local = x.source === y.source ? undefined : x.source === 'local' ? a : b;
  const earlierInput = a.order <= b.order ? a : b;

  if (sameSpan && x.replacement === y.replacement) return local ?? earlierInput;
  if (local !== undefined) {
    const bothSpelling = x.category === 'spelling' && y.category === 'spelling';
    if (bothSpelling || (sameSpan && local.suggestion.category === 'spelling')) return local;
  }
  if (!sameSpan) {
    if (x.start <= y.start && y.end <= x.end) return a;
    if (y.start <= x.start && x.end <= y.end) return b;
  }
  if (x.start !== y.start) return x.start < y.start ? a : b;
  return local ?? earlierInput;
}
