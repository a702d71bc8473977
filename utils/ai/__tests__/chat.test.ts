/**
 * The chat port against the real OpenAI-compatible test server, through the real `openai` SDK.
 */
import { spendGuardFor } from './spend-fixture';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakePort } from '../../../tests/support/fake-port';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  countChatTokens,
  countTokens,
  messageText,
  startTestServer,
  type TestServer,
} from '../../../tests/server/openai-test-server';
import { createKeepAlive } from '../../messaging/keep-alive';
import { servePort } from '../../messaging/serve-port';
import { DEFAULT_CHAT_SYSTEM_MESSAGE, DEFAULT_SETTINGS, type ChatTurn } from '../../settings';
import { boundHistory, chatPortService, MAX_HISTORY_CHARS, STORAGE_FULL, type ChatDeps } from '../chat';
import { createClient, type ClientOptions } from '../client';
import type { ModelContext } from '../model-context';
import { createRateLimiter } from '../rate-limit';
import type { TokenUsage } from '../usage-recorder';

const KEY = 'sk-test-redline';
const MODEL = 'redline-test-model';

const createPort = () =>
  createFakePort('redline-chat', { id: 'redline', url: 'chrome-extension://redline/popup.html' });
const keepAlive = createKeepAlive(async () => undefined);

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ port: 0 });
});
afterAll(async () => {
  await server.close();
});

/** A background wired to the test server, with its history and usage in memory. */
function setup(
  options: { apiKey?: string; history?: ChatTurn[]; context?: ModelContext; storageFull?: boolean } = {},
) {
  let turns: ChatTurn[] = options.history ?? [];
  const usage: { model: string; usage: TokenUsage }[] = [];
  const settings = { ...DEFAULT_SETTINGS, baseURL: server.url, model: MODEL };
  const deps: ChatDeps = {
    modelContext: async (clientOptions: ClientOptions) =>
      options.context ?? {
        ok: true,
        settings,
        client: createClient({ baseURL: server.url, apiKey: options.apiKey ?? KEY }, clientOptions),
        model: MODEL,
        baseURL: server.url,
        errors: { baseURL: server.url, model: MODEL, online: true, hasHostAccess: true },
      },
    history: {
      get: async () => turns,
      set: async (next) => {
        if (options.storageFull) throw new Error('QUOTA_BYTES quota exceeded');
        turns = next;
      },
    },
    limiter: createRateLimiter(() => 0),
    spend: spendGuardFor(() => settings),
    recordUsage: async (model, tokens) => {
      usage.push({ model, usage: tokens });
    },
    isExtensionPage: () => true,
  };
  const popup = createPort();
  servePort(popup.port, chatPortService(deps), keepAlive);
  return { popup, usage, history: () => turns };
}

/** The chat completion requests the server received. */
const chatRequests = () => server.log.filter((e) => e.method === 'POST' && e.path === '/v1/chat/completions');

beforeEach(() => {
  fakeBrowser.reset();
  server.reset();
  // The service worker has navigator.onLine; Node 20 has no navigator at all.
  vi.stubGlobal('navigator', { onLine: true });
  return () => {
    vi.unstubAllGlobals();
  };
});

describe('the chat port', () => {
  it('streams the reply in several pieces, then says it is done', async () => {
    const { popup } = setup();
    const id = popup.start({ text: 'hello there, model' });
    expect(await popup.end(id)).toEqual({ ok: true, stopped: false });
    expect(popup.chunks(id)[0]).toEqual({ type: 'start' });
    // One port message per chunk.
    expect(popup.received.filter((m) => m.type === 'chunk').length).toBe(popup.chunks(id).length);
    expect(popup.deltas(id).length).toBeGreaterThan(1);
    expect(popup.deltas(id).join('')).toBe('Echo: hello there, model');
  });

  it('keeps the question and the reply in the history', async () => {
    const { popup, history } = setup();
    await popup.end(popup.start({ text: 'hello there' }));
    expect(history()).toEqual([
      { role: 'user', content: 'hello there' },
      { role: 'assistant', content: 'Echo: hello there' },
    ]);
  });

  it("records the reply's token usage for the model", async () => {
    const { popup, usage } = setup();
    await popup.end(popup.start({ text: 'count my tokens' }));
    const messages = [
      { role: 'system', content: DEFAULT_CHAT_SYSTEM_MESSAGE },
      { role: 'user', content: 'count my tokens' },
    ];
    expect(usage).toEqual([
      {
        model: MODEL,
        usage: expect.objectContaining({
          prompt_tokens: countChatTokens(messages),
          completion_tokens: countTokens('Echo: count my tokens'),
        }) as TokenUsage,
      },
    ]);
  });

  it('sends the system message first, then the earlier turns, then the question', async () => {
    const earlier: ChatTurn[] = [
      { role: 'user', content: 'What is a semicolon?' },
      { role: 'assistant', content: 'A punctuation mark.' },
      { role: 'user', content: 'And a colon?' },
      { role: 'assistant', content: '', error: 'The API key was refused (401).' },
    ];
    const { popup } = setup({ history: earlier });
    await popup.end(popup.start({ text: 'Thanks!' }));
    const [request] = chatRequests();
    const messages = (request?.body as { messages: { role: string; content: unknown }[] }).messages;
    expect(messages.map((m) => ({ role: m.role, content: messageText(m.content) }))).toEqual([
      { role: 'system', content: DEFAULT_CHAT_SYSTEM_MESSAGE },
      { role: 'user', content: 'What is a semicolon?' },
      { role: 'assistant', content: 'A punctuation mark.' },
      // The failed reply is not sent back to the model.
      { role: 'user', content: 'And a colon?' },
      { role: 'user', content: 'Thanks!' },
    ]);
  });

  it('asks the server for a stream with usage, using the chat length limit', async () => {
    const { popup } = setup();
    await popup.end(popup.start({ text: 'hi' }));
    expect(chatRequests()[0]?.body).toMatchObject({
      model: MODEL,
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: DEFAULT_SETTINGS.advanced.maxTokensChat,
    });
  });

  it('stops mid-stream on Stop, closes the request and keeps the partial reply marked incomplete', async () => {
    const { popup, history } = setup();
    server.enqueue({ kind: 'slow', delayMs: 200 });
    const id = popup.start({ text: 'a long answer please' });
    await popup.chunk(id, 'delta');
    popup.cancel(id);

    expect(await popup.end(id)).toEqual({ ok: true, stopped: true });
    const entry = await server.waitFor((e) => e.path === '/v1/chat/completions' && e.closedByClient);
    expect(entry.closedByClient).toBe(true);
    const reply = history().at(-1);
    expect(reply).toMatchObject({ role: 'assistant', incomplete: true });
    expect(reply?.content).toBe(popup.deltas(id).join(''));
    expect(reply?.content.length).toBeGreaterThan(0);
    expect('Echo: a long answer please'.startsWith(reply?.content ?? '-')).toBe(true);
  });

  it('aborts the request when the popup closes, and keeps what had arrived', async () => {
    const { popup, history } = setup();
    server.enqueue({ kind: 'slow', delayMs: 200 });
    const id = popup.start({ text: 'a long answer please' });
    await popup.chunk(id, 'delta');
    const seen = popup.deltas(id).join('');
    popup.close();

    await server.waitFor((e) => e.path === '/v1/chat/completions' && e.closedByClient);
    await vi.waitFor(() => expect(history().at(-1)?.role).toBe('assistant'));
    expect(history().at(-1)).toEqual({ role: 'assistant', content: seen, incomplete: true });
    expect(popup.postedAfterDisconnect).toBe(0);
  });

  it('reports a refused key with the unauthorized code and records the failure in the history', async () => {
    const { popup, history } = setup({ apiKey: 'sk-wrong-key-123456789' });
    const error = await popup.end(popup.start({ text: 'hello' }));
    if (error.ok) throw new Error('expected a failure');
    expect(error.code).toBe('unauthorized');
    expect(error.message).toContain('401');
    expect(error.message).not.toContain('sk-wrong-key-123456789');
    expect(history()).toEqual([
      { role: 'user', content: 'hello' },
      { role: 'assistant', content: '', incomplete: false, error: error.message },
    ]);
  });

  it('reports why a request cannot run (no key) without touching the history', async () => {
    const { popup, history } = setup({
      context: { ok: false, code: 'no-key', message: 'No API key yet: add one in Redline’s settings.' },
    });
    expect(await popup.end(popup.start({ text: 'hello' }))).toEqual({
      ok: false,
      code: 'no-key',
      message: 'No API key yet: add one in Redline’s settings.',
    });
    expect(history()).toEqual([]);
    expect(chatRequests()).toHaveLength(0);
  });

  it.each([
    ['an unknown field', { text: 'hi', shout: true }],
    ['an empty message', { text: '   ' }],
    ['a text that is not a string', { text: 42 }],
    ['not an object', 'send hi'],
  ])('refuses %s', async (_label, message) => {
    const { popup, history } = setup();
    expect(await popup.end(popup.start(message))).toEqual({
      ok: false,
      code: 'bad-request',
      message: 'Refused: malformed chat message.',
    });
    expect(history()).toEqual([]);
  });

  it('answers busy to a second message while a reply is streaming, and finishes the first', async () => {
    const { popup, history } = setup();
    server.enqueue({ kind: 'slow', delayMs: 20 });
    const first = popup.start({ text: 'first' });
    const second = popup.start({ text: 'second' });
    expect(await popup.end(second)).toMatchObject({ ok: false, code: 'busy' });
    expect(await popup.end(first)).toEqual({ ok: true, stopped: false });
    expect(history().map((t) => t.content)).toEqual(['first', 'Echo: first']);
    expect(chatRequests()).toHaveLength(1);
  });

  it('takes the next message once a reply is done', async () => {
    const { popup, history } = setup();
    await popup.end(popup.start({ text: 'first' }));
    // A real port delivers the popup's next message in a later task.
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(await popup.end(popup.start({ text: 'second' }))).toEqual({ ok: true, stopped: false });
    expect(history().map((t) => t.content)).toEqual(['first', 'Echo: first', 'second', 'Echo: second']);
  });

  it('a full storage.local is a clear error, not a hung popup: nothing is sent', async () => {
    const { popup } = setup({ storageFull: true });
    expect(await popup.end(popup.start({ text: 'hello' }))).toEqual({
      ok: false,
      code: 'storage-full',
      message: STORAGE_FULL,
    });
    expect(chatRequests()).toHaveLength(0);
  });

  it('an endless reply is cut at the cap with a clear message, and the port takes the next request', async () => {
    const { popup, history } = setup();
    server.enqueue({ kind: 'endless' });
    const result = await popup.end(popup.start({ text: 'never stop' }), 30_000);
    expect(result).toMatchObject({ ok: false, code: 'too-large' });
    expect(history().at(-1)).toMatchObject({ role: 'assistant', incomplete: true });
    expect(await popup.end(popup.start({ text: 'next' }))).toEqual({ ok: true, stopped: false });
  }, 40_000);
});

describe('the chat history', () => {
  it('is bounded in characters: the oldest turns go first, the newest always stays', () => {
    const big = (n: number): ChatTurn => ({ role: 'user', content: 'x'.repeat(n) });
    const turns = [big(300_000), big(50_000), big(60_000), { role: 'assistant' as const, content: 'ok' }];
    const kept = boundHistory(turns);
    expect(kept.map((t) => t.content.length)).toEqual([50_000, 60_000, 2]);
    expect(kept.reduce((sum, t) => sum + t.content.length, 0)).toBeLessThanOrEqual(MAX_HISTORY_CHARS);
    expect(boundHistory([big(MAX_HISTORY_CHARS * 2)])).toHaveLength(1);
  });
});
