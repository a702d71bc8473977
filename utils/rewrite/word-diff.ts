/**
 * A word-level diff for the rewrite panel's "compared with the original" view. Hand-written (about
 * 60 lines) rather than jsdiff: the panel needs one function, and the LCS below is bounded, so a
 * long selection costs a fixed amount of work instead of a dependency.
 */

export interface DiffPart {
  kind: 'same' | 'removed' | 'added';
  text: string;
}

/** Words, runs of white space, and single punctuation marks. */
const TOKEN = /\s+|[\p{L}\p{N}\p{M}'’_-]+|[^\s\p{L}\p{N}\p{M}]/gu;
/** Above this many LCS cells the middle is shown as one removal and one addition. */
const MAX_CELLS = 2_000_000;

export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

function push(parts: DiffPart[], kind: DiffPart['kind'], text: string): void {
  if (!text) return;
  const last = parts[parts.length - 1];
  if (last?.kind === kind) last.text += text;
  else parts.push({ kind, text });
}

/** How `after` differs from `before`, word by word: the parts, in reading order. */
export function wordDiff(before: string, after: string): DiffPart[] {
  const a = tokenize(before);
  const b = tokenize(after);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  ) {
    tail++;
  }
  const parts: DiffPart[] = [];
  push(parts, 'same', a.slice(0, head).join(''));
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  for (const part of diffMiddle(midA, midB)) push(parts, part.kind, part.text);
  push(parts, 'same', a.slice(a.length - tail).join(''));
  return parts;
}

/** Longest common subsequence of tokens, walked back into parts (removals before additions). */
function diffMiddle(a: string[], b: string[]): DiffPart[] {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0 || (n + 1) * (m + 1) > MAX_CELLS) {
    return [
      { kind: 'removed', text: a.join('') },
      { kind: 'added', text: b.join('') },
    ].filter((part) => part.text) as DiffPart[];
  }
  // lcs[i * (m + 1) + j] = LCS length of a[i..] and b[j..].
  const lcs = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * (m + 1) + j] =
        a[i] === b[j]
          ? (lcs[(i + 1) * (m + 1) + j + 1] ?? 0) + 1
          : Math.max(lcs[(i + 1) * (m + 1) + j] ?? 0, lcs[i * (m + 1) + j + 1] ?? 0);
    }
  }
  const parts: DiffPart[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      push(parts, 'same', a[i++] ?? '');
      j++;
    } else if (j >= m || (i < n && (lcs[(i + 1) * (m + 1) + j] ?? 0) >= (lcs[i * (m + 1) + j + 1] ?? 0))) {
      push(parts, 'removed', a[i++] ?? '');
    } else {
      push(parts, 'added', b[j++] ?? '');
    }
  }
  return parts;
}
