import { sendFromContent } from '../messaging/ext';
import { editableRoot, fieldFromEvent, ineligibleReason, type EditableField } from './eligibility';

export interface FieldWatch {
  /** Settings changed: ask again whether the site is on, at the next focus. */
  refreshSite(): void;
}

/**
 * Watches focus for eligible fields (one capture listener; idle pages cost nothing else). A field
 * that is refused (password, card number, opted out, code editor, disabled site) is never read; a
 * field refused as a secret is remembered in `sensitive` and stays refused whatever it becomes.
 * Each eligible focus warms the local checker and hands the field on.
 *
 * `whileAsking` runs when an eligible field is focused and the background has not yet said whether
 * the site is on: work that reads nothing from the page (loading Redline's own scripts) can start
 * then, beside the question, instead of after it. The background's service worker may have to start
 * to answer (≈ 150–200 ms, bench: cold start), and the page runtime's script takes about as long to load.
 */
export function watchFields(
  doc: Document,
  signal: AbortSignal,
  sensitive: WeakSet<Element>,
  onField: (field: EditableField) => void,
  whileAsking?: () => void,
): FieldWatch {
  let site: Promise<boolean> | null = null;
  let answered = false;
  const consider = (field: EditableField | null) => {
    if (!field || ineligibleReason(field, sensitive)) return;
    if (!site) {
      const asked = sendFromContent('site.status', {}).then(
        (status) => status.enabled,
        () => false,
      );
      site = asked;
      answered = false;
      void asked.then(() => (answered ||= site === asked));
    }
    if (!answered) whileAsking?.();
    void site.then((enabled) => {
      if (!enabled || signal.aborted) return;
      // Every focus: free when the checker is warm, and it restarts one the browser stopped.
      void sendFromContent('check.warm', {}).catch(() => undefined);
      onField(field);
    });
  };
  doc.addEventListener('focusin', (event) => consider(fieldFromEvent(event)), { capture: true, signal });
  // A field focused before this script ran (autofocus) is looked at once, so a password there is
  // remembered as one even if the page reveals it later. `:focus` rather than `activeElement`: on most
  // pages nothing is focused and the query returns null, where `activeElement` hands back <body>, and
  // its wrapper makes this isolated world build Element's and HTMLElement's bindings: ≈ 1 ms on every
  // page (bench: idle). A shadow host containing the focus matches `:focus` as it is `activeElement`.
  let active = doc.querySelector(':focus');
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  const focused = active && active !== doc.body ? editableRoot(active) : null;
  if (focused) ineligibleReason(focused, sensitive);
  return { refreshSite: () => (site = null) };
}
