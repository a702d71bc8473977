/**
 * The extension's checkers: harper.js's `LocalLinter` over the wasm file the build ships (never the
 * inlined binary), and the language detector and Hunspell spellers over the dictionaries it ships.
 */
import browser from 'webextension-polyfill';
import { createBinaryModuleFromUrl, LocalLinter, type Dialect } from 'harper.js';
import { loadDetector } from '../language/detector';
import { dictionaryPaths, type DictionaryLanguage } from '../language/languages';
import type { LanguageDeps } from '../language/language-checks';
import { Spellers } from '../language/spellers';

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

async function fetchBytes(path: string): Promise<Uint8Array> {
  const response = await fetch(browser.runtime.getURL(path));
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** Detection and spellers for this context; dictionaries are fetched from the build when first needed. */
export function extensionLanguages(): LanguageDeps {
  const read = async (language: DictionaryLanguage) => {
    const { aff, dic } = dictionaryPaths(language);
    const [affBytes, dicBytes] = await Promise.all([fetchBytes(aff), fetchBytes(dic)]);
    return { aff: affBytes, dic: dicBytes };
  };
  return { detect: loadDetector, spellers: new Spellers(read) };
}
