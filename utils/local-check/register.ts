/**
 * Background wiring of the local checker (harper.js). Where the linter runs, measured:
 * - Chromium, when the build has the offscreen page and the `offscreen` permission: an offscreen
 *   document hosts `LocalLinter` (`offscreen-host.ts`). Its setup (seconds, one synchronous wasm
 *   call) then neither blocks the service worker's other messages nor recurs after the worker's
 *   30 s idle stop; a relayed check costs a few ms more.
 * - Otherwise (Firefox's event page; a build without the page): `LocalLinter` right here.
 * Either way setup is kept off the typing path: warm on start and on `check.warm`.
 */
import browser from 'webextension-polyfill';
import type { Handlers } from '../protocol';
import { getSettings, watchSettings } from '../settings';
import { createHarperLinter } from './harper-linter';
import { checkerSettings, LocalChecker, type LocalCheckBackend } from './local-checker';
import { OffscreenLocalChecker, type OffscreenApi } from './offscreen-client';
import { OFFSCREEN_PAGE, type OffscreenRequest } from './offscreen-protocol';

/** Chromium's offscreen API (absent from webextension-polyfill), there only with the permission. */
function chromiumOffscreen(): OffscreenApi | undefined {
  const api = (globalThis as { chrome?: { offscreen?: Partial<OffscreenApi> } }).chrome?.offscreen;
  return typeof api?.createDocument === 'function' && typeof api.hasDocument === 'function'
    ? (api as OffscreenApi)
    : undefined;
}

function createBackend(): LocalCheckBackend {
  const inBackground = () => new LocalChecker({ createLinter: createHarperLinter });
  const offscreen = chromiumOffscreen();
  if (!offscreen) return inBackground();
  return new OffscreenLocalChecker({
    offscreen,
    send: (message: OffscreenRequest) => browser.runtime.sendMessage(message),
    pageUrl: browser.runtime.getURL(OFFSCREEN_PAGE),
    fallback: inBackground,
  });
}

let backend: LocalCheckBackend | undefined;

/** The background's one local checker, created on first use. */
function localChecker(): LocalCheckBackend {
  backend ??= createBackend();
  return backend;
}

const currentSettings = async () => checkerSettings(await getSettings());

/** `check.warm` and `check.local` (content scripts may send both; the router checks the sender). */
export const localCheckHandlers: Pick<Handlers, 'check.warm' | 'check.local'> = {
  'check.warm': async () => localChecker().warm(await currentSettings()),
  'check.local': async ({ paragraphs }) => localChecker().check(paragraphs, await currentSettings()),
};

/** Follows settings changes and starts the linter now, so the first check finds it ready. */
export function registerLocalChecker(): void {
  watchSettings((settings) => void localChecker().configure(checkerSettings(settings)));
  void currentSettings().then((settings) => localChecker().warm(settings));
}
