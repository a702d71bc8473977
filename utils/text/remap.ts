import type { Span } from './types';
import type { TextEdit } from './diff';

/**
 * Where `span` sits after `edit`, or null when the edit touched it.
 *
 * - The edit starts at or after `span.end` (including a pure insertion right at the end, e.g. typing
 *   a space after a flagged word): the span stays.
 * - The edit ends at or before `span.start` (including a pure insertion right at the start): the span
 *   shifts by `inserted - removed`.
 * - Anything else changed text inside the span: null, the suggestion no longer applies as made.
 *
 * An empty edit returns `span` itself; otherwise an unchanged span is also returned as is (same
 * object), so callers can skip work by identity.
 */
export function remapSpan(span: Span, edit: TextEdit): Span | null {
  if (edit.start >= span.end) return span;
  if (edit.removed === 0 && edit.inserted === 0) return span;
  if (edit.start + edit.removed <= span.start) {
    const delta = edit.inserted - edit.removed;
    return delta === 0 ? span : { start: span.start + delta, end: span.end + delta };
  }
  return null;
}

/**
 * `suggestion` moved through `edit` into `newText`, or null when the edit touched it or when its
 * `original` no longer stands at the new span. The check guards against a wrong or ambiguous edit:
 * whatever this returns can be shown and accepted without further checks.
 */
export function remapSuggestion<T extends Span & { original: string }>(
  suggestion: T,
  edit: TextEdit,
  newText: string,
): T | null {
  const span = remapSpan(suggestion, edit);
  if (span === null) return null;
  const { original } = suggestion;
  if (
    span.start < 0 ||
    span.end - span.start !== original.length ||
    !newText.startsWith(original, span.start)
  ) {
    return null;
  }
  return span === suggestion ? suggestion : { ...suggestion, start: span.start, end: span.end };
}
