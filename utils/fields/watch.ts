import { sendMessage } from '../messaging';
import { fieldFromEvent, ineligibleReason, type EditableField } from './eligibility';

/**
 * Watches focus for eligible fields. A field that is refused (password, card number, opted out,
 * code editor, disabled site) is never read.
 */
export function watchFields(doc: Document, signal: AbortSignal, onField?: (field: EditableField) => void): void {
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
        if (enabled && !signal.aborted) onField?.(field);
      });
    },
    { capture: true, signal },
  );
}
