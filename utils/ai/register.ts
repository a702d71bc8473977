import browser from 'webextension-polyfill';
import type { Runtime } from 'webextension-polyfill';
import { CHAT_PORT, CHECK_PORT } from '../messaging';
import { isExtensionPage, type Handlers } from '../protocol';
import { chatHistoryItem, getSettings } from '../settings';
import { serveChatPort } from './chat';
import { CheckCache } from './check-cache';
import type { ResponseFormatLevel } from './check-prompt';
import { serveCheckPort } from './check-port';
import type { FormatMemory, LlmCheckDeps } from './llm-check';
import { createClient } from './client';
import { listModels, testConnection } from './connection';
import { errorContext, modelContext } from './model-context';
import { keyStatus, readApiKey, setKeyRemembered, writeApiKey } from './key';
import { checkBaseURL } from './providers';
import { createRateLimiter } from './rate-limit';
import type { ClientOptions } from './client';
import type { ModelContext } from './model-context';
import { recordUsage } from './usage-recorder';

/** Provider checks are quick diagnostics: no retries, a short timeout. */
const DIAGNOSTIC = { timeoutMs: 10_000, maxRetries: 0 };

let cachedRpm = 60;
/** One queue for every model request this background makes, capped by the user's RPM setting. */
export const limiter = createRateLimiter(() => cachedRpm);

async function diagnosticClient(baseURL: string, model: string, apiKey: string | undefined) {
  const checked = checkBaseURL(baseURL);
  if (!checked.ok) return { ok: false as const, code: 'bad-url', message: checked.error };
  const key = apiKey ?? (await readApiKey()).key;
  return {
    ok: true as const,
    client: createClient({ baseURL, apiKey: key }, DIAGNOSTIC),
    errors: await errorContext(baseURL, model),
  };
}

/** Handlers for the key and provider kinds (all privileged: Redline's own pages only). */
export const modelHandlers: Pick<Handlers, 'key.status' | 'key.set' | 'connection.test' | 'models.list'> = {
  'key.status': () => keyStatus(),
  'key.set': async ({ key, remember }) => {
    if (key === undefined) await setKeyRemembered(remember);
    else await writeApiKey(key, remember);
    return keyStatus();
  },
  'connection.test': async ({ baseURL, model, apiKey }) => {
    const prepared = await diagnosticClient(baseURL, model, apiKey);
    if (!prepared.ok) return prepared;
    return testConnection(prepared.client, prepared.errors);
  },
  'models.list': async ({ baseURL, apiKey }) => {
    const prepared = await diagnosticClient(baseURL, '', apiKey);
    if (!prepared.ok) return prepared;
    return listModels(prepared.client, prepared.errors);
  },
};

/** The popup's chat: a named port from Redline's own pages only. */
export function registerChatPort(): void {
  void getSettings().then((s) => (cachedRpm = s.advanced.requestsPerMinute));
  browser.storage.onChanged.addListener(() => {
    void getSettings().then((s) => (cachedRpm = s.advanced.requestsPerMinute));
  });
  const ctx = { extensionId: browser.runtime.id, extensionOrigin: browser.runtime.getURL('/') };
  browser.runtime.onConnect.addListener((port: Runtime.Port) => {
    if (port.name !== CHAT_PORT) return;
    if (!port.sender || port.sender.id !== ctx.extensionId || !isExtensionPage(port.sender, ctx)) {
      port.disconnect();
      return;
    }
    serveChatPort(port, {
      modelContext,
      history: { get: () => chatHistoryItem.getValue(), set: (turns) => chatHistoryItem.setValue(turns) },
      limiter,
      recordUsage,
    });
  });
}

/** Learnt reply formats per base URL (see `runLlmCheck`); not secret, kept in storage.local. */
const FORMATS_KEY = 'llmResponseFormats';
let formats: Promise<Record<string, ResponseFormatLevel>> | null = null;
const loadFormats = () =>
  (formats ??= browser.storage.local
    .get(FORMATS_KEY)
    .then((stored) => (stored[FORMATS_KEY] ?? {}) as Record<string, ResponseFormatLevel>));
const formatMemory: FormatMemory = {
  async get(baseURL) {
    return (await loadFormats())[baseURL];
  },
  async set(baseURL, level) {
    const next = { ...(await loadFormats()), [baseURL]: level };
    formats = Promise.resolve(next);
    await browser.storage.local.set({ [FORMATS_KEY]: next });
  },
};

/**
 * Checks run after every pause in typing: the settings, key and host access they need are read once
 * and kept until one of them changes, instead of several storage reads per request.
 */
const checkContexts = new Map<ClientOptions, Promise<ModelContext>>();
function cachedModelContext(options: ClientOptions): Promise<ModelContext> {
  // Per options: the client inside is built with them (timeout, retries).
  let context = checkContexts.get(options);
  if (!context) {
    context = modelContext(options);
    context.catch(() => checkContexts.delete(options));
    checkContexts.set(options, context);
  }
  return context;
}
function forgetCheckContext(): void {
  checkContexts.clear();
}

let checkDeps: LlmCheckDeps | undefined;

/** LLM checks from content scripts: a named port per frame, from Redline's own extension only. */
export function registerCheckPort(): void {
  browser.storage.onChanged.addListener((changes) => {
    if ('settings' in changes || 'apiKey' in changes) forgetCheckContext();
  });
  browser.permissions.onAdded.addListener(forgetCheckContext);
  browser.permissions.onRemoved.addListener(forgetCheckContext);
  browser.runtime.onConnect.addListener((port: Runtime.Port) => {
    if (port.name !== CHECK_PORT) return;
    if (!port.sender || port.sender.id !== browser.runtime.id) {
      port.disconnect();
      return;
    }
    checkDeps ??= {
      modelContext: cachedModelContext,
      limiter,
      recordUsage,
      cache: new CheckCache(browser.storage.session),
      formats: formatMemory,
      uiLanguage: () => browser.i18n.getUILanguage(),
    };
    serveCheckPort(port, checkDeps);
  });
}
