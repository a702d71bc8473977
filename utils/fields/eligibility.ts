/**
 * Which fields Redline may read. Anything refused here is never read, underlined or sent anywhere.
 * DOM readers take their element as a parameter (no globals) so tests can pass their own.
 */

const TEXT_INPUT_TYPES = new Set(['text', 'search', 'email', 'url', '']);
const SECRET_AUTOCOMPLETE = /(^|\s)(cc-[a-z-]+|one-time-code|[a-z-]*-password)(\s|$)/i;
/** Roots of code editors: their text is code, not prose. */
const CODE_EDITOR_SELECTOR = '.cm-editor, .CodeMirror, .monaco-editor, .ace_editor';
/** Opt-outs honoured by Grammarly and friends, and our own. */
const OPT_OUT_SELECTOR = '[data-gramm="false"], [data-enable-grammarly="false"], [data-redline="off"]';

export type EditableField = HTMLTextAreaElement | HTMLInputElement | HTMLElement;

/** The element that owns editing for `target`: the field itself or its contenteditable root. */
export function editableRoot(target: Element): EditableField | null {
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLInputElement) return target;
  if (!(target instanceof HTMLElement) || !target.isContentEditable) return null;
  let root: HTMLElement = target;
  while (root.parentElement?.isContentEditable) root = root.parentElement;
  return root;
}

/** Why a field is refused, or null when Redline may check it. */
export function ineligibleReason(field: EditableField): string | null {
  if (field instanceof HTMLInputElement) {
    if (field.type === 'password') return 'password';
    if (!TEXT_INPUT_TYPES.has(field.type)) return `input type ${field.type}`;
  }
  if (field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement) {
    if (field.readOnly || field.disabled) return 'read-only';
    if (SECRET_AUTOCOMPLETE.test(field.autocomplete || field.getAttribute('autocomplete') || '')) {
      return 'secret autocomplete';
    }
  } else if (!field.isContentEditable) {
    return 'not editable';
  }
  if (closestComposed(field, OPT_OUT_SELECTOR)) return 'opted out';
  if (closestComposed(field, CODE_EDITOR_SELECTOR)) return 'code editor';
  return null;
}

/** `closest` that climbs out of shadow roots too. */
function closestComposed(element: Element, selector: string): Element | null {
  let node: Element | null = element;
  while (node) {
    const hit = node.closest(selector);
    if (hit) return hit;
    const root = node.getRootNode();
    node = root instanceof ShadowRoot ? root.host : null;
  }
  return null;
}

/** The field a focus event landed in, looking through open shadow roots (composed path). */
export function fieldFromEvent(event: Event): EditableField | null {
  const target = event.composedPath()[0];
  return target instanceof Element ? editableRoot(target) : null;
}
