/**
 * What a rewrite works on: the selected text, where it stands in an editable field (so Replace can
 * put the result there, verified like an accepted suggestion), and where the panel goes.
 */
import type { Span } from '../text/types';
import type { FieldAdapter } from '../fields/adapter';
import { createAdapter } from '../fields/create-adapter';
import { ineligibleReason } from '../fields/eligibility';
import { buildTextModel, computedTextStyle } from '../fields/text-model';
import { MAX_REWRITE_CHARS } from './limits';
import type { CapturedSelection } from './selection';

export type RewriteTarget =
  | {
      ok: true;
      text: string;
      /** Where the text stands in an editable field; null for page text (Copy only). */
      edit: { adapter: FieldAdapter; span: Span } | null;
      /** The selection's box in viewport coordinates, measured again on every call. */
      anchor(): DOMRect | null;
    }
  | { ok: false; message: string; anchor(): DOMRect | null };

const NOTHING_SELECTED = 'Select the text to rewrite first.';
const TOO_LONG = `The selection is too long to rewrite at once (over ${MAX_REWRITE_CHARS.toLocaleString('en')} characters). Select less.`;

function union(rects: readonly DOMRect[]): DOMRect | null {
  const first = rects[0];
  if (!first) return null;
  let { left, top, right, bottom } = first;
  for (const r of rects) {
    left = Math.min(left, r.left);
    top = Math.min(top, r.top);
    right = Math.max(right, r.right);
    bottom = Math.max(bottom, r.bottom);
  }
  return new DOMRect(left, top, right - left, bottom - top);
}

/**
 * The selection's span in the adapter's text. The text model is the one contenteditable adapters
 * read; an adapter that reads differently (a rich editor's own model) is matched by the selected
 * text instead, the occurrence nearest the caret.
 */
function spanInField(adapter: FieldAdapter, field: HTMLElement, range: Range): Span | null {
  const text = adapter.getText();
  const model = buildTextModel(field, computedTextStyle);
  if (model.text === text) {
    const start = model.domPositionToOffset(range.startContainer, range.startOffset);
    const end = model.domPositionToOffset(range.endContainer, range.endOffset);
    if (start !== null && end !== null && start < end) return { start, end };
  }
  const selected = range.toString().trim();
  if (!selected) return null;
  const caret = adapter.caretOffset() ?? 0;
  let best: Span | null = null;
  for (let at = text.indexOf(selected); at >= 0; at = text.indexOf(selected, at + 1)) {
    const distance = Math.min(Math.abs(caret - at), Math.abs(caret - (at + selected.length)));
    const bestDistance = best ? Math.min(Math.abs(caret - best.start), Math.abs(caret - best.end)) : Infinity;
    if (distance < bestDistance) best = { start: at, end: at + selected.length };
  }
  return best;
}

/** Reads the captured selection. An editable field with nothing selected is rewritten whole. */
export function resolveTarget(captured: CapturedSelection): RewriteTarget {
  const { field, offsets, range } = captured;
  const rangeBox = () =>
    range ? (union(Array.from(range.getClientRects())) ?? range.getBoundingClientRect()) : null;
  if (field) {
    const fieldBox = () => field.getBoundingClientRect();
    const reason = ineligibleReason(field);
    if (reason) {
      return {
        ok: false,
        message: 'Redline does not read this field (it is private or opted out).',
        anchor: fieldBox,
      };
    }
    const adapter = createAdapter(field);
    const whole = adapter.getText();
    let span: Span | null = offsets
      ? { start: Math.min(offsets.start, offsets.end), end: Math.max(offsets.start, offsets.end) }
      : range
        ? spanInField(adapter, field, range)
        : null;
    if (!span || span.start === span.end) span = { start: 0, end: whole.length };
    const text = whole.slice(span.start, span.end);
    const anchor = () => union(adapter.rectsFor(span)) ?? fieldBox();
    if (!text.trim() || text.length > MAX_REWRITE_CHARS) {
      adapter.dispose();
      return { ok: false, message: text.trim() ? TOO_LONG : NOTHING_SELECTED, anchor };
    }
    return { ok: true, text, edit: { adapter, span }, anchor };
  }
  const text = range?.toString() ?? '';
  if (!text.trim()) return { ok: false, message: NOTHING_SELECTED, anchor: rangeBox };
  if (text.length > MAX_REWRITE_CHARS) return { ok: false, message: TOO_LONG, anchor: rangeBox };
  return { ok: true, text, edit: null, anchor: rangeBox };
}
