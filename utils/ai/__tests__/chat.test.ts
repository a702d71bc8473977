/**
 * The chat port against the real OpenAI-compatible test server, through the real `openai` SDK.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakePort } from '../../../tests/support/fake-port';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  estimateTokens,
  messageText,
  startTestServer,
  type TestServer,
} from '../../../tests/server/openai-test-server';
import type { ChatServerMessage } from '../../messaging';
import { DEFAULT_CHAT_SYSTEM_MESSAGE, DEFAULT_SETTINGS, type ChatTurn } from '../../settings';
import { serveChatPort, type ChatDeps } from '../chat';
import { createClient, type ClientOptions } from '../client';
import type { ModelContext } from '../model-context';
import { createRateLimiter } from '../rate-limit';
import type { TokenUsage } from '../usage-recorder';

const KEY = 'sk-test-redline';
const MODEL = 'redline-test-model';

const createPort = () => createFakePort<ChatServerMessage>('redline-chat');

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ port: 0 });
});
afterAll(async () => {
  await server.close();
});

/** A background wired to the test server, with its history and usage in memory. */
function setup(options: { apiKey?: string; history?: ChatTurn[]; context?: ModelContext } = {}) {
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
        turns = next;
      },
    },
    limiter: createRateLimiter(() => 0),
    recordUsage: async (model, tokens) => {
      usage.push({ model, usage: tokens });
    },
  };
  const popup = createPort();
  serveChatPort(popup.port, deps);
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

describe('serveChatPort', () => {
  it('streams the reply in several pieces, then says it is done', async () => {
    const { popup } = setup();
    popup.send({ type: 'send', text: 'hello there, model' });
    expect(await popup.next('done')).toEqual({ type: 'done', stopped: false });
    expect(popup.received[0]).toEqual({ type: 'start' });
    expect(popup.deltas().length).toBeGreaterThan(1);
    expect(popup.deltas().join('')).toBe('Echo: hello there, model');
  });

  it('keeps the question and the reply in the history', async () => {
    const { popup, history } = setup();
    popup.send({ type: 'send', text: 'hello there' });
    await popup.next('done');
    expect(history()).toEqual([
      { role: 'user', content: 'hello there' },
      { role: 'assistant', content: 'Echo: hello there' },
    ]);
  });

  it("records the reply's token usage for the model", async () => {
    const { popup, usage } = setup();
    popup.send({ type: 'send', text: 'count my tokens' });
    await popup.next('done');
    const promptText = DEFAULT_CHAT_SYSTEM_MESSAGE + 'count my tokens';
    expect(usage).toEqual([
      {
        model: MODEL,
        usage: expect.objectContaining({
          prompt_tokens: estimateTokens(promptText),
          completion_tokens: estimateTokens('Echo: count my tokens'),
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
    popup.send({ type: 'send', text: 'Thanks!' });
    await popup.next('done');
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
    popup.send({ type: 'send', text: 'hi' });
    await popup.next('done');
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
    popup.send({ type: 'send', text: 'a long answer please' });
    await popup.next('delta');
    popup.send({ type: 'stop' });

    expect(await popup.next('done')).toEqual({ type: 'done', stopped: true });
    const entry = await server.waitFor((e) => e.path === '/v1/chat/completions' && e.closedByClient);
    expect(entry.closedByClient).toBe(true);
    const reply = history().at(-1);
    expect(reply).toMatchObject({ role: 'assistant', incomplete: true });
    expect(reply?.content).toBe(popup.deltas().join(''));
    expect(reply?.content.length).toBeGreaterThan(0);
    expect('Echo: a long answer please'.startsWith(reply?.content ?? '-')).toBe(true);
  });

  it('aborts the request when the popup closes, and keeps what had arrived', async () => {
    const { popup, history } = setup();
    server.enqueue({ kind: 'slow', delayMs: 200 });
    popup.send({ type: 'send', text: 'a long answer please' });
    await popup.next('delta');
    const seen = popup.deltas().join('');
    popup.close();

    await server.waitFor((e) => e.path === '/v1/chat/completions' && e.closedByClient);
    await vi.waitFor(() => expect(history().at(-1)?.role).toBe('assistant'));
    expect(history().at(-1)).toEqual({ role: 'assistant', content: seen, incomplete: true });
    expect(popup.postedAfterDisconnect).toBe(0);
  });

  it('reports a refused key with the unauthorized code and records the failure in the history', async () => {
    const { popup, history } = setup({ apiKey: 'sk-wrong-key-123456789' });
    popup.send({ type: 'send', text: 'hello' });
    const error = await popup.next('error');
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
    popup.send({ type: 'send', text: 'hello' });
    expect(await popup.next('error')).toEqual({
      type: 'error',
      code: 'no-key',
      message: 'No API key yet: add one in Redline’s settings.',
    });
    expect(history()).toEqual([]);
    expect(chatRequests()).toHaveLength(0);
  });

  it.each([
    ['an unknown type', { type: 'shout', text: 'hi' }],
    ['an empty message', { type: 'send', text: '   ' }],
    ['a text that is not a string', { type: 'send', text: 42 }],
    ['not an object', 'send hi'],
  ])('refuses %s', async (_label, message) => {
    const { popup, history } = setup();
    popup.send(message);
    expect(await popup.next('error')).toEqual({
      type: 'error',
      code: 'bad-request',
      message: 'Refused: malformed chat message.',
    });
    expect(history()).toEqual([]);
  });

  it('answers busy to a second message while a reply is streaming, and finishes the first', async () => {
    const { popup, history } = setup();
    server.enqueue({ kind: 'slow', delayMs: 20 });
    popup.send({ type: 'send', text: 'first' });
    popup.send({ type: 'send', text: 'second' });
    expect(await popup.next('error')).toMatchObject({ code: 'busy' });
    expect(await popup.next('done')).toEqual({ type: 'done', stopped: false });
    expect(history().map((t) => t.content)).toEqual(['first', 'Echo: first']);
    expect(chatRequests()).toHaveLength(1);
  });

  it('takes the next message once a reply is done', async () => {
    const { popup, history } = setup();
    popup.send({ type: 'send', text: 'first' });
    await popup.next('done');
    // A real port delivers the popup's next message in a later task.
    await new Promise((resolve) => setTimeout(resolve, 0));
    const from = popup.received.length;
    popup.send({ type: 'send', text: 'second' });
    await popup.next('done', { from });
    expect(popup.received.slice(from).filter((m) => m.type === 'error')).toEqual([]);
    expect(history().map((t) => t.content)).toEqual(['first', 'Echo: first', 'second', 'Echo: second']);
  });
});
