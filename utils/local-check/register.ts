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
import { FairQueue } from '../budget/fair-queue';
import type { CheckResult } from '../messaging/protocol';
import type { Handlers } from '../messaging/router';
import { getSettings, updateSettings, watchSettings } from '../settings';
import { isLanguageCode, type LanguageCode } from '../language/languages';
import type { ParagraphRequest, ParagraphResult } from '../text/types';
import { createHarperLinter, extensionLanguages } from './harper-linter';
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
  // Other languages only where the background hosts the checker for good (Firefox's event page): on
  // Chromium the offscreen document has them, and the detector and Hunspell (1.7 MB of script) stay
  // out of the service worker, which parses its script on every wake.
  const inBackground = () =>
    new LocalChecker({
      createLinter: createHarperLinter,
      languages: import.meta.env.FIREFOX ? extensionLanguages() : undefined,
    });
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

/** `check.warm` (content scripts send it on focus; the router checks the sender). */
export const localCheckHandlers: Pick<Handlers, 'check.warm'> = {
  'check.warm': async () => localChecker().warm(await currentSettings()),
};

/**
 * One job's worth of text: a tab checking a huge field holds the linter for at most this much at a
 * time before another tab's paragraph gets its turn (≈ 20–40 ms of harper time).
 */
const JOB_CHARS = 2_000;
const queue = new FairQueue(1);

/** Consecutive paragraphs in jobs of about `JOB_CHARS` (a longer paragraph is a job of its own). */
export function sliceJobs<T extends { text: string }>(paragraphs: readonly T[], maxChars = JOB_CHARS): T[][] {
  const jobs: T[][] = [];
  let job: T[] = [];
  let chars = 0;
  for (const p of paragraphs) {
    if (job.length && chars + p.text.length > maxChars) {
      jobs.push(job);
      job = [];
      chars = 0;
    }
    job.push(p);
    chars += p.text.length;
  }
  if (job.length) jobs.push(job);
  return jobs;
}

/**
 * A local check for one tab: its paragraphs go through the shared queue in small jobs, tabs in turn;
 * when `signal` aborts (the text changed, the tab closed) the jobs still waiting are dropped.
 */
export async function checkLocally(
  paragraphs: readonly ParagraphRequest[],
  call: { signal: AbortSignal; lane: string; site: string },
): Promise<CheckResult> {
  const settings = await currentSettings();
  const results: ParagraphResult[] = [];
  const turnedOn = new Set<string>();
  try {
    for (const job of sliceJobs(paragraphs)) {
      const result = await queue.run(
        call.lane,
        () => localChecker().check(job, settings, call.site),
        call.signal,
      );
      if (!result.ok) return result;
      results.push(...result.results);
      for (const code of result.turnedOn ?? []) turnedOn.add(code);
    }
  } catch {
    return { ok: false, code: 'aborted', message: 'Stopped.' };
  }
  if (!turnedOn.size) return { ok: true, results };
  const added = await turnOnLanguages([...turnedOn]);
  return added.length ? { ok: true, results, turnedOn: added } : { ok: true, results };
}

/**
 * Languages the checker met for the first time, switched on in the settings (the page that typed
 * them says so). Returns those really added: another tab may have been first.
 */
async function turnOnLanguages(codes: readonly string[]): Promise<LanguageCode[]> {
  const current = await getSettings();
  const added = codes.filter(
    (code): code is LanguageCode =>
      isLanguageCode(code) && !current.languages.includes(code) && !current.languagesDeclined.includes(code),
  );
  if (added.length) await updateSettings({ languages: [...current.languages, ...added] });
  return added;
}

/** The languages of each text (for the model's prompt); English for all when the checker cannot say. */
export async function languagesOfTexts(texts: readonly string[], site: string): Promise<string[][]> {
  return localChecker()
    .languagesOf(texts, await currentSettings(), site)
    .catch(() => texts.map(() => ['en']));
}

/** Follows settings changes and starts the linter now, so the first check finds it ready. */
export function registerLocalChecker(): void {
  watchSettings((settings) => void localChecker().configure(checkerSettings(settings)));
  void currentSettings().then((settings) => localChecker().warm(settings));
}
