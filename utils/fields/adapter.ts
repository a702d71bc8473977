import type { Span } from '../text/types';

export type { Span };

/** Why `replace` refused: nothing was changed in the field. */
/**
 * How an edit went. `failed`: the field did not take it and reads as before. `damaged`: the editor
 * changed the text into something else and it could not be taken back (the person is told to undo).
 */
export type ReplaceResult = { ok: true } | { ok: false; reason: 'stale' | 'failed' | 'detached' | 'damaged' };

/**
 * An edit the field's editor took into its own model but draws a moment later (Slate renders
 * through React after the event): `settled` says, once the field reads as expected or after a
 * timeout, whether it did. A failed edit is taken back before `settled` says so.
 */
export interface PendingReplace {
  ok: 'pending';
  settled: Promise<ReplaceResult>;
}

/**
 * What Redline needs from one editable field, whatever its kind. The text is the text a person
 * sees (contenteditable blocks become '\n'); offsets are into that text.
 */
export interface FieldAdapter {
  readonly element: HTMLElement;
  getText(): string;
  /** Called after every change of the field's text (typing, paste, undo, script). Returns unsubscribe. */
  onChange(listener: () => void): () => void;
  /** Client rects (viewport coordinates) covering the span, one per line box, clipped to the field's visible box. */
  rectsFor(span: Span): DOMRect[];
  /** The field's visible box in viewport coordinates (for clipping and the badge). */
  visibleBox(): DOMRect;
  /** Caret offset in the text, or null when the selection is elsewhere. */
  caretOffset(): number | null;
  /**
   * Replaces `span` with `text` as a person would (undoable with Ctrl+Z; the page's framework sees
   * input events) — only if `expected` still stands at `span`; otherwise changes nothing.
   */
  replace(span: Span, expected: string, text: string): ReplaceResult | PendingReplace;
  dispose(): void;
}

/** The outcome of `replace` once known (at once, or when a pending edit has settled). */
export function settleReplace(result: ReplaceResult | PendingReplace): Promise<ReplaceResult> {
  return result.ok === 'pending' ? result.settled : Promise.resolve(result);
}
