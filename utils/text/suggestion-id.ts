import { hashText } from './hash-text';

/**
 * A suggestion's id (`data-suggestion-id`, the key of dismissals and UI state): stable while the
 * paragraph it was found in stands, because it is derived from that paragraph's hash, the offset
 * within the paragraph, the rule and the replacement — not from the paragraph's position in the
 * field, which moves whenever anything above it is edited.
 *
 * Two paragraphs with the same text share a hash, so the same suggestion in both would get the same
 * id; a caller that shows both passes a key that tells them apart (e.g. `${hash}:${occurrence}`).
 */
export function suggestionId(
  paragraphHash: string,
  offsetInParagraph: number,
  rule: string,
  replacement: string,
): string {
  // NUL separators: no field can run into the next one ("a" + "bc" ≠ "ab" + "c").
  return `s${hashText(`${paragraphHash}\u0000${offsetInParagraph}\u0000${rule}\u0000${replacement}`)}`;
}
