import { sendMessage } from '../messaging';
import { fieldFromEvent, ineligibleReason, type EditableField } from './eligibility';

/**
 * Watches focus for eligible fields (one capture listener; idle pages cost nothing else). A field
 * that is refused (password, card number, opted out, code editor, disabled site) is never read.
 * Each eligible focus warms the local checker and hands the field to the overlay.
 */
export function watchFields(
  doc: Document,
  signal: AbortSignal,
  onField: (field: EditableField) => void | Promise<void>,
): void {
  let site: Promise<boolean> | null = null;
  doc.addEventListener(
    'focusin',
    (event) => {
      const field = fieldFromEvent(event);
      if (!field || ineligibleReason(field)) return;
      site ??= sendMessage('site.status', {}).then(
        (status) => status.enabled,
        () => false,
      );
      void site.then((enabled) => {
        if (!enabled || signal.aborted) return;
        // Every focus: free when the checker is warm, and it restarts one the browser stopped.
        void sendMessage('check.warm', {}).catch(() => undefined);
        void onField(field);
      });
    },
    { capture: true, signal },
  );
}
