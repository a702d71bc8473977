/**
 * LLM checks against the real OpenAI-compatible test server, over real HTTP, through the real
 * `openai` SDK: the request on the wire, reply formats a server may lack, caching, errors, usage.
 */
import { spendGuardFor } from './spend-fixture';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  countChatTokens,
  messageText,
  startTestServer,
  type TestServer,
} from '../../../tests/server/openai-test-server';
import type { ParagraphRequest, ParagraphResult } from '../../text/types';
import { DEFAULT_SETTINGS, type Settings } from '../../settings';
import { hashText } from '../../text';
import { createClient, type ClientOptions } from '../client';
import { CheckCache, type SessionArea } from '../check-cache';
import { runLlmCheck, type LlmCheckDeps, type ReplyFormat } from '../llm-check';
import type { ModelContext } from '../model-context';
import { createRateLimiter } from '../rate-limit';
import type { TokenUsage } from '../usage-recorder';

const KEY = 'sk-test-redline';
const MODEL = 'redline-test-model';

const para = (text: string): ParagraphRequest => ({ hash: hashText(text), text });

function memorySession(): SessionArea & { data: Record<string, unknown> } {
  const data: Record<string, unknown> = {};
  return {
    data,
    get: async (key) => (key in data ? { [key]: structuredClone(data[key]) } : {}),
    set: async (items) => void Object.assign(data, structuredClone(items)),
  };
}

describe('runLlmCheck', () => {
  let server: TestServer;
  let settings: Settings;
  let formats: Map<string, ReplyFormat>;
  let usage: TokenUsage[];
  let deps: LlmCheckDeps;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => {
    server.reset();
    settings = { ...DEFAULT_SETTINGS, provider: 'custom', baseURL: server.url, model: MODEL };
    formats = new Map();
    usage = [];
    deps = {
      modelContext: async (options: ClientOptions): Promise<ModelContext> => ({
        ok: true,
        settings,
        baseURL: settings.baseURL,
        model: settings.model,
        client: createClient({ baseURL: settings.baseURL, apiKey: KEY }, options),
        errors: { baseURL: settings.baseURL, model: settings.model, online: true, hasHostAccess: true },
      }),
      limiter: createRateLimiter(() => 0),
      spend: spendGuardFor(() => settings),
      recordUsage: async (_model, u) => void usage.push(u),
      cache: new CheckCache(memorySession()),
      formats: {
        get: async (url) => formats.get(url),
        set: async (url, format) => void formats.set(url, format),
      },
      uiLanguage: () => 'en-US',
    };
  });

  const run = (
    paragraphs: ParagraphRequest[],
    signal = new AbortController().signal,
    site = 'https://docs.example.com',
    onPartial?: (results: ParagraphResult[]) => void,
  ) => runLlmCheck(paragraphs, { signal, lane: 'tab:1', site, ...(onPartial ? { onPartial } : {}) }, deps);
  const chatRequests = () => server.log.filter((e) => e.path === '/v1/chat/completions');

  it('sends the paragraphs as data after a stable system message and anchors what comes back', async () => {
    const a = para("He don't like mornings.");
    const b = para('There were less people today.');
    const result = await run([a, b]);
    expect(result).toEqual({
      ok: true,
      results: [
        {
          hash: a.hash,
          suggestions: [
            expect.objectContaining({ start: 3, end: 8, original: "don't", replacement: "doesn't" }),
          ],
        },
        {
          hash: b.hash,
          suggestions: [
            expect.objectContaining({
              start: 11,
              end: 15,
              original: 'less',
              source: 'llm',
              rule: 'llm:grammar',
            }),
          ],
        },
      ],
    });
    const [request] = chatRequests();
    const body = request?.body as {
      messages: { role: string; content: unknown }[];
      response_format: unknown;
    };
    expect(body.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(messageText(body.messages[1]?.content)).toBe(
      "<text>\nHe don't like mornings.\n</text>\n<text>\nThere were less people today.\n</text>",
    );
    expect(body.response_format).toMatchObject({ type: 'json_schema', json_schema: { strict: true } });
    expect(usage).toHaveLength(1);
    expect(usage[0]?.prompt_tokens).toBeGreaterThan(0);
  });

  it('sends nothing for text it has checked (same settings), and again when the tone changes', async () => {
    const a = para("He don't like mornings.");
    await run([a]);
    const again = await run([a, para('1234 5678')]);
    expect(again.ok && again.results.map((r) => r.suggestions.length)).toEqual([1, 0]);
    expect(chatRequests()).toHaveLength(1);
    settings = { ...settings, tone: 'formal' };
    await run([a]);
    expect(chatRequests()).toHaveLength(2);
  });

  it('keeps results per site: another site asking for the same paragraph is sent, not answered from cache', async () => {
    const a = para("He don't like mornings.");
    await run([a], undefined, 'https://one.example');
    await run([a], undefined, 'https://one.example');
    expect(chatRequests()).toHaveLength(1);
    // A page on another site cannot learn, by how fast it is answered, that this text was checked elsewhere.
    await run([a], undefined, 'https://two.example');
    expect(chatRequests()).toHaveLength(2);
  });

  it('files results under SHA-256 keys that reveal nothing of the text', async () => {
    const key = await CheckCache.key('https://one.example', 'scope', "He don't like mornings.");
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(await CheckCache.key('https://two.example', 'scope', "He don't like mornings.")).not.toBe(key);
  });

  it('tells the page what failed without the provider’s host or the server’s words', async () => {
    server.enqueue({ kind: 'status', status: 500, message: 'internal details at gpu-node-7' });
    const result = await run([para("He don't like mornings.")]);
    if (result.ok) throw new Error('expected a failure');
    expect(result.message).not.toMatch(/127\.0\.0\.1|gpu-node-7|redline-test-model/);
    server.enqueue({ kind: 'status', status: 404, message: 'The model `redline-test-model` does not exist' });
    const missing = await run([para('There were less people today.')]);
    if (missing.ok) throw new Error('expected a failure');
    expect(missing.message).not.toMatch(/127\.0\.0\.1|redline-test-model/);
  });

  it('a 5 MB or endless reply is cut off at the cap with a clear message, and the next check works', async () => {
    server.enqueue({ kind: 'huge', chars: 5_000_000 });
    expect(await run([para("He don't like mornings.")])).toMatchObject({ ok: false, code: 'too-large' });
    server.enqueue({ kind: 'endless' });
    expect(await run([para("He don't like mornings.")])).toMatchObject({ ok: false, code: 'too-large' });
    expect(await run([para("He don't like mornings.")])).toMatchObject({ ok: true });
  });

  it('keeps at most 50 suggestions of one reply', async () => {
    const words = Array.from({ length: 80 }, (_, i) => `word${i}`);
    server.enqueue({
      kind: 'reply',
      text: JSON.stringify({
        suggestions: words.map((w) => ({
          original: w,
          replacement: `${w}x`,
          category: 'spelling',
          explanation: '',
        })),
      }),
    });
    const result = await run([para(words.join(' '))]);
    expect(result.ok && result.results[0]?.suggestions).toHaveLength(50);
  });

  it('keeps results in storage.session, so a restarted worker sends nothing either', async () => {
    const session = memorySession();
    deps.cache = new CheckCache(session);
    await run([para("He don't like mornings.")]);
    await expect.poll(() => Object.keys(session.data), { timeout: 3000 }).toEqual(['llmCheckCache2']);
    deps.cache = new CheckCache(session);
    const result = await run([para("He don't like mornings.")]);
    expect(result.ok && result.results[0]?.suggestions).toHaveLength(1);
    expect(chatRequests()).toHaveLength(1);
  });

  it('falls back to json_object, then to JSON in text, for servers that reject a format; remembers it', async () => {
    server.setRejections({ responseFormats: ['json_schema'] });
    let result = await run([para("He don't like mornings.")]);
    expect(result.ok && result.results[0]?.suggestions).toHaveLength(1);
    expect(formats.get(server.url)).toEqual({ level: 'json_object', stream: true });

    server.setRejections({ responseFormats: ['json_schema', 'json_object'] });
    formats.clear();
    result = await run([para('There were less people today.')]);
    expect(result.ok && result.results[0]?.suggestions).toHaveLength(1);
    expect(formats.get(server.url)).toEqual({ level: 'text', stream: true });
    const formatsSent = chatRequests().map(
      (e) => (e.body as { response_format?: { type: string } }).response_format?.type,
    );
    expect(formatsSent).toEqual(['json_schema', 'json_object', 'json_schema', 'json_object', undefined]);

    // Remembered: the next check asks in plain words straight away.
    await run([para('I could of gone.')]);
    expect((chatRequests().at(-1)?.body as { response_format?: unknown }).response_format).toBeUndefined();
  });

  it('streams the check and hands over each suggestion as soon as its object is complete', async () => {
    // Three mistakes, a slow model: the first arrives long before the reply ends.
    server.setDefault({ kind: 'rate', ttftMs: 50, tokensPerSecond: 200 });
    const a = para("He don't like mornings, irregardless of teh weather.");
    const b = para('There were less people today.');
    const partials: { at: number; originals: string[][] }[] = [];
    const started = Date.now();
    const result = await run([a, b], undefined, undefined, (results) =>
      partials.push({
        at: Date.now() - started,
        originals: results.map((r) => r.suggestions.map((s) => s.original)),
      }),
    );
    const took = Date.now() - started;
    const [request] = chatRequests();
    expect(request?.stream).toBe(true);
    expect((request?.body as { stream_options?: unknown }).stream_options).toEqual({ include_usage: true });
    // One partial per completed suggestion, each holding all so far, anchored in its paragraph.
    expect(partials.map((p) => p.originals)).toEqual([
      [["don't"], []],
      [["don't", 'irregardless'], []],
      [["don't", 'irregardless', 'teh'], []],
      [["don't", 'irregardless', 'teh'], ['less']],
    ]);
    expect(partials[0]!.at).toBeLessThan(took / 2);
    // The result is the whole answer, as without streaming; usage from the stream's last chunk.
    expect(result.ok && result.results.map((r) => r.suggestions.map((s) => [s.start, s.original]))).toEqual([
      [
        [3, "don't"],
        [24, 'irregardless'],
        [40, 'teh'],
      ],
      [[11, 'less']],
    ]);
    expect(usage).toHaveLength(1);
    expect(usage[0]?.completion_tokens).toBeGreaterThan(0);
    expect(formats.get(server.url)).toEqual({ level: 'json_schema', stream: true });
  });

  it('asks whole for servers that cannot stream structured output, and remembers it', async () => {
    server.setRejections({ streamFormats: ['json_schema'] });
    const partials: ParagraphResult[][] = [];
    let result = await run([para("He don't like mornings.")], undefined, undefined, (r) => partials.push(r));
    expect(result.ok && result.results[0]?.suggestions).toHaveLength(1);
    expect(partials).toEqual([]);
    expect(chatRequests().map((e) => [e.stream, e.status])).toEqual([
      [true, 400],
      [false, 200],
    ]);
    expect(formats.get(server.url)).toEqual({ level: 'json_schema', stream: false });
    // Remembered: the next check asks whole straight away.
    result = await run([para('There were less people today.')]);
    expect(result.ok && result.results[0]?.suggestions).toHaveLength(1);
    expect(chatRequests().map((e) => e.stream)).toEqual([true, false, false]);
  });

  it('a server that says it refuses the format (not the streaming) gets the next format, still streamed', async () => {
    server.setRejections({ responseFormats: ['json_schema'] });
    const result = await run([para("He don't like mornings.")]);
    expect(result.ok && result.results[0]?.suggestions).toHaveLength(1);
    expect(
      chatRequests().map((e) => [
        e.stream,
        (e.body as { response_format?: { type: string } }).response_format?.type,
      ]),
    ).toEqual([
      [true, 'json_schema'],
      [true, 'json_object'],
    ]);
    expect(formats.get(server.url)).toEqual({ level: 'json_object', stream: true });
  });

  it('keeps the system message a stable prefix, so the provider caches it: the second check reports cached input', async () => {
    await run([para("He don't like mornings.")]);
    await run([para('There were less people today.')]);
    const [first, second] = chatRequests().map(
      (e) => e.body as { messages: { role: string; content: unknown }[] },
    );
    expect(messageText(second?.messages[0]?.content)).toBe(messageText(first?.messages[0]?.content));
    // The system message and its framing, as the server counts them.
    const system = first?.messages[0] ?? { role: 'system', content: '' };
    expect(usage.map((u) => u.prompt_tokens_details?.cached_tokens)).toEqual([
      0,
      countChatTokens([system]) - 3,
    ]);
  });

  it('asks a reasoning model to think as little as it may, and asks again without the knob where a server refuses it', async () => {
    const reasoning = await startTestServer({ models: ['gpt-5-nano', 'o4-mini'] });
    try {
      settings = { ...settings, baseURL: reasoning.url, model: 'gpt-5-nano' };
      const chats = () => reasoning.log.filter((e) => e.path === '/v1/chat/completions');
      expect(await run([para('There were less people today.')])).toMatchObject({ ok: true });
      expect(chats().map((e) => (e.body as { reasoning_effort?: string }).reasoning_effort)).toEqual([
        'minimal',
      ]);
      // A server that does not take the parameter: one 400, then the same check without it.
      reasoning.setRejections({ params: ['reasoning_effort'] });
      settings = { ...settings, model: 'o4-mini' };
      expect(await run([para("He don't like mornings.")])).toMatchObject({ ok: true });
      expect(
        chats()
          .slice(1)
          .map((e) => [e.status, (e.body as { reasoning_effort?: string }).reasoning_effort]),
      ).toEqual([
        [400, 'low'],
        [200, undefined],
      ]);
      // A model that does not reason is never sent it.
      settings = { ...settings, model: 'gpt-4o-mini', baseURL: server.url };
      await run([para('Its a nice day.')]);
      expect((chatRequests().at(-1)?.body as { reasoning_effort?: string }).reasoning_effort).toBeUndefined();
    } finally {
      await reasoning.close();
    }
  });

  it('maps failures to messages and never caches them', async () => {
    server.enqueue({ kind: 'status', status: 429, retryAfter: 1 });
    expect(await run([para("He don't like mornings.")])).toMatchObject({
      ok: false,
      code: 'rate-limited',
      retryAfter: 1,
    });
    server.enqueue({ kind: 'status', status: 500 });
    expect(await run([para("He don't like mornings.")])).toMatchObject({ ok: false, code: 'server-error' });
    server.enqueue({ kind: 'malformed' });
    expect(await run([para("He don't like mornings.")])).toMatchObject({ ok: false, code: 'malformed' });
    expect(await run([para("He don't like mornings.")])).toMatchObject({ ok: true });
    expect(chatRequests()).toHaveLength(4);
  });

  it('aborts the request when the signal fires (the server sees the close)', async () => {
    server.enqueue({ kind: 'hang' });
    const controller = new AbortController();
    const pending = run([para("He don't like mornings.")], controller.signal);
    const entry = await server.waitFor((e) => e.path === '/v1/chat/completions');
    controller.abort();
    expect(await pending).toMatchObject({ ok: false, code: 'aborted' });
    await expect.poll(() => entry.closedByClient).toBe(true);
  });

  it('drops tone suggestions unless a tone is chosen, and categories the person ignored', async () => {
    const reply = JSON.stringify({
      suggestions: [
        { original: 'gonna', replacement: 'going to', category: 'tone', explanation: 'Informal.' },
        { original: 'less', replacement: 'fewer', category: 'grammar', explanation: 'Countable.' },
      ],
    });
    server.enqueue({ kind: 'reply', text: reply });
    let result = await run([para("I'm gonna see less people.")]);
    expect(result.ok && result.results[0]?.suggestions.map((s) => s.category)).toEqual(['grammar']);
    settings = { ...settings, tone: 'formal', ignoredRules: ['llm:grammar'] };
    server.enqueue({ kind: 'reply', text: reply });
    result = await run([para("I'm gonna see less people.")]);
    expect(result.ok && result.results[0]?.suggestions.map((s) => s.category)).toEqual(['tone']);
  });

  it('a category ignored on one site is dropped there, and still reported on another', async () => {
    settings = { ...settings, siteIgnoredRules: [{ site: 'mail.example.com', rule: 'llm:grammar' }] };
    const reply = JSON.stringify({
      suggestions: [
        { original: 'less', replacement: 'fewer', category: 'grammar', explanation: 'Countable.' },
      ],
    });
    const categoriesOn = async (site: string) => {
      server.enqueue({ kind: 'reply', text: reply });
      const result = await run([para('There were less people today.')], undefined, site);
      return result.ok && result.results[0]?.suggestions.map((s) => s.category);
    };
    expect(await categoriesOn('https://mail.example.com')).toEqual([]);
    expect(await categoriesOn('https://docs.example.com')).toEqual(['grammar']);
  });

  it('tells the model the person’s rules and the dictionary words in the text, and drops what contradicts them', async () => {
    settings = {
      ...settings,
      styleRules: 'utilize => use # plain words\nvery',
      dictionary: ['Zorblax', 'Kubernetes'],
    };
    server.enqueue({
      kind: 'reply',
      text: JSON.stringify({
        suggestions: [
          { original: 'Zorblax', replacement: 'Zorbax', category: 'spelling', explanation: 'Typo.' },
          { original: 'make use of', replacement: 'utilize', category: 'style', explanation: 'Fancier.' },
          { original: 'less', replacement: 'fewer', category: 'grammar', explanation: 'Countable.' },
        ],
      }),
    });
    const result = await run([para('Zorblax will make use of less people.')]);
    expect(result.ok && result.results[0]?.suggestions.map((s) => s.original)).toEqual(['less']);
    const body = chatRequests().at(-1)?.body as { messages: { role: string; content: unknown }[] };
    const system = messageText(body.messages[0]?.content);
    expect(system).toContain('- write “use”, not “utilize”\n- avoid “very”');
    // Only the dictionary words in the text, in the user message: the system message stays the
    // same from check to check (the prefix providers cache).
    const user = messageText(body.messages[1]?.content);
    expect(user).toMatch(/^The writer’s personal dictionary: [^\n]*never flag them: Zorblax\.\n\n<text/);
    expect(user).not.toContain('Kubernetes');
    expect(system).not.toContain('Zorblax');
    expect(body.messages.map((m) => m.role)).toEqual(['system', 'user']);
    await run([para('Kubernetes makes use of less people.')]);
    const next = chatRequests().at(-1)?.body as { messages: { role: string; content: unknown }[] };
    expect(messageText(next.messages[0]?.content)).toBe(system);
    expect(messageText(next.messages[1]?.content)).toContain('never flag them: Kubernetes.');
  });

  it('says local-only (not an error) with no key or in privacy mode', async () => {
    deps.modelContext = async () => ({ ok: false, code: 'privacy', message: 'Privacy mode is on.' });
    expect(await run([para('Anything at all.')])).toEqual({
      ok: false,
      code: 'privacy',
      message: 'Privacy mode is on.',
      off: true,
    });
    expect(chatRequests()).toHaveLength(0);
  });
});
