/**
 * Which fields Redline may read, and which of them may go to the model. Anything refused here is
 * never read, underlined or sent anywhere. DOM readers take their element as a parameter (no
 * globals) so tests can pass their own. Runs in the always-injected content script: small and cheap.
 */

/** Inputs that hold prose. `email`, `url` and `tel` hold addresses and numbers: never read. */
const TEXT_INPUT_TYPES = new Set(['text', 'search', '']);
const SECRET_AUTOCOMPLETE = /(^|\s)(cc-[a-z-]+|one-time-code|[a-z-]*-password)(\s|$)/i;
/**
 * Words in a field's name, id or autocomplete hint that mean a secret: a password revealed by the
 * page's own "Show" toggle is still a password, and a one-time code is not prose.
 */
const SECRET_WORDS = new Set([
  'password',
  'passwd',
  'pwd',
  'pass',
  'passcode',
  'passphrase',
  'otp',
  'totp',
  'mfa',
  '2fa',
  'token',
  'secret',
  'apikey',
  'iban',
  'cvc',
  'cvv',
  'csc',
  'ssn',
  'pin',
  'creditcard',
  'cardnumber',
  'ccnumber',
]);
const SECRET_PHRASES = /one.?time.?code|credit.?card|card.?number|security.?code|social.?security|api.?key/i;
/** Roots of code editors: their text is code, not prose. */
const CODE_EDITOR_SELECTOR = '.cm-editor, .CodeMirror, .monaco-editor, .ace_editor';
/** Opt-outs honoured by Grammarly and friends, and our own. */
const OPT_OUT_SELECTOR = '[data-gramm="false"], [data-enable-grammarly="false"], [data-redline="off"]';
/** Rich editors switch the browser's spell checker off for their own reasons (Draft.js by default). */
const RICH_EDITOR_SELECTOR =
  '.ProseMirror, [data-lexical-editor], .ql-editor, [data-slate-editor], .ck-editor__editable, .public-DraftEditor-content';

export type EditableField = HTMLTextAreaElement | HTMLInputElement | HTMLElement;

/** The element that owns editing for `target`: the field itself or its contenteditable root. */
export function editableRoot(target: Element): EditableField | null {
  // By tag name, not `instanceof`: a field in a same-origin iframe comes from another realm.
  if (target.localName === 'textarea' || target.localName === 'input') return target as EditableField;
  const element = target as HTMLElement;
  if (!element.isContentEditable) return null;
  let root: HTMLElement = element;
  while (root.parentElement?.isContentEditable) root = root.parentElement;
  return root;
}

function words(text: string): string[] {
  return text
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** True when the field's name, id or autocomplete hint says it holds a secret. */
export function looksSecret(field: EditableField): boolean {
  const hints = [
    field.getAttribute('name'),
    field.id,
    field.getAttribute('autocomplete'),
    field.getAttribute('aria-label'),
  ]
    .filter(Boolean)
    .join(' ');
  if (!hints) return false;
  return SECRET_PHRASES.test(hints) || words(hints).some((word) => SECRET_WORDS.has(word));
}

/**
 * Why a field is refused, or null when Redline may check it. `sensitive` holds the fields that were
 * ever refused as secrets: they stay refused for their life, whatever they become (a password field
 * whose "Show" toggle made it `type=text`).
 */
export function ineligibleReason(field: EditableField, sensitive?: WeakSet<Element>): string | null {
  if (sensitive?.has(field)) return 'was a secret';
  const secret = secretReason(field);
  if (secret) {
    sensitive?.add(field);
    return secret;
  }
  if (field.localName === 'input') {
    const input = field as HTMLInputElement;
    if (!TEXT_INPUT_TYPES.has(input.type)) return `input type ${input.type}`;
  }
  if (field.localName === 'input' || field.localName === 'textarea') {
    const control = field as HTMLInputElement | HTMLTextAreaElement;
    if (control.readOnly || control.disabled) return 'read-only';
  } else if (!field.isContentEditable) {
    return 'not editable';
  }
  if (closestComposed(field, OPT_OUT_SELECTOR)) return 'opted out';
  if (closestComposed(field, CODE_EDITOR_SELECTOR)) return 'code editor';
  return null;
}

function secretReason(field: EditableField): string | null {
  if (field.localName === 'input' && (field as HTMLInputElement).type === 'password') return 'password';
  const autocomplete = (field as HTMLInputElement).autocomplete || field.getAttribute('autocomplete') || '';
  if (SECRET_AUTOCOMPLETE.test(autocomplete)) return 'secret autocomplete';
  if (looksSecret(field)) return 'secret name';
  return null;
}

/**
 * Why a field Redline checks must not go to the model (local checks only), or null. A search box
 * holds what someone is looking for, and a page that switched the spell checker off on a field
 * (usernames, codes, identifiers) is telling us it is not prose to share.
 */
export function modelRefusal(field: EditableField): string | null {
  if (field.localName === 'input' && (field as HTMLInputElement).type === 'search') return 'search field';
  const spelling = field.closest('[spellcheck]');
  if (spelling?.getAttribute('spellcheck') === 'false' && !field.matches(RICH_EDITOR_SELECTOR)) {
    return 'spellcheck off';
  }
  return null;
}

/** `closest` that climbs out of shadow roots too. */
function closestComposed(element: Element, selector: string): Element | null {
  let node: Element | null = element;
  while (node) {
    const hit = node.closest(selector);
    if (hit) return hit;
    const root = node.getRootNode() as Partial<ShadowRoot>;
    node = root.host ?? null;
  }
  return null;
}

/** The field a focus event landed in, looking through open shadow roots (composed path). */
export function fieldFromEvent(event: Event): EditableField | null {
  const target = event.composedPath()[0] as Element | undefined;
  return target && target.nodeType === 1 ? editableRoot(target) : null;
}
