/**
 * Helpers the Firefox lane's modules share: waiting, logging, and loading the Chromium specs' own
 * TypeScript support code (fixture server, OpenAI-compatible test server) into plain Node.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const VERBOSE = process.argv.includes('--verbose');

export const log = (...a) => console.error('[ff]', ...a);
export const vlog = (...a) => VERBOSE && log(...a);
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` until it returns a truthy value (returned) or `timeout` ms pass (returns the last value). */
export async function poll(fn, { timeout = 5000, interval = 50 } = {}) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await fn();
    } catch (error) {
      last = undefined;
      vlog('poll error', String(error).slice(0, 200));
    }
    if (last) return last;
    if (Date.now() > end) return last;
    await sleep(interval);
  }
}

/**
 * Imports a TypeScript module of the repo (Node 20 cannot run TypeScript): bundled with esbuild into
 * node_modules/.cache/redline, where its package imports resolve.
 */
export async function importTs(relativePath) {
  const name = path.basename(relativePath).replace(/\.ts$/, '.mjs');
  const out = path.join(REPO, 'node_modules/.cache/redline', name);
  await build({
    entryPoints: [path.join(REPO, relativePath)],
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    outfile: out,
    logLevel: 'error',
  });
  return import(`${pathToFileURL(out).href}?t=${Date.now()}`);
}
