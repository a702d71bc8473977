import { existsSync } from 'node:fs';
import { defineConfig } from 'wxt';
import { DICTIONARY_LANGUAGES } from './utils/language/languages';

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

// Every `wxt build` is a production build, test builds (`--mode e2e`) included: the same React,
// JSX runtime and minification as users get. (Vite derives production-ness from NODE_ENV.)
if (process.argv.includes('build')) process.env.NODE_ENV = 'production';

/**
 * hunspell-asm's ES build (and its emscripten-wasm-loader's) calls two CommonJS modules through
 * namespace imports (`import * as nanoid`, `import * as runtime` of the emscripten glue), which only
 * Node's interop makes callable; a bundle gets "t is not a function". Their default imports are the functions.
 */
const hunspellAsmInterop = {
  name: 'redline:hunspell-asm-interop',
  transform(code: string, id: string) {
    if (!/(hunspell-asm|emscripten-wasm-loader)[\\/]dist[\\/]esm[\\/].*\.js$/.test(id)) return null;
    return code
      .replace("import * as nanoid from 'nanoid';", "import nanoid from 'nanoid';")
      .replace(
        "import * as runtime from './lib/node/hunspell';",
        "import runtime from './lib/node/hunspell';",
      );
  },
};

// See https://wxt.dev/api/config.html
export default defineConfig({
  // A separate output folder lets several builds (e.g. parallel test runs) coexist.
  outDir: process.env.REDLINE_OUT_DIR ?? '.output',
  modules: ['@wxt-dev/module-react', '@wxt-dev/webextension-polyfill'],
  // Test builds (`--mode e2e`) run the same production React as users get.
  vite: (env) => ({
    // WXT defines NODE_ENV as the mode for separately built scripts (content, overlay), which would
    // give e2e builds React's development build; every build ships production React.
    plugins: [
      hunspellAsmInterop,
      ...(env.command === 'build'
        ? [
            {
              name: 'redline:production-node-env',
              configResolved(config: { define?: Record<string, string> }) {
                (config.define as Record<string, string>)['process.env.NODE_ENV'] = '"production"';
              },
            },
          ]
        : []),
    ],
    // harper.js builds its WorkerLinter's Blob at module top level; without this, 111 KB of unused
    // code stays in background.js.
    build: { rolldownOptions: { treeshake: { manualPureFunctions: ['Blob'] } } },
  }),
  manifest: ({ browser, mode }) => ({
    name: 'Redline',
    description:
      'Writing help in every text field: instant local checks, suggestions from your own model, rewrite in place.',
    // `offscreen` hosts the local checker on Chrome (Firefox's background page can host it itself).
    // `contextMenus`: Redline → rewrite on a selection (Firefox knows the name as an alias of `menus`).
    permissions: [
      'storage',
      'activeTab',
      'contextMenus',
      'alarms',
      ...(browser === 'firefox' ? [] : ['offscreen']),
    ],
    // Local model servers (Ollama, LM Studio, llama.cpp) work with no prompt.
    host_permissions: ['http://localhost/*', 'http://127.0.0.1/*'],
    // Any other base URL is asked for at runtime, from the Save / Test click in the options page.
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    // The page runtime (checks, underlines, the Rewrite panel) is imported by the content script on
    // the first focus of a field or the first rewrite (entrypoints/content/index.ts). Chrome serves it
    // under a per-session URL, so a page cannot probe for it to fingerprint Redline's users.
    web_accessible_resources: [
      {
        resources: ['page-runtime.js'],
        matches: ['<all_urls>'],
        ...(browser === 'firefox' ? {} : { use_dynamic_url: true }),
      },
    ],
    // The rewrite menu as an in-page picker for the selection (PICKER_COMMAND in utils/context-menu.ts).
    commands: {
      'rewrite-selection': {
        suggested_key: { default: 'Alt+Shift+R' },
        description: 'Rewrite the selection with Redline',
      },
    },
    content_security_policy: {
      extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self';",
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'redline@redline.dev',
              strict_min_version: '128.0',
              // Redline sends text only to the provider the person configured; the add-on collects nothing.
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {
          // 116: chrome.offscreen.hasDocument (the local checker's host).
          minimum_chrome_version: '116',
          // No other extension and no web page may message Redline's background.
          externally_connectable: { ids: [] },
        }),
    ...(mode === 'e2e' ? { name: 'Redline (e2e)' } : {}),
  }),
  hooks: {
    // harper's wasm ships as a file next to background.js, not inlined (16 MB of base64); renamed,
    // because from a URL containing `harper_wasm_bg.wasm` the loader also fetches the slim sibling.
    // The path is HARPER_WASM_PATH in utils/local-check/register.ts.
    'build:publicAssets': async (wxt, files) => {
      // The tokenizer's rank table, loaded by the background when a spending limit needs a count
      // (TOKENIZER_RANKS_PATH in utils/ai/tokenizer.ts): as data, not 2.4 MB of script to parse at start.
      const { default: ranks } = await import('gpt-tokenizer/esm/bpeRanks/o200k_base');
      files.push({ relativeDest: 'tokenizer/o200k_base.json', contents: JSON.stringify(ranks) });
      files.push({
        absoluteSrc: `${wxt.config.root}/node_modules/harper.js/dist/harper_wasm_bg.wasm`,
        relativeDest: 'harper/harper-binary.wasm',
      });
      // Hunspell dictionaries for the local checker's other languages, fetched when first needed
      // (dictionaryPaths in utils/language/languages.ts).
      for (const code of DICTIONARY_LANGUAGES) {
        for (const ext of ['aff', 'dic']) {
          files.push({
            absoluteSrc: `${wxt.config.root}/node_modules/dictionary-${code}/index.${ext}`,
            relativeDest: `dictionaries/${code}.${ext}`,
          });
        }
      }
    },
  },
  // The sources zip (for Firefox's review) holds the project, not what tests and benches wrote.
  zip: {
    excludeSources: [
      'test-reports/**',
      'test-results/**',
      'playwright-report/**',
      'bench-results/**',
      '.output/**',
      '.wxt/**',
      'coverage/**',
    ],
  },
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
