import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { mountOverlay } from '@/components/overlay/mount';
import { mountRewrite } from '@/components/rewrite/mount';
import { RUNTIME_GLOBAL, type RuntimeFactory } from './content/runtime';
import { createPageRuntime } from './content/runtime/page-runtime';
import { browserTransport } from './content/runtime/transport';

/**
 * The page runtime and its views (React, once for the overlay and the Rewrite panel). Not injected
 * on page load: the content script imports it on the first focus of an eligible field or the first
 * rewrite, into its own isolated world, and starts it with its lifetime signal.
 */
export default defineUnlistedScript(() => {
  const scope = globalThis as Record<string, unknown>;
  if (scope[RUNTIME_GLOBAL]) return;
  const factory: RuntimeFactory = {
    start: (options) =>
      createPageRuntime({
        ...options,
        transport: browserTransport(),
        views: { overlay: mountOverlay, rewrite: mountRewrite },
      }),
  };
  scope[RUNTIME_GLOBAL] = factory;
});
