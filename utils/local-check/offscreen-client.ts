/**
 * The background's side of the offscreen local checker (Chromium): creates the document on first
 * need, relays requests to it, and falls back to linting in the background itself when the
 * document cannot be created.
 */
import type { CheckResult } from '../messaging/protocol';
import type { ParagraphRequest } from '../text/types';
import { DISABLED_MESSAGE, type CheckerSettings, type LocalCheckBackend } from './local-checker';
import { OFFSCREEN_TARGET, type OffscreenRequest } from './offscreen-protocol';

/** The part of Chromium's `chrome.offscreen` used here (webextension-polyfill has no offscreen). */
export interface OffscreenApi {
  hasDocument(): Promise<boolean>;
  createDocument(parameters: {
    url: string;
    reasons: `${chrome.offscreen.Reason}`[];
    justification: string;
  }): Promise<void>;
  closeDocument(): Promise<void>;
}

export interface OffscreenClientDeps {
  offscreen: OffscreenApi;
  /** `runtime.sendMessage`. */
  send: (message: OffscreenRequest) => Promise<unknown>;
  /** Full URL of the offscreen page. */
  pageUrl: string;
  /** Where requests go if the document cannot be created (e.g. a build without the page). */
  fallback: () => LocalCheckBackend;
}

export class OffscreenLocalChecker implements LocalCheckBackend {
  readonly #deps: OffscreenClientDeps;
  #creating: Promise<void> | null = null;
  #fallback: LocalCheckBackend | null = null;

  constructor(deps: OffscreenClientDeps) {
    this.#deps = deps;
  }

  async warm(settings: CheckerSettings): Promise<{ ready: boolean }> {
    if (!settings.localChecker) return { ready: false };
    const reply = await this.#request({ target: OFFSCREEN_TARGET, op: 'warm', settings }, (b) =>
      b.warm(settings),
    ).catch(() => undefined);
    return { ready: (reply as { ready?: unknown } | undefined)?.ready === true };
  }

  async check(
    paragraphs: readonly ParagraphRequest[],
    settings: CheckerSettings,
    scope: string,
  ): Promise<CheckResult> {
    if (!settings.localChecker) return { ok: false, code: 'disabled', message: DISABLED_MESSAGE, off: true };
    try {
      const reply = await this.#request(
        { target: OFFSCREEN_TARGET, op: 'check', paragraphs: [...paragraphs], settings, scope },
        (b) => b.check(paragraphs, settings, scope),
      );
      if (isCheckResult(reply)) return reply;
      throw new Error('no answer from the offscreen document');
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      return { ok: false, code: 'unavailable', message: `The local checker could not answer (${detail}).` };
    }
  }

  /** English for every text when the document cannot answer: the model still gets the paragraphs. */
  async languagesOf(texts: readonly string[], settings: CheckerSettings, scope: string): Promise<string[][]> {
    const fallback = texts.map(() => ['en']);
    if (!settings.localChecker) return fallback;
    const reply = await this.#request(
      { target: OFFSCREEN_TARGET, op: 'languages', texts: [...texts], settings, scope },
      (b) => b.languagesOf(texts, settings, scope),
    ).catch(() => undefined);
    return isLanguageLists(reply, texts.length) ? reply : fallback;
  }

  /** Reconfigures a running document; turning the checker off closes it and frees its memory. */
  async configure(settings: CheckerSettings): Promise<void> {
    if (this.#fallback) return this.#fallback.configure(settings);
    if (!(await this.#deps.offscreen.hasDocument().catch(() => false))) return;
    if (!settings.localChecker) await this.#deps.offscreen.closeDocument().catch(() => undefined);
    else
      await this.#deps.send({ target: OFFSCREEN_TARGET, op: 'configure', settings }).catch(() => undefined);
  }

  async #request(
    message: OffscreenRequest,
    viaFallback: (backend: LocalCheckBackend) => Promise<unknown>,
  ): Promise<unknown> {
    if (this.#fallback || !(await this.#ensureDocument())) return viaFallback(this.#fallback!);
    try {
      return await this.#deps.send(message);
    } catch {
      // The document was closed or crashed between the check and the send: once more.
      if (!(await this.#ensureDocument())) return viaFallback(this.#fallback!);
      return this.#deps.send(message);
    }
  }

  /** True once the document exists; false when it cannot be created (then the fallback is set). */
  async #ensureDocument(): Promise<boolean> {
    const { offscreen } = this.#deps;
    if (await offscreen.hasDocument()) return true;
    this.#creating ??= offscreen
      .createDocument({
        url: this.#deps.pageUrl,
        reasons: ['WORKERS'],
        justification: 'Runs the offline grammar checker (WebAssembly) outside the service worker.',
      })
      .finally(() => (this.#creating = null));
    try {
      await this.#creating;
      return true;
    } catch (error) {
      // Another request may have created it in the meantime ("only a single offscreen document").
      if (await offscreen.hasDocument().catch(() => false)) return true;
      console.warn('Redline: no offscreen document for the local checker; linting in the background.', error);
      this.#fallback = this.#deps.fallback();
      return false;
    }
  }
}

function isLanguageLists(value: unknown, length: number): value is string[][] {
  return (
    Array.isArray(value) &&
    value.length === length &&
    value.every((list) => Array.isArray(list) && list.every((code) => typeof code === 'string'))
  );
}

function isCheckResult(value: unknown): value is CheckResult {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}
