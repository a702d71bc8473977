import type { Span } from './types';

/**
 * Places `original` in `text`: the occurrence at or after `from` nearest to `near` (ties → the
 * earlier one), or null when there is none or `original` is empty.
 *
 * Why: an LLM's offsets are never trusted (DESIGN.md), only its `original` text, so suggestions
 * are anchored by searching for it. When `original` starts or ends with a word character,
 * occurrences that sit on word boundaries win over nearer ones that do not ("he" → the word "he",
 * not the middle of "the"); an occurrence inside a word is still used when it is the only kind
 * (the model may quote part of a word, e.g. "ie" in "recieve").
 */
export function reanchor(text: string, original: string, near: number, from = 0): Span | null {
  if (original.length === 0) return null;
  const startsWithWord = isWordCodePoint(original.codePointAt(0));
  const endsWithWord = isWordCodePoint(codePointBefore(original, original.length));
  const wantsBoundary = startsWithWord || endsWithWord;

  let best = -1;
  let bestDistance = Infinity;
  let bestOnBoundary = -1;
  let bestOnBoundaryDistance = Infinity;
  for (let i = text.indexOf(original, Math.max(0, from)); i !== -1; i = text.indexOf(original, i + 1)) {
    const distance = Math.abs(i - near);
    // Occurrences come in increasing order: past `near`, each is farther than the last.
    if (i > near && distance >= (wantsBoundary ? bestOnBoundaryDistance : bestDistance)) break;
    if (distance < bestDistance) {
      best = i;
      bestDistance = distance;
    }
    if (
      wantsBoundary &&
      distance < bestOnBoundaryDistance &&
      (!startsWithWord || !isWordCharBefore(text, i)) &&
      (!endsWithWord || !isWordCharAt(text, i + original.length))
    ) {
      bestOnBoundary = i;
      bestOnBoundaryDistance = distance;
    }
  }
  const start = bestOnBoundary !== -1 ? bestOnBoundary : best;
  return start === -1 ? null : { start, end: start + original.length };
}

/**
 * Anchors `items` in the order given, each searched for after the previous anchored item's start,
 * so a model listing "go" twice maps to the first and then the second "go" in the text. An item
 * not found after its predecessor (the model listed it out of order) is anchored nearest to that
 * point anywhere in the text instead, without moving the cursor. Entries are null where an item's
 * `original` does not occur at all (or is empty): drop those suggestions.
 */
export function anchorAll(text: string, items: readonly { original: string }[]): (Span | null)[] {
  let cursor = 0;
  return items.map(({ original }) => {
    const inOrder = reanchor(text, original, cursor, cursor);
    if (inOrder !== null) {
      cursor = inOrder.start + 1;
      return inOrder;
    }
    return reanchor(text, original, cursor);
  });
}

const WORD_CHAR = /[\p{L}\p{M}\p{N}_]/u;

function isWordCodePoint(codePoint: number | undefined): boolean {
  if (codePoint === undefined) return false;
  if (codePoint < 0x80) {
    return (
      (codePoint >= 0x61 && codePoint <= 0x7a) || // a-z
      (codePoint >= 0x41 && codePoint <= 0x5a) || // A-Z
      (codePoint >= 0x30 && codePoint <= 0x39) || // 0-9
      codePoint === 0x5f // _
    );
  }
  return WORD_CHAR.test(String.fromCodePoint(codePoint));
}

function isApostrophe(codePoint: number | undefined): boolean {
  return codePoint === 0x27 || codePoint === 0x2019;
}

/** Whether the character starting at `i` continues a word; an apostrophe does when a word character follows ("don't"). */
function isWordCharAt(text: string, i: number): boolean {
  const codePoint = text.codePointAt(i);
  if (isWordCodePoint(codePoint)) return true;
  return isApostrophe(codePoint) && isWordCodePoint(text.codePointAt(i + 1));
}

/** Whether the character ending at `i` belongs to a word; an apostrophe does when a word character precedes it ("it's"). */
function isWordCharBefore(text: string, i: number): boolean {
  const codePoint = codePointBefore(text, i);
  if (isWordCodePoint(codePoint)) return true;
  return isApostrophe(codePoint) && isWordCodePoint(codePointBefore(text, i - 1));
}

/** The code point that ends at `i` (a whole surrogate pair when there is one), or undefined at 0. */
function codePointBefore(text: string, i: number): number | undefined {
  if (i <= 0) return undefined;
  const low = text.charCodeAt(i - 1);
  if (low >= 0xdc00 && low <= 0xdfff && i >= 2) {
    const high = text.charCodeAt(i - 2);
    if (high >= 0xd800 && high <= 0xdbff) return text.codePointAt(i - 2);
  }
  return low;
}
