/**
 * The rewrite port against the real OpenAI-compatible test server, through the real `openai` SDK.
 */
import { spendGuardFor } from './spend-fixture';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakePort } from '../../../tests/support/fake-port';
import {
  countChatTokens,
  startTestServer,
  type RequestLogEntry,
  type TestServer,
} from '../../../tests/server/openai-test-server';
import { createKeepAlive } from '../../messaging/keep-alive';
import { servePort } from '../../messaging/serve-port';
import { actionFromMenuId } from '../../rewrite/actions';
import { DEFAULT_SETTINGS, type Settings } from '../../settings';
import { createClient, type ClientOptions } from '../client';
import type { ModelContext } from '../model-context';
import { createRateLimiter } from '../rate-limit';
import { NOT_GRANTED, rewritePortService, type RewriteDeps } from '../rewrite';
import { RewriteGrants } from '../rewrite-grants';
import type { TokenUsage } from '../usage-recorder';

const KEY = 'sk-test-redline';
const MODEL = 'redline-test-model';
const SENTENCE = 'hey can u send me the report by friday';

/** A content script in tab 7's top frame. */
const TAB = { tabId: 7, frameId: 0 };
const createPort = (from = TAB) =>
  createFakePort('redline-rewrite', {
    id: 'redline',
    tab: { id: from.tabId, index: 0, highlighted: false, active: true, pinned: false, incognito: false },
    frameId: from.frameId,
    url: 'https://docs.example.com/',
  });
const keepAlive = createKeepAlive(async () => undefined);

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
    spend: spendGuardFor(() => settings),
    recordUsage: async (_model, u) => void usage.push(u),
    grants: new RewriteGrants(),
    predictionRefused: new Set(),
  };
  return { deps, usage };
}

function open(deps: RewriteDeps, from = TAB) {
  const page = createPort(from);
  servePort(page.port, rewritePortService(deps), keepAlive);
  return {
    ...page,
    /** A person clicks the menu item `menuItemId` on this tab: the page starts the rewrite with that grant. */
    rewrite(menuItemId: string, text = SENTENCE) {
      const action = actionFromMenuId(menuItemId);
      if (!action) throw new Error(`not a rewrite: ${menuItemId}`);
      return page.start({ grant: deps.grants.issue(TAB, action), text });
    },
  };
}

/** The result of a request that should have failed. */
async function failure(page: ReturnType<typeof open>, id: number) {
  const result = await page.end(id);
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result)}`);
  return result;
}

const chats = () => server.log.filter((e) => e.path === '/v1/chat/completions');
const bodyOf = (entry: RequestLogEntry | undefined) =>
  entry?.body as { messages: { role: string; content: string }[]; [key: string]: unknown };

describe('the rewrite port', () => {
  it('streams the rewrite chunk by chunk and ends with the cleaned text', async () => {
    server.reply(
      SENTENCE,
      'Sure! Here is a more formal version:\n\n"Could you please send me the report by Friday?"',
    );
    const { deps, usage } = setup({ settings: { tone: 'friendly' } });
    const page = open(deps);
    const id = page.rewrite('redline-shorten');

    const done = await page.end(id);
    expect(done).toEqual({
      ok: true,
      text: 'Could you please send me the report by Friday?',
      stopped: false,
    });
    expect(page.deltas(id).length).toBeGreaterThan(3);
    expect(page.deltas(id).join('')).toBe(done.ok && done.text);
    expect(page.chunks(id)[0]).toEqual({ type: 'start' });

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
    await page.end(page.rewrite('redline-custom-0'));
    expect(bodyOf(chats()[0]).messages[0]?.content).toContain(`Task: ${instruction}`);
  });

  it('refuses a custom prompt that no longer exists, without asking the model', async () => {
    const { deps } = setup();
    const page = open(deps);
    expect((await failure(page, page.rewrite('redline-custom-4'))).message).toMatch(/no longer exists/);
    expect(chats()).toHaveLength(0);
  });

  it('at a spending limit says why and sends nothing; under it, caps the reply to what is left', async () => {
    const priced = { priceInputPerM: 1000, priceOutputPerM: 1000 };
    const reached = setup({
      settings: { advanced: { ...DEFAULT_SETTINGS.advanced, ...priced, dailyLimitUSD: 0 } },
    });
    const page = open(reached.deps);
    expect(await failure(page, page.rewrite('redline-formal'))).toMatchObject({
      code: 'limit',
      message: expect.stringMatching(/^Daily limit reached — local checks continue/) as string,
    });
    expect(chats()).toHaveLength(0);

    // Without a limit: the reply cap asked for, and the prompt as the server counts it.
    const long = Array.from({ length: 12 }, () => SENTENCE).join(' ');
    server.reply(long, 'Kindly send me the report.');
    const free = setup({ settings: { advanced: { ...DEFAULT_SETTINGS.advanced, ...priced } } });
    const first = open(free.deps);
    expect(await first.end(first.rewrite('redline-formal', long))).toMatchObject({ ok: true });
    const asked = bodyOf(chats().at(-1));
    const uncapped = (asked.max_tokens ?? asked.max_completion_tokens) as number;
    const prompt = countChatTokens(asked.messages);
    // A limit that leaves room for the prompt and 100 reply tokens, at $0.001 a token.
    const limit = (prompt + 100) / 1000;
    const under = setup({
      settings: { advanced: { ...DEFAULT_SETTINGS.advanced, ...priced, dailyLimitUSD: limit } },
    });
    const next = open(under.deps);
    expect(await next.end(next.rewrite('redline-formal', long))).toMatchObject({ ok: true });
    const body = bodyOf(chats().at(-1));
    expect(uncapped).toBeGreaterThan(100);
    expect(body.max_tokens ?? body.max_completion_tokens).toBeOneOf([99, 100]);
  });

  it('Stop aborts the request and keeps what arrived', async () => {
    server.enqueue({ kind: 'slow', delayMs: 150 });
    server.reply(SENTENCE, 'One two three four five six seven eight nine ten eleven twelve.');
    const { deps } = setup();
    const page = open(deps);
    const id = page.rewrite('redline-formal');
    await page.chunk(id, 'delta');
    page.cancel(id);
    const done = await page.end(id);
    if (!done.ok) throw new Error('expected the partial text');
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
    page.rewrite('redline-expand');
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
      await page.end(page.rewrite('redline-fix'));
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
      expect(await first.end(first.rewrite('redline-fix'))).toMatchObject({
        text: 'Hey, can you send me the report by Friday?',
      });
      expect(chats().map((e) => e.status)).toEqual([400, 200]);
      expect(bodyOf(chats()[1])).not.toHaveProperty('prediction');
      expect(bodyOf(chats()[1]).max_tokens).toBeGreaterThan(0);

      const second = open(deps);
      await second.end(second.rewrite('redline-fix'));
      expect(chats().map((e) => e.status)).toEqual([400, 200, 200]);
    });

    it('is not sent for other actions or other providers', async () => {
      const { deps } = setup({ settings: openai });
      const page = open(deps);
      await page.end(page.rewrite('redline-formal'));
      const custom = open(setup().deps);
      await custom.end(custom.rewrite('redline-fix'));
      expect(chats().map((e) => bodyOf(e).prediction)).toEqual([undefined, undefined]);
    });
  });

  describe('errors reach the panel as a message', () => {
    it.each([
      [{ kind: 'status', status: 401 } as const, 'unauthorized', /API key was refused/],
      [{ kind: 'status', status: 429 } as const, 'rate-limited', /rate-limiting/],
      [{ kind: 'status', status: 503 } as const, 'server-error', /server had an error/],
    ])('%o', async (mode, code, message) => {
      server.enqueue(mode);
      const page = open(setup().deps);
      const id = page.rewrite('redline-formal');
      const error = await failure(page, id);
      expect(error.code).toBe(code);
      expect(error.message).toMatch(message);
      // The panel is in the page: it never names the provider's host.
      expect(error.message).not.toContain('127.0.0.1');
      expect(page.deltas(id)).toEqual([]);
    });

    it('times out', async () => {
      server.enqueue({ kind: 'hang' });
      const { deps } = setup();
      const context = await deps.modelContext({ timeoutMs: 200, maxRetries: 0 });
      const page = open({ ...deps, modelContext: async () => context });
      expect((await failure(page, page.rewrite('redline-formal'))).code).toBe('timeout');
    });

    it('privacy mode and a missing key stop the request before it is sent', async () => {
      for (const context of [
        { ok: false, code: 'privacy', message: 'Privacy mode is on: nothing is sent to your model.' },
        { ok: false, code: 'no-key', message: 'No API key yet: add one in Redline’s settings.' },
      ] as const) {
        const page = open(setup({ context }).deps);
        expect(await page.end(page.rewrite('redline-formal'))).toEqual({
          ok: false,
          code: context.code,
          message: context.message,
        });
      }
      expect(chats()).toHaveLength(0);
    });

    it('refuses malformed requests', async () => {
      const page = open(setup().deps);
      expect((await failure(page, page.rewrite('redline-formal', ''))).code).toBe('bad-request');
      expect((await failure(page, page.start({ text: SENTENCE }))).code).toBe('bad-request');
      expect(chats()).toHaveLength(0);
    });
  });

  describe('only a person’s menu click or shortcut starts a rewrite', () => {
    it('refuses a request with no grant, a made-up one, or another tab’s, and sends nothing', async () => {
      const { deps } = setup();
      const page = open(deps);
      const otherTab = deps.grants.issue({ tabId: 8, frameId: 0 }, { kind: 'built-in', action: 'formal' });
      const otherFrame = deps.grants.issue({ tabId: 7, frameId: 3 }, { kind: 'built-in', action: 'formal' });
      for (const grant of ['made-up', otherTab, otherFrame]) {
        expect(await failure(page, page.start({ grant, text: SENTENCE }))).toEqual({
          ok: false,
          code: 'not-granted',
          message: NOT_GRANTED,
        });
      }
      expect(chats()).toHaveLength(0);
    });

    it('a menu click’s grant runs its own action, whatever item the page names', async () => {
      const { deps } = setup();
      const page = open(deps);
      const grant = deps.grants.issue(TAB, { kind: 'built-in', action: 'shorten' });
      await page.end(page.start({ grant, text: SENTENCE, itemId: 'redline-expand' }));
      expect(bodyOf(chats()[0]).messages[0]?.content).toContain('Task: Shorten the text');
    });

    it('the shortcut’s grant runs the item the person picked, on any frame of its tab', async () => {
      const { deps } = setup();
      const page = open(deps, { tabId: 7, frameId: 2 });
      const grant = deps.grants.issue({ tabId: 7 }, null);
      await page.end(page.start({ grant, text: SENTENCE, itemId: 'redline-expand' }));
      expect(bodyOf(chats()[0]).messages[0]?.content).toContain('Task: Expand');
      // A picker grant without a choice (or a choice that is no rewrite) runs nothing.
      expect((await failure(page, page.start({ grant, text: SENTENCE }))).code).toBe('not-granted');
      expect((await failure(page, page.start({ grant, text: SENTENCE, itemId: 'redline-poem' }))).code).toBe(
        'not-granted',
      );
    });

    it('a grant allows a few Retries, then expires', async () => {
      let now = 0;
      const { deps } = setup();
      const grants = new RewriteGrants(() => now);
      const page = open({ ...deps, grants });
      const grant = grants.issue(TAB, { kind: 'built-in', action: 'formal' });
      for (let run = 0; run < 6; run++)
        expect((await page.end(page.start({ grant, text: SENTENCE }))).ok).toBe(true);
      expect((await failure(page, page.start({ grant, text: SENTENCE }))).code).toBe('not-granted');
      const later = grants.issue(TAB, { kind: 'built-in', action: 'formal' });
      now += 11 * 60_000;
      expect((await failure(page, page.start({ grant: later, text: SENTENCE }))).code).toBe('not-granted');
    });
  });

  describe('replies that never end', () => {
    it('a 5 MB reply is stopped at the cap with a clear message; the port takes the next request', async () => {
      server.enqueue({ kind: 'huge', chars: 5_000_000 });
      const { deps } = setup();
      const page = open(deps);
      const error = await failure(page, page.rewrite('redline-formal'));
      expect(error.code).toBe('too-large');
      expect(error.message).toMatch(/longer than Redline accepts/);
      expect((await page.end(page.rewrite('redline-formal'))).ok).toBe(true);
    });
  });
});
