/**
 * Takes hold of what the user selected, the moment the menu or shortcut fires (before any script
 * loads and focus can move). Runs in the always-injected content script, so it only records
 * positions; `target.ts` (loaded with the panel) reads text from them.
 */
import { editableRoot } from '../fields/eligibility';

export interface CapturedSelection {
  /** The editable field the selection is in (textarea, input, contenteditable root), or null for page text. */
  field: HTMLElement | null;
  /** For a textarea or input: the selected offsets of its value. */
  offsets: { start: number; end: number } | null;
  /** Otherwise: a live copy of the selected range (it follows DOM edits), or null when nothing is selected. */
  range: Range | null;
}

/** The focused element, looking into open shadow roots. */
function deepActiveElement(doc: Document): Element | null {
  let element = doc.activeElement;
  while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
  return element;
}

/** The selection that can see inside `element`'s tree (Chromium keeps one per shadow root). */
function selectionFor(element: Element | null, doc: Document): Selection | null {
  const root = element?.getRootNode() as (Node & { getSelection?: () => Selection | null }) | undefined;
  if (root && root !== doc && typeof root.getSelection === 'function') return root.getSelection();
  return doc.getSelection();
}

export function captureSelection(doc: Document): CapturedSelection {
  const active = deepActiveElement(doc);
  if (active && (active.localName === 'textarea' || active.localName === 'input')) {
    const input = active as HTMLTextAreaElement | HTMLInputElement;
    // Inputs of types without a selection (number, email…) report null.
    if (input.selectionStart !== null && input.selectionEnd !== null) {
      return { field: input, offsets: { start: input.selectionStart, end: input.selectionEnd }, range: null };
    }
  }
  const selection = selectionFor(active, doc);
  const range = selection && selection.rangeCount > 0 ? selection.getRangeAt(0).cloneRange() : null;
  const container = range?.commonAncestorContainer;
  const element = container?.nodeType === 1 ? (container as Element) : (container?.parentElement ?? null);
  const field =
    (element && editableRoot(element)) ?? (active instanceof HTMLElement ? editableRoot(active) : null);
  return { field, offsets: null, range: range && !range.collapsed ? range : null };
}
