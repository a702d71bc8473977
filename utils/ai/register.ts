import browser from 'webextension-polyfill';
import { registerPort } from '../messaging/serve-port';
import { CHAT_PORT, CHECK_PORT, REWRITE_PORT } from '../messaging/protocol';
import { isExtensionPage, routerContext, type Handlers } from '../messaging/router';
import { chatHistoryItem, getSettings, spendingStopItem, usageItem } from '../settings';
import { chatPortService } from './chat';
import { CheckCache } from './check-cache';
import { checkPortService, type CheckPortDeps } from './check-port';
import { runLlmCheck, type FormatMemory, type LlmCheckDeps, type ReplyFormat } from './llm-check';
import { createClient } from './client';
import { listModels, testConnection } from './connection';
import { errorContext, modelContext } from './model-context';
import { keyStatus, readApiKey, setKeyRemembered, writeApiKey } from './key';
import { checkBaseURL } from '../providers';
import { createRateLimiter } from './rate-limit';
import type { ClientOptions } from './client';
import type { ModelContext } from './model-context';
import { rewritePortService } from './rewrite';
import type { RewriteGrants } from './rewrite-grants';
import { recordUsage } from './usage-recorder';
import { createSpendGuard } from './spend-guard';
import { createTokenCounter, TOKENIZER_RANKS_PATH, type BpeRanks } from './tokenizer';
import { showSpending } from './spend-badge';

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

/** Token counts for the spending limits; the rank table loads on the first count. */
const tokens = createTokenCounter(async () => {
  const response = await fetch(browser.runtime.getURL(`/${TOKENIZER_RANKS_PATH}`));
  if (!response.ok) throw new Error(`Redline: the tokenizer's table is missing (${response.status}).`);
  return (await response.json()) as BpeRanks;
});

/** The daily and monthly limits, in front of every model request this background makes. */
export const spend = createSpendGuard({
  usage: () => usageItem.getValue(),
  settings: getSettings,
  tokens,
  now: () => new Date(),
  stop: { get: () => spendingStopItem.getValue(), set: (stop) => spendingStopItem.setValue(stop) },
  onState: showSpending,
});

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

function followRpmSetting(): void {
  void getSettings().then((settings) => (cachedRpm = settings.advanced.requestsPerMinute));
  browser.storage.onChanged.addListener((changes) => {
    if ('settings' in changes)
      void getSettings().then((settings) => (cachedRpm = settings.advanced.requestsPerMinute));
  });
}

/** The popup's chat: Redline's own pages only. */
export function registerChatPort(): void {
  followRpmSetting();
  const ctx = routerContext();
  registerPort(
    CHAT_PORT,
    chatPortService({
      modelContext: (options) => modelContext(options, 'chat'),
      history: { get: () => chatHistoryItem.getValue(), set: (turns) => chatHistoryItem.setValue(turns) },
      limiter,
      spend,
      recordUsage: (model, usage) => recordUsage('chat', model, usage),
      isExtensionPage: (sender) => isExtensionPage(sender, ctx),
    }),
  );
}

/** The Rewrite panel's port: content scripts with a grant from a menu click or the shortcut. */
export function registerRewritePort(grants: RewriteGrants): void {
  registerPort(
    REWRITE_PORT,
    rewritePortService({
      modelContext: (options) => modelContext(options, 'rewrite'),
      limiter,
      spend,
      recordUsage: (model, usage) => recordUsage('rewrite', model, usage),
      grants,
      predictionRefused: new Set(),
    }),
  );
}

/** Learnt reply formats per base URL (see `runLlmCheck`); not secret, kept in storage.local. */
const FORMATS_KEY = 'llmReplyFormats';
let formats: Promise<Record<string, ReplyFormat>> | null = null;
const loadFormats = () =>
  (formats ??= browser.storage.local.get(FORMATS_KEY).then((stored) => {
    // What versions before streamed checks learnt (format names only) is learnt again.
    void browser.storage.local.remove('llmResponseFormats').catch(() => undefined);
    return (stored[FORMATS_KEY] ?? {}) as Record<string, ReplyFormat>;
  }));
const formatMemory: FormatMemory = {
  async get(baseURL) {
    return (await loadFormats())[baseURL];
  },
  async set(baseURL, format) {
    const next = { ...(await loadFormats()), [baseURL]: format };
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
    context = modelContext(options, 'check');
    context.catch(() => checkContexts.delete(options));
    checkContexts.set(options, context);
  }
  return context;
}
function forgetCheckContext(): void {
  checkContexts.clear();
}

/** Checks from content scripts and the playground: the local checker and the model, one port. */
export function registerCheckPort(
  local: CheckPortDeps['local'],
  languagesOf?: LlmCheckDeps['languagesOf'],
): void {
  browser.storage.onChanged.addListener((changes) => {
    if ('settings' in changes || 'apiKey' in changes || 'apiKeyStamp' in changes) forgetCheckContext();
  });
  browser.permissions.onAdded.addListener(forgetCheckContext);
  browser.permissions.onRemoved.addListener(forgetCheckContext);
  let llmDeps: LlmCheckDeps | undefined;
  const ctx = routerContext();
  registerPort(
    CHECK_PORT,
    checkPortService({
      local,
      llm: (paragraphs, call) => {
        llmDeps ??= {
          modelContext: cachedModelContext,
          limiter,
          spend,
          recordUsage: (model, usage) => recordUsage('check', model, usage),
          cache: new CheckCache(browser.storage.session),
          formats: formatMemory,
          uiLanguage: () => browser.i18n.getUILanguage(),
          languagesOf,
        };
        return runLlmCheck(paragraphs, call, llmDeps);
      },
      isExtensionPage: (sender) => isExtensionPage(sender, ctx),
    }),
  );
}
