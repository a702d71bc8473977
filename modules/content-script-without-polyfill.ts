import { defineWxtModule } from 'wxt/modules';

/**
 * Keeps webextension-polyfill out of the script injected on every page.
 *
 * `@wxt-dev/webextension-polyfill` points `wxt/browser` at the polyfill for every build, and WXT's own
 * content-script wrapper (`ContentScriptContext`) imports `wxt/browser`, so the polyfill ran on every
 * page although Redline's code there never touches it (utils/messaging/ext.ts). Worse than its 10 KB:
 * Chromium now exposes `globalThis.browser` in content scripts, the polyfill hands that back, and the
 * bundler's CommonJS interop copies its properties, which instantiates every extension API binding of
 * the isolated world (`chrome.app`, `runtime`, `storage`, `i18n`, …): measured ≈ 5 ms of the 8.6 ms that
 * Redline's content script cost an idle page. WXT's wrapper needs only `browser.runtime.id`, which WXT's
 * polyfill-free `@wxt-dev/browser` gives (`globalThis.browser` where it is promise-based, else `chrome`).
 * The page runtime, the background and the extension's pages keep the polyfill.
 */
export default defineWxtModule({
  name: 'redline:content-script-without-polyfill',
  setup(wxt) {
    wxt.hooks.hook('vite:build:extendConfig', (entrypoints, config) => {
      if (!entrypoints.every((entrypoint) => entrypoint.type === 'content-script')) return;
      const find = 'wxt/browser';
      const replacement = '@wxt-dev/browser';
      config.resolve ??= {};
      const alias = config.resolve.alias;
      if (Array.isArray(alias)) {
        config.resolve.alias = [
          { find, replacement },
          ...alias.filter((entry: { find: unknown }) => entry.find !== find),
        ];
      } else {
        config.resolve.alias = { ...(alias as Record<string, string> | undefined), [find]: replacement };
      }
    });
  },
});
