import { defineContentScript } from 'wxt/utils/define-content-script';
import { loadOverlay } from '@/utils/fields/overlay-loader';
import { watchFields } from '@/utils/fields/watch';
import { listenForRewrites } from '@/utils/rewrite/content';

/**
 * Injected on every page, so it stays tiny: one focusin listener, no scanning of idle pages.
 * The overlay (React, checks, underlines) loads when an eligible field is first focused; the
 * Rewrite panel when the context menu or its shortcut is used.
 */
export default defineContentScript({
  matches: ['<all_urls>'],
  allFrames: true,
  matchAboutBlank: true,
  runAt: 'document_idle',
  async main(ctx) {
    if (import.meta.env.MODE === 'e2e') (await import('@/utils/testing/content-probe')).installContentProbe();
    watchFields(document, ctx.signal, async (field) => {
      const overlay = await loadOverlay();
      // Focus may have moved on while the overlay loaded; the overlay follows focus from here on.
      overlay.attach(field);
    });
    listenForRewrites(document, ctx.signal);
  },
});
