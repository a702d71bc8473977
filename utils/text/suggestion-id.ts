import { hashText } from './hash-text';

/**
 * A suggestion's id (`data-suggestion-id`, the key of dismissals and UI state): stable while the
 * same fix stands on the same text, because it is derived from the paragraph's hash, the span within
 * the paragraph and the replacement — not from the paragraph's position in the field, which moves
 * whenever anything above it is edited, nor from which checker (or rule) found it: the local checker
 * and the model reporting one fix give one id, so an underline is never re-created when the other
 * one's answer lands.
 *
 * Two paragraphs with the same text share a hash, so the same suggestion in both would get the same
 * id; a caller that shows both passes a key that tells them apart (e.g. `${hash}:${occurrence}`).
 */
export function suggestionId(
  paragraphHash: string,
  startInParagraph: number,
  endInParagraph: number,
  replacement: string,
): string {
  // NUL separators: no field can run into the next one ("a" + "bc" ≠ "ab" + "c").
  return `s${hashText(`${paragraphHash}\u0000${startInParagraph}\u0000${endInParagraph}\u0000${replacement}`)}`;
}
