import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { mountRewrite } from '@/components/rewrite/mount';
import { REWRITE_GLOBAL, type RewriteHandle } from '@/utils/rewrite/content';

/**
 * The Rewrite panel and picker (React). Not injected on page load: the content script imports it
 * when the context menu or the shortcut is used, into its own isolated world.
 */
export default defineUnlistedScript(() => {
  const scope = globalThis as Record<string, unknown>;
  if (scope[REWRITE_GLOBAL]) return;
  const controller = mountRewrite(document);
  const handle: RewriteHandle = {
    open: (item, selection) => controller.open(item, selection),
    pick: (items, selection) => controller.pick(items, selection),
  };
  scope[REWRITE_GLOBAL] = handle;
});
