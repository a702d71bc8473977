/**
 * Tracked changes for the Rewrite panel: the model's result as a list of changes to the original
 * (insertions, deletions, replacements), each of which the person keeps or rejects before Replace.
 */
import { wordDiff } from './word-diff';

/** One proposed change: `removed` of the original becomes `added` (either may be empty). */
export interface ReviewChange {
  kind: 'change';
  /** 0-based, in reading order. */
  index: number;
  removed: string;
  added: string;
}

/** The original read from start to end: unchanged text and changes, in order. */
export type ReviewPart = { kind: 'same'; text: string } | ReviewChange;

/** Unchanged text this short between two changes joins them into one (a phrase, not word by word). */
const JOINS_CHANGES = /^[^\S\n]{1,2}$/;

/**
 * The changes from `original` to `result`, at word and phrase level: the removals and additions of a
 * word diff that touch each other are one change, and so are changes only a space apart.
 */
export function reviewParts(original: string, result: string): ReviewPart[] {
  const diff = wordDiff(original, result);
  const merged: { kind: 'same' | 'change'; text: string; removed: string; added: string }[] = [];
  for (let i = 0; i < diff.length; i++) {
    const part = diff[i];
    if (!part) continue;
    const last = merged[merged.length - 1];
    const between = part.kind === 'same' && JOINS_CHANGES.test(part.text);
    const changeFollows = diff[i + 1] !== undefined && diff[i + 1]?.kind !== 'same';
    if (part.kind === 'same' && !(between && last?.kind === 'change' && changeFollows)) {
      merged.push({ kind: 'same', text: part.text, removed: '', added: '' });
      continue;
    }
    const change = last?.kind === 'change' ? last : null;
    const target = change ?? { kind: 'change' as const, text: '', removed: '', added: '' };
    if (!change) merged.push(target);
    // A space joining two changes belongs to both sides of the phrase.
    if (part.kind === 'same') {
      target.removed += part.text;
      target.added += part.text;
    } else if (part.kind === 'removed') target.removed += part.text;
    else target.added += part.text;
  }
  let index = 0;
  return merged.map((part) =>
    part.kind === 'same'
      ? { kind: 'same', text: part.text }
      : { kind: 'change', index: index++, removed: part.removed, added: part.added },
  );
}

export function reviewChanges(parts: readonly ReviewPart[]): ReviewChange[] {
  return parts.filter((part): part is ReviewChange => part.kind === 'change');
}

/** The text with every change applied except the rejected ones. */
export function applyReview(parts: readonly ReviewPart[], rejected: readonly number[]): string {
  const keep = new Set(rejected);
  return parts
    .map((part) => (part.kind === 'same' ? part.text : keep.has(part.index) ? part.removed : part.added))
    .join('');
}

const quote = (text: string) => `“${text.trim() || text}”`;

/** What a change does, in words: for its group's name and for announcements. */
export function describeChange(change: Pick<ReviewChange, 'removed' | 'added'>): string {
  if (!change.removed.trim() && !change.added.trim()) return 'change spacing';
  if (!change.removed) return `insert ${quote(change.added)}`;
  if (!change.added) return `delete ${quote(change.removed)}`;
  return `replace ${quote(change.removed)} with ${quote(change.added)}`;
}
