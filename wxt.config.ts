import { existsSync } from 'node:fs';
import { defineConfig } from 'wxt';

/** Chromium-family browsers that `npm run dev` may open, first found wins (CHROME_PATH overrides). */
const CHROMIUM_CANDIDATES = [
  process.env.CHROME_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

const chromiumBinary = CHROMIUM_CANDIDATES.find((path) => path && existsSync(path));
/** A box with no display (CI, containers) still gets a browser, headless, reachable over CDP. */
const headless = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
const isRoot = process.getuid?.() === 0;

// See https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/module-react', '@wxt-dev/webextension-polyfill'],
  manifest: ({ browser, mode }) => ({
    name: 'Redline',
    description:
      'Writing help in every text field: instant local checks, suggestions from your own model, rewrite in place.',
    permissions: ['storage', 'contextMenus', 'activeTab', 'scripting'],
    // Local model servers (Ollama, LM Studio, llama.cpp) work with no prompt.
    host_permissions: ['http://localhost/*', 'http://127.0.0.1/*'],
    // Any other base URL is asked for at runtime, from the Save / Test click in the options page.
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    content_security_policy: {
      extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self';",
    },
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: { id: 'redline@redline.dev', strict_min_version: '128.0' } } }
      : {}),
    ...(mode === 'e2e' ? { name: 'Redline (e2e)' } : {}),
  }),
  webExt: {
    binaries: chromiumBinary ? { chrome: chromiumBinary } : {},
    chromiumArgs: [
      ...(headless ? ['--headless=new', '--remote-debugging-port=9222'] : []),
      ...(isRoot ? ['--no-sandbox'] : []),
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  },
});
