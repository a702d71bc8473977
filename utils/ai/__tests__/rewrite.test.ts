/**
 * The rewrite port against the real OpenAI-compatible test server, through the real `openai` SDK.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakePort } from '../../../tests/support/fake-port';
import {
  startTestServer,
  type RequestLogEntry,
  type TestServer,
} from '../../../tests/server/openai-test-server';
import type { RewriteServerMessage } from '../../rewrite/messages';
import { DEFAULT_SETTINGS, type Settings } from '../../settings';
import { createClient, type ClientOptions } from '../client';
import type { ModelContext } from '../model-context';
import { createRateLimiter } from '../rate-limit';
import { serveRewritePort, type RewriteDeps } from '../rewrite';
import type { TokenUsage } from '../usage-recorder';

const KEY = 'sk-test-redline';
const MODEL = 'redline-test-model';
const SENTENCE = 'hey can u send me the report by friday';

const createPort = () => createFakePort<RewriteServerMessage>('redline-rewrite');

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ port: 0 });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.reset();
  // The service worker has navigator.onLine; Node 20 has no navigator at all.
  vi.stubGlobal('navigator', { onLine: true });
});

function setup(options: { settings?: Partial<Settings>; context?: ModelContext; apiKey?: string } = {}) {
  const usage: TokenUsage[] = [];
  const settings: Settings = {
    ...DEFAULT_SETTINGS,
    provider: 'custom',
    baseURL: server.url,
    model: MODEL,
    ...options.settings,
  };
  const deps: RewriteDeps = {
    modelContext: async (clientOptions: ClientOptions) =>
      options.context ?? {
        ok: true,
        settings,
        client: createClient(
          { baseURL: server.url, apiKey: options.apiKey ?? KEY },
          { ...clientOptions, maxRetries: 0 },
        ),
        model: MODEL,
        baseURL: server.url,
        errors: { baseURL: server.url, model: MODEL, online: true, hasHostAccess: true },
      },
    limiter: createRateLimiter(() => 0),
    recordUsage: async (_model, u) => void usage.push(u),
    predictionRefused: new Set(),
  };
  return { deps, usage };
}

function open(deps: RewriteDeps) {
  const page = createPort();
  serveRewritePort(page.port, deps);
  return page;
}

const chats = () => server.log.filter((e) => e.path === '/v1/chat/completions');
const bodyOf = (entry: RequestLogEntry | undefined) =>
  entry?.body as { messages: { role: string; content: string }[]; [key: string]: unknown };

describe('serveRewritePort', () => {
  it('streams the rewrite chunk by chunk and ends with the cleaned text', async () => {
    server.reply(
      SENTENCE,
      'Sure! Here is a more formal version:\n\n"Could you please send me the report by Friday?"',
    );
    const { deps, usage } = setup({ settings: { tone: 'friendly' } });
    const page = open(deps);
    page.send({ type: 'start', menuItemId: 'redline-shorten', text: SENTENCE });

    const done = await page.next('done');
    expect(done).toEqual({
      type: 'done',
      text: 'Could you please send me the report by Friday?',
      stopped: false,
    });
    expect(page.deltas().length).toBeGreaterThan(3);
    expect(page.deltas().join('')).toBe(done.text);
    expect(page.received[0]).toEqual({ type: 'start' });

    const body = bodyOf(chats()[0]);
    expect(body.stream).toBe(true);
    expect(body.messages[0]?.content).toContain('Task: Shorten the text');
    expect(body.messages[0]?.content).toContain('Write in a friendly, warm tone.');
    expect(body.messages[1]).toEqual({ role: 'user', content: `<text>\n${SENTENCE}\n</text>` });
    // Scaled to the selection, far below the 1024 cap.
    expect(body.max_tokens).toBe(64);
    expect(body).not.toHaveProperty('prediction');
    await expect.poll(() => usage.length).toBe(1);
  });

  it('sends a custom prompt’s instruction', async () => {
    const instruction = 'Rewrite this as a pirate would say it.';
    const { deps } = setup({ settings: { customPrompts: [{ name: 'Pirate', instruction }] } });
    const page = open(deps);
    page.send({ type: 'start', menuItemId: 'redline-custom-0', text: SENTENCE });
    await page.next('done');
    expect(bodyOf(chats()[0]).messages[0]?.content).toContain(`Task: ${instruction}`);
  });

  it('refuses a custom prompt that no longer exists, without asking the model', async () => {
    const { deps } = setup();
    const page = open(deps);
    page.send({ type: 'start', menuItemId: 'redline-custom-4', text: SENTENCE });
    expect((await page.next('error')).message).toMatch(/no longer exists/);
    expect(chats()).toHaveLength(0);
  });

  it('Stop aborts the request and keeps what arrived', async () => {
    server.enqueue({ kind: 'slow', delayMs: 150 });
    server.reply(SENTENCE, 'One two three four five six seven eight nine ten eleven twelve.');
    const { deps } = setup();
    const page = open(deps);
    page.send({ type: 'start', menuItemId: 'redline-formal', text: SENTENCE });
    await page.next('delta', { timeoutMs: 5000 });
    page.send({ type: 'stop' });
    const done = await page.next('done');
    expect(done.stopped).toBe(true);
    expect(done.text.length).toBeLessThan(
      'One two three four five six seven eight nine ten eleven twelve.'.length,
    );
    const entry = await server.waitFor((e) => e.path === '/v1/chat/completions' && e.closedByClient);
    expect(entry.closedByClient).toBe(true);
  });

  it('closing the port aborts the request', async () => {
    server.enqueue({ kind: 'hang' });
    const { deps } = setup();
    const page = open(deps);
    page.send({ type: 'start', menuItemId: 'redline-expand', text: SENTENCE });
    await server.waitFor((e) => e.path === '/v1/chat/completions');
    page.close();
    const entry = await server.waitFor((e) => e.path === '/v1/chat/completions' && e.closedByClient);
    expect(entry.closedByClient).toBe(true);
  });

  describe('predicted outputs for Fix grammar on OpenAI', () => {
    const openai = { provider: 'openai' } as const;

    it('sends the selection as the prediction, without a length cap', async () => {
      const { deps } = setup({ settings: openai });
      const page = open(deps);
      page.send({ type: 'start', menuItemId: 'redline-fix', text: SENTENCE });
      await page.next('done');
      const body = bodyOf(chats()[0]);
      expect(body.prediction).toEqual({ type: 'content', content: SENTENCE });
      expect(body).not.toHaveProperty('max_tokens');
      expect(body).not.toHaveProperty('max_completion_tokens');
    });

    it('asks again without it when the server refuses it, and remembers', async () => {
      server.setRejections({ params: ['prediction'] });
      server.reply(SENTENCE, 'Hey, can you send me the report by Friday?');
      const { deps } = setup({ settings: openai });
      const first = open(deps);
      first.send({ type: 'start', menuItemId: 'redline-fix', text: SENTENCE });
      expect((await first.next('done')).text).toBe('Hey, can you send me the report by Friday?');
      expect(chats().map((e) => e.status)).toEqual([400, 200]);
      expect(bodyOf(chats()[1])).not.toHaveProperty('prediction');
      expect(bodyOf(chats()[1]).max_tokens).toBeGreaterThan(0);

      const second = open(deps);
      second.send({ type: 'start', menuItemId: 'redline-fix', text: SENTENCE });
      await second.next('done');
      expect(chats().map((e) => e.status)).toEqual([400, 200, 200]);
    });

    it('is not sent for other actions or other providers', async () => {
      const { deps } = setup({ settings: openai });
      const page = open(deps);
      page.send({ type: 'start', menuItemId: 'redline-formal', text: SENTENCE });
      await page.next('done');
      const custom = open(setup().deps);
      custom.send({ type: 'start', menuItemId: 'redline-fix', text: SENTENCE });
      await custom.next('done');
      expect(chats().map((e) => bodyOf(e).prediction)).toEqual([undefined, undefined]);
    });
  });

  describe('errors reach the panel as a message', () => {
    it.each([
      [{ kind: 'status', status: 401 } as const, 'unauthorized', /API key was refused/],
      [{ kind: 'status', status: 429 } as const, 'rate-limited', /Rate limited/],
      [{ kind: 'status', status: 503 } as const, 'server-error', /server error \(503\)/],
    ])('%o', async (mode, code, message) => {
      server.enqueue(mode);
      const page = open(setup().deps);
      page.send({ type: 'start', menuItemId: 'redline-formal', text: SENTENCE });
      const error = await page.next('error');
      expect(error.code).toBe(code);
      expect(error.message).toMatch(message);
      expect(page.deltas()).toEqual([]);
    });

    it('times out', async () => {
      server.enqueue({ kind: 'hang' });
      const { deps } = setup();
      const context = await deps.modelContext({ timeoutMs: 200, maxRetries: 0 });
      const page = open({ ...deps, modelContext: async () => context });
      page.send({ type: 'start', menuItemId: 'redline-formal', text: SENTENCE });
      expect((await page.next('error')).code).toBe('timeout');
    });

    it('privacy mode and a missing key stop the request before it is sent', async () => {
      for (const context of [
        { ok: false, code: 'privacy', message: 'Privacy mode is on: nothing is sent to your model.' },
        { ok: false, code: 'no-key', message: 'No API key yet: add one in Redline’s settings.' },
      ] as const) {
        const page = open(setup({ context }).deps);
        page.send({ type: 'start', menuItemId: 'redline-formal', text: SENTENCE });
        expect(await page.next('error')).toEqual({
          type: 'error',
          code: context.code,
          message: context.message,
        });
      }
      expect(chats()).toHaveLength(0);
    });

    it('refuses malformed requests and unknown actions', async () => {
      const page = open(setup().deps);
      page.send({ type: 'start', menuItemId: 'redline-formal', text: '' });
      expect((await page.next('error')).code).toBe('bad-request');
      const other = open(setup().deps);
      other.send({ type: 'start', menuItemId: 'redline-poem', text: SENTENCE });
      expect((await other.next('error')).message).toBe('Unknown rewrite.');
      expect(chats()).toHaveLength(0);
    });
  });
});
