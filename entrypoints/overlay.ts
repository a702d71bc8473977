import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { mountOverlay } from '@/components/overlay/mount';
import { OVERLAY_GLOBAL, type OverlayHandle } from '@/utils/fields/overlay-loader';

/**
 * The overlay UI (React, underlines, card, badge). Not injected on page load: the content script
 * imports it on the first focus of an eligible field, into its own isolated world.
 */
export default defineUnlistedScript(() => {
  const scope = globalThis as Record<string, unknown>;
  if (scope[OVERLAY_GLOBAL]) return;
  const controller = mountOverlay(document);
  const handle: OverlayHandle = { attach: (field) => controller.attach(field) };
  scope[OVERLAY_GLOBAL] = handle;
});
