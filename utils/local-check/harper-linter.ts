/**
 * harper.js's `LocalLinter` over the wasm file the build ships (never the inlined binary).
 */
import browser from 'webextension-polyfill';
import { createBinaryModuleFromUrl, LocalLinter, type Dialect } from 'harper.js';

/**
 * Where wxt.config.ts's `build:publicAssets` hook copies `harper.js/dist/harper_wasm_bg.wasm`.
 * Renamed on purpose: from a URL containing `harper_wasm_bg.wasm` the loader also fetches the
 * 16 MB "slim" sibling. (Never `import { binary } from 'harper.js/binary'` in the extension: Vite
 * would inline the wasm into the bundle as base64.)
 */
export const HARPER_WASM_PATH = '/harper/harper-binary.wasm';

/** A linter for `dialect`; harper compiles the wasm once per context, however many linters. */
export function createHarperLinter(dialect: Dialect): LocalLinter {
  return new LocalLinter({
    binary: createBinaryModuleFromUrl(browser.runtime.getURL(HARPER_WASM_PATH), 'full'),
    dialect,
  });
}
