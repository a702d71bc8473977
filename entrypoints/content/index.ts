import { defineContentScript } from 'wxt/utils/define-content-script';
import { tracePersonInput } from '@/utils/fields/person-input';
import { watchFields } from '@/utils/fields/watch';
import { extension, extensionAlive } from '@/utils/messaging/ext';
import { isTabMessage } from '@/utils/messaging/protocol';
import { captureSelection } from '@/utils/rewrite/selection';
import { RUNTIME_GLOBAL, RUNTIME_SCRIPT, type PageRuntime, type RuntimeFactory } from './runtime';

/**
 * Injected on every page, so it stays tiny: one focusin listener, one message listener, no
 * scanning of idle pages, no polyfill. The page runtime (checks, underlines, the Rewrite panel)
 * loads on the first focus of an eligible field or the first rewrite, and everything it sets up
 * goes when this script's life ends: the extension updated, reloaded or disabled.
 */
export default defineContentScript({
  matches: ['<all_urls>'],
  allFrames: true,
  matchAboutBlank: true,
  runAt: 'document_idle',
  // WXT's old-script signal by `window.postMessage` reaches the page's own `message` listeners in every
  // frame; the document event that Redline's scripts listen for is enough (WXT's future default).
  noScriptStartedPostMessage: true,
  async main(ctx) {
    if (import.meta.env.MODE === 'e2e') (await import('@/utils/testing/content-probe')).installContentProbe();
    // This script's life: WXT's context (a newer copy of the script started), or the extension gone.
    const life = new AbortController();
    ctx.signal.addEventListener('abort', () => life.abort(), { once: true });
    const signal = life.signal;
    const alive = () => {
      if (!signal.aborted && !extensionAlive()) life.abort();
      return !signal.aborted;
    };

    /** Fields that were ever secrets: the watcher and the runtime refuse them for life. */
    const sensitive = new WeakSet<Element>();
    /** The person's clicks and typing from the start, so those before the runtime loaded count. */
    const trace = tracePersonInput(document, signal);
    // The script's code (it reads nothing from the page, starts nothing) apart from its start.
    let script: Promise<unknown> | null = null;
    const importRuntime = () =>
      (script ??= import(/* @vite-ignore */ extension().runtime.getURL(RUNTIME_SCRIPT)));
    let runtime: Promise<PageRuntime> | null = null;
    const loadRuntime = () =>
      (runtime ??= importRuntime().then(() => {
        const factory = (globalThis as Record<string, unknown>)[RUNTIME_GLOBAL] as RuntimeFactory | undefined;
        if (!factory) throw new Error('Redline: the page runtime did not start');
        return factory.start({ document, signal, sensitive, trace, onExtensionGone: () => life.abort() });
      }));

    const fields = watchFields(
      document,
      signal,
      sensitive,
      (field) => {
        if (!alive()) return;
        void loadRuntime().then((page) => page.attach(field), reportLoadFailure);
      },
      // While the background says whether the site is on (its worker may be starting), the script
      // loads: cold start, worker stopped → first local underline, bench.
      () => {
        if (alive()) importRuntime().catch(() => (script = null));
      },
    );

    const onMessage = (message: unknown) => {
      if (!isTabMessage(message) || !alive()) return;
      if (message.kind === 'config.changed') {
        fields.refreshSite();
        void runtime?.then((page) => page.configChanged());
        return;
      }
      // The shortcut reaches every frame of the tab; the focused one answers.
      if (message.kind === 'rewrite.picker' && !document.hasFocus()) return;
      // Taken at once, before any script loads and focus can move.
      const selection = captureSelection(document);
      void loadRuntime().then((page) => page.rewrite(message, selection), reportLoadFailure);
    };
    extension().runtime.onMessage.addListener(onMessage);
    signal.addEventListener('abort', () => {
      try {
        extension().runtime.onMessage.removeListener(onMessage);
      } catch {
        // The extension is gone; so is its listener.
      }
    });
  },
});

function reportLoadFailure(error: unknown): void {
  console.warn('Redline could not start on this page.', error);
}
