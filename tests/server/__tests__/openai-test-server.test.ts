import { describe, it, expect, beforeAll, afterAll, beforeEach } from 'vitest';
import OpenAI from 'openai';
import {
  KNOWN_MISTAKES,
  startTestServer,
  type RequestLogEntry,
  type Suggestion,
  type TestServer,
} from '../openai-test-server.ts';

const KEY = 'sk-test-redline';
const MODEL = 'redline-test-model';

/** The error a promise rejects with (fails the test if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the promise to reject');
}

function bodyOf(entry: RequestLogEntry): Record<string, unknown> {
  return entry.body as Record<string, unknown>;
}

const GRAMMAR_FORMAT = {
  type: 'json_schema',
  json_schema: {
    name: 'suggestions',
    strict: true,
    schema: {
      type: 'object',
      properties: {
        suggestions: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              original: { type: 'string' },
              replacement: { type: 'string' },
              category: {
                type: 'string',
                enum: ['spelling', 'grammar', 'punctuation', 'clarity', 'style', 'tone'],
              },
              explanation: { type: 'string' },
            },
            required: ['original', 'replacement', 'category', 'explanation'],
            additionalProperties: false,
          },
        },
      },
      required: ['suggestions'],
      additionalProperties: false,
    },
  },
} as const;

describe('OpenAI test server (through the openai SDK)', () => {
  let server: TestServer;
  let client: OpenAI;

  beforeAll(async () => {
    server = await startTestServer();
    client = new OpenAI({ apiKey: KEY, baseURL: server.url, maxRetries: 0 });
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => {
    server.reset();
  });

  it('listens on 127.0.0.1 and exposes the SDK base URL', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/v1`);
    expect(server.origin).toBe(`http://127.0.0.1:${server.port}`);
  });

  it('lists the default models', async () => {
    const page = await client.models.list();
    expect(page.data.map((m) => m.id)).toEqual([
      'redline-test-model',
      'gpt-4o-mini',
      'ft:gpt-4o-mini-2024-07-18:acme::abc123',
    ]);
    expect(page.data[0]).toMatchObject({ object: 'model', owned_by: 'redline-test' });
    expect(typeof page.data[0]?.created).toBe('number');
  });

  it('retrieves one model, and 404s an unknown one', async () => {
    await expect(client.models.retrieve('gpt-4o-mini')).resolves.toMatchObject({ id: 'gpt-4o-mini' });
    await expect(client.models.retrieve('nope')).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('answers a non-stream request with an echo and usage', async () => {
    const messages = [
      { role: 'system' as const, content: 'You are terse.' },
      { role: 'user' as const, content: 'Hello world' },
    ];
    const completion = await client.chat.completions.create({ model: MODEL, messages });

    expect(completion.object).toBe('chat.completion');
    expect(completion.model).toBe(MODEL);
    expect(completion.choices[0]?.message).toMatchObject({ role: 'assistant', content: 'Echo: Hello world' });
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    // As OpenAI counts with o200k_base: (3 + role + text) per message, 3 to prime the reply.
    const prompt = 17;
    const reply = 4;
    expect(completion.usage).toEqual({
      prompt_tokens: prompt,
      completion_tokens: reply,
      total_tokens: prompt + reply,
      prompt_tokens_details: { cached_tokens: 0 },
    });
    expect(completion._request_id).toMatch(/^req_test_\d+$/);

    const entry = await server.waitFor((e) => e.path === '/v1/chat/completions' && e.endedAt !== undefined);
    expect(entry).toMatchObject({
      method: 'POST',
      status: 200,
      stream: false,
      closedByClient: false,
      chunksSent: 0,
    });
    expect(bodyOf(entry).messages).toEqual(messages);
    expect(entry.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('reads the last user message from content-part arrays', async () => {
    const completion = await client.chat.completions.create({
      model: MODEL,
      messages: [
        { role: 'user', content: 'first question' },
        { role: 'assistant', content: 'first answer' },
        { role: 'user', content: [{ type: 'text', text: 'second question' }] },
      ],
    });
    expect(completion.choices[0]?.message.content).toBe('Echo: second question');
  });

  it('streams in several chunks, with usage last when asked for', async () => {
    const stream = await client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'one two three four five' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);

    const contentChunks = chunks.filter((c) => c.choices[0]?.delta.content);
    expect(contentChunks.length).toBeGreaterThan(3);
    expect(chunks[0]?.choices[0]?.delta.role).toBe('assistant');
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe(
      'Echo: one two three four five',
    );
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('stop');

    const last = chunks.at(-1);
    expect(last?.choices).toEqual([]);
    const prompt = 3 + 1 + 5 + 3;
    const reply = 7;
    expect(last?.usage).toEqual({
      prompt_tokens: prompt,
      completion_tokens: reply,
      total_tokens: prompt + reply,
      prompt_tokens_details: { cached_tokens: 0 },
    });

    const entry = await server.waitFor((e) => e.stream && e.endedAt !== undefined);
    // Every chunk plus [DONE].
    expect(entry.chunksSent).toBe(chunks.length + 1);
    expect(entry.closedByClient).toBe(false);
  });

  it('streams without a usage chunk when not asked for', async () => {
    const stream = await client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.every((c) => c.usage == null && c.choices.length === 1)).toBe(true);
  });

  it('rejects a wrong key with 401 AuthenticationError, without echoing the key', async () => {
    const wrongKey = 'sk-wrong-key-abcdefghijklmno';
    const bad = new OpenAI({ apiKey: wrongKey, baseURL: server.url, maxRetries: 0 });
    const err = await rejection(
      bad.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'x' }] }),
    );

    expect(err).toBeInstanceOf(OpenAI.AuthenticationError);
    const apiErr = err as InstanceType<typeof OpenAI.AuthenticationError>;
    expect(apiErr.status).toBe(401);
    expect(apiErr.code).toBe('invalid_api_key');
    expect(apiErr.type).toBe('invalid_request_error');
    expect(apiErr.message).toContain('Incorrect API key provided: sk-wr****lmno');
    expect(apiErr.message).not.toContain(wrongKey);
  });

  it('rejects a missing key with 401', async () => {
    const res = await fetch(`${server.url}/models`);
    expect(res.status).toBe(401);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('invalid_api_key');
    expect(body.error.message).toMatch(/didn't provide an API key/);
  });

  it('rejects an unknown model with 404 NotFoundError', async () => {
    const err = await rejection(
      client.chat.completions.create({ model: 'gpt-nope', messages: [{ role: 'user', content: 'x' }] }),
    );
    expect(err).toBeInstanceOf(OpenAI.NotFoundError);
    const apiErr = err as InstanceType<typeof OpenAI.NotFoundError>;
    expect(apiErr.status).toBe(404);
    expect(apiErr.code).toBe('model_not_found');
    expect(apiErr.message).toContain('The model `gpt-nope` does not exist or you do not have access to it.');
  });

  it('accepts a fine-tuned model id', async () => {
    const model = 'ft:gpt-4o-mini-2024-07-18:acme::abc123';
    const completion = await client.chat.completions.create({
      model,
      messages: [{ role: 'user', content: 'ft' }],
    });
    expect(completion.model).toBe(model);
  });

  it('turns a queued 429 into RateLimitError with retry-after', async () => {
    server.enqueue({ kind: 'status', status: 429, retryAfter: 7 });
    const err = await rejection(
      client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'x' }] }),
    );

    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    const apiErr = err as InstanceType<typeof OpenAI.RateLimitError>;
    expect(apiErr.status).toBe(429);
    expect(apiErr.code).toBe('rate_limit_exceeded');
    expect(apiErr.headers.get('retry-after')).toBe('7');
  });

  it('turns a queued 500 into InternalServerError, with a custom message', async () => {
    server.enqueue({ kind: 'status', status: 500, message: 'boom' });
    const err = await rejection(
      client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'x' }] }),
    );
    expect(err).toBeInstanceOf(OpenAI.InternalServerError);
    expect((err as InstanceType<typeof OpenAI.InternalServerError>).status).toBe(500);
    expect((err as Error).message).toContain('boom');
  });

  it('applies queued modes once each, in order, before the default mode', async () => {
    const ask = () =>
      client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'q' }] });
    server.setDefault({ kind: 'reply', text: 'default says hi' });
    server.enqueue({ kind: 'status', status: 403 }, { kind: 'reply', text: 'queued' });

    await expect(ask()).rejects.toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect((await ask()).choices[0]?.message.content).toBe('queued');
    expect((await ask()).choices[0]?.message.content).toBe('default says hi');
    server.setDefault(null);
    expect((await ask()).choices[0]?.message.content).toBe('Echo: q');
  });

  it('answers a json_schema request with the known grammar mistakes', async () => {
    const completion = await client.chat.completions.create({
      model: MODEL,
      messages: [
        { role: 'system', content: 'Find mistakes.' },
        { role: 'user', content: "He don't like mornings." },
      ],
      response_format: GRAMMAR_FORMAT,
    });
    const parsed = JSON.parse(completion.choices[0]?.message.content ?? '') as { suggestions: Suggestion[] };
    expect(parsed.suggestions).toEqual([
      {
        original: "don't",
        replacement: "doesn't",
        category: 'grammar',
        explanation: "Use “doesn't” with he, she or it.",
      },
    ]);
  });

  it('refuses response_format types and parameters it is told to lack, with a 400', async () => {
    server.setRejections({ responseFormats: ['json_schema'], params: ['prediction'] });
    const refused = await rejection(
      client.chat.completions.create({
        model: MODEL,
        messages: [{ role: 'user', content: 'x' }],
        response_format: GRAMMAR_FORMAT,
      }),
    );
    expect(refused).toBeInstanceOf(OpenAI.BadRequestError);
    expect((refused as Error).message).toContain("'json_schema' is not supported");
    const noPrediction = await rejection(
      client.chat.completions.create({
        model: MODEL,
        messages: [{ role: 'user', content: 'x' }],
        prediction: { type: 'content', content: 'x' },
      }),
    );
    expect((noPrediction as Error).message).toContain('Unrecognized request argument supplied: prediction');
    const jsonObject = await client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: "He don't like it." }],
      response_format: { type: 'json_object' },
    });
    expect(jsonObject.choices[0]?.message.content).toContain('doesn');
    server.reset();
    await expect(
      client.chat.completions.create({
        model: MODEL,
        messages: [{ role: 'user', content: 'x' }],
        response_format: GRAMMAR_FORMAT,
      }),
    ).resolves.toBeTruthy();
  });

  it('answers JSON in a fenced block when only the instructions ask for the suggestions JSON', async () => {
    const completion = await client.chat.completions.create({
      model: MODEL,
      messages: [
        { role: 'system', content: 'Reply with {"suggestions": [...]} only.' },
        { role: 'user', content: "He don't like mornings." },
      ],
    });
    const content = completion.choices[0]?.message.content ?? '';
    expect(content).toMatch(/^Here are the suggestions:\n\n```json\n\{"suggestions":\[\{"original":"don't"/);
  });

  it('finds every known mistake, in text order, for json_object requests too', async () => {
    const text = "Irregardless, I could of seen alot of teh very unique birds. He don't like them.";
    const completion = await client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: text }],
      response_format: { type: 'json_object' },
    });
    const { suggestions } = JSON.parse(completion.choices[0]?.message.content ?? '') as {
      suggestions: Suggestion[];
    };
    // "Irregardless" is capitalised here, so the case-sensitive entry does not fire.
    expect(suggestions.map((s) => s.original)).toEqual(['could of', 'alot', 'teh', 'very unique', "don't"]);
    for (const s of suggestions) {
      expect(text).toContain(s.original);
      expect(KNOWN_MISTAKES.map((m) => m.suggestion)).toContainEqual(s);
    }
  });

  it('returns no suggestions for clean text, and streams JSON in pieces', async () => {
    const stream = await client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'She likes mornings.' }],
      response_format: GRAMMAR_FORMAT,
      stream: true,
    });
    let content = '';
    let pieces = 0;
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta.content;
      if (delta) {
        content += delta;
        pieces++;
      }
    }
    expect(JSON.parse(content)).toEqual({ suggestions: [] });
    expect(pieces).toBeGreaterThan(1);
  });

  it('uses custom replies (newest first), with strings, RegExps and functions', async () => {
    server.reply('weather', 'Sunny.');
    server.reply(/^count (\d+)$/, (body) => `Counted ${body.messages.length} message(s).`);
    server.reply('weather today', 'Rainy.');
    const ask = async (content: string) =>
      (await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content }] }))
        .choices[0]?.message.content;

    expect(await ask('the weather please')).toBe('Sunny.');
    expect(await ask('the weather today')).toBe('Rainy.');
    expect(await ask('count 3')).toBe('Counted 1 message(s).');
    expect(await ask('something else')).toBe('Echo: something else');
  });

  it('marks closedByClient when the client aborts a slow stream', async () => {
    server.enqueue({ kind: 'slow', delayMs: 100 });
    const controller = new AbortController();
    const stream = await client.chat.completions.create(
      {
        model: MODEL,
        messages: [{ role: 'user', content: 'a fairly long message to stream slowly' }],
        stream: true,
      },
      { signal: controller.signal },
    );
    const received: string[] = [];
    const reading = (async () => {
      for await (const chunk of stream) {
        received.push(chunk.choices[0]?.delta.content ?? '');
        if (received.length === 2) controller.abort();
      }
    })();
    await reading; // The SDK ends the iteration quietly on a user abort.

    const entry = await server.waitFor((e) => e.closedByClient);
    expect(entry.stream).toBe(true);
    expect(entry.status).toBe(200);
    expect(entry.endedAt).toBeDefined();
    expect(entry.chunksSent).toBeGreaterThanOrEqual(2);
    expect(entry.chunksSent).toBeLessThan(6);
    // The server stops writing once the client has gone.
    const sentAtClose = entry.chunksSent;
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(entry.chunksSent).toBe(sentAtClose);
  });

  it('hangs until the client gives up (SDK timeout)', async () => {
    server.enqueue({ kind: 'hang' });
    const err = await rejection(
      client.chat.completions.create(
        { model: MODEL, messages: [{ role: 'user', content: 'x' }] },
        { timeout: 200 },
      ),
    );
    expect(err).toBeInstanceOf(OpenAI.APIConnectionTimeoutError);
    const entry = await server.waitFor((e) => e.closedByClient);
    expect(entry.status).toBeUndefined();
  });

  it('delays a non-stream reply in slow mode', async () => {
    server.enqueue({ kind: 'slow', delayMs: 150 });
    const started = Date.now();
    await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'x' }] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it("streams at a model's speed in rate mode: first content after the TTFT, then tokens per second", async () => {
    server.enqueue({ kind: 'rate', ttftMs: 200, tokensPerSecond: 100 });
    const started = Date.now();
    const stream = await client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: "He don't like mornings, irregardless of teh rain." }],
      response_format: GRAMMAR_FORMAT,
      stream: true,
    });
    const arrivals: { at: number; text: string }[] = [];
    for await (const chunk of stream) {
      const text = chunk.choices[0]?.delta?.content;
      if (text) arrivals.push({ at: Date.now() - started, text });
    }
    const content = arrivals.map((a) => a.text).join('');
    expect(JSON.parse(content)).toMatchObject({ suggestions: [{ original: "don't" }, {}, {}] });
    // A token is 4 characters; 100 tokens a second.
    expect(arrivals.every((a) => a.text.length <= 4)).toBe(true);
    expect(arrivals[0]!.at).toBeGreaterThanOrEqual(190);
    const tokens = arrivals.length;
    expect(arrivals.at(-1)!.at - arrivals[0]!.at).toBeGreaterThanOrEqual(((tokens - 1) / 100) * 1000 - 20);
  });

  it('refuses streamed structured output only, when told to', async () => {
    server.setRejections({ streamFormats: ['json_schema'] });
    const body = {
      model: MODEL,
      messages: [{ role: 'user' as const, content: "He don't like mornings." }],
      response_format: GRAMMAR_FORMAT,
    };
    const err = await rejection(client.chat.completions.create({ ...body, stream: true }));
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect(String((err as Error).message)).toMatch(/stream=true/);
    const whole = await client.chat.completions.create(body);
    expect(JSON.parse(whole.choices[0]?.message.content ?? '')).toMatchObject({ suggestions: [{}] });
  });

  it('returns unparsable content in malformed mode', async () => {
    server.enqueue({ kind: 'malformed' });
    const completion = await client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: "He don't like mornings." }],
      response_format: GRAMMAR_FORMAT,
    });
    const content = completion.choices[0]?.message.content ?? '';
    expect(() => JSON.parse(content) as unknown).toThrow(SyntaxError);
  });

  it('breaks the SSE stream in malformed mode', async () => {
    // The SDK logs the bad line through its logger before throwing; keep the test output clean.
    const quiet = new OpenAI({ apiKey: KEY, baseURL: server.url, maxRetries: 0, logLevel: 'off' });
    server.enqueue({ kind: 'malformed' });
    const stream = await quiet.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'x' }],
      stream: true,
    });
    const received: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
    const err = await rejection(
      (async () => {
        for await (const chunk of stream) received.push(chunk);
      })(),
    );
    expect(err).toBeInstanceOf(SyntaxError);
    expect(received.length).toBe(2);
  });

  it('can be driven over HTTP through the control endpoints', async () => {
    const post = (path: string, body: unknown) =>
      fetch(`${server.origin}${path}`, { method: 'POST', body: JSON.stringify(body) });
    const ask = (content: string) =>
      client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content }] });

    expect(
      (
        await post('/__enqueue', [
          { kind: 'status', status: 503 },
          { kind: 'reply', text: 'R' },
        ])
      ).status,
    ).toBe(200);
    await expect(ask('a')).rejects.toBeInstanceOf(OpenAI.InternalServerError);
    expect((await ask('b')).choices[0]?.message.content).toBe('R');

    expect((await post('/__default', { kind: 'reply', text: 'D' })).status).toBe(200);
    expect((await ask('c')).choices[0]?.message.content).toBe('D');
    expect((await post('/__default', null)).status).toBe(200);

    expect((await post('/__reply', { match: 'ping', text: 'pong' })).status).toBe(200);
    expect((await post('/__reply', { match: '^PING$', text: 'PONG', regex: true, flags: 'i' })).status).toBe(
      200,
    );
    expect((await ask('say ping')).choices[0]?.message.content).toBe('pong');
    expect((await ask('ping')).choices[0]?.message.content).toBe('PONG');

    expect((await post('/__enqueue', { kind: 'bogus' })).status).toBe(400);

    const log = (await (await fetch(`${server.origin}/__log`)).json()) as RequestLogEntry[];
    expect(log.map((e) => e.status)).toEqual([503, 200, 200, 200, 200]);
    expect(log.every((e) => e.path === '/v1/chat/completions')).toBe(true); // Control calls are not logged.

    expect((await post('/__reset', {})).status).toBe(200);
    expect(server.log).toEqual([]);
    expect((await ask('after reset')).choices[0]?.message.content).toBe('Echo: after reset');
  });

  it('404s unknown routes with an OpenAI error body', async () => {
    const res = await fetch(`${server.url}/embeddings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}` },
      body: '{}',
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: {
        message: 'Invalid URL (POST /v1/embeddings)',
        type: 'invalid_request_error',
        param: null,
        code: null,
      },
    });
  });

  it('rejects waitFor after the timeout', async () => {
    await expect(server.waitFor(() => false, 50)).rejects.toThrow(/timed out/);
  });

  it('answers CORS preflights and adds Access-Control-Allow-Origin', async () => {
    const preflight = await fetch(`${server.url}/chat/completions`, {
      method: 'OPTIONS',
      headers: {
        origin: 'chrome-extension://abc',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,x-stainless-os',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')).toBe(
      'authorization,content-type,x-stainless-os',
    );

    const res = await fetch(`${server.url}/models`, { headers: { authorization: `Bearer ${KEY}` } });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(server.log.map((e) => e.method)).toEqual(['OPTIONS', 'GET']);
  });
});

describe('OpenAI test server options', () => {
  it('refuses preflights and sends no CORS headers when cors is false', async () => {
    const server = await startTestServer({ cors: false });
    try {
      const preflight = await fetch(`${server.url}/chat/completions`, {
        method: 'OPTIONS',
        headers: { origin: 'https://example.com', 'access-control-request-method': 'POST' },
      });
      expect(preflight.status).toBe(403);
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();

      const res = await fetch(`${server.url}/models`, { headers: { authorization: `Bearer ${KEY}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await server.close();
    }
  });

  it('needs no key when requireKey is false, and serves custom models and keys', async () => {
    const open = await startTestServer({ requireKey: false, models: ['llama3.2'] });
    const keyed = await startTestServer({ apiKeys: ['sk-other-key-123456'] });
    try {
      const anyKey = new OpenAI({ apiKey: 'ollama', baseURL: open.url, maxRetries: 0 });
      expect((await anyKey.models.list()).data.map((m) => m.id)).toEqual(['llama3.2']);
      const completion = await anyKey.chat.completions.create({
        model: 'llama3.2',
        messages: [{ role: 'user', content: 'local' }],
      });
      expect(completion.choices[0]?.message.content).toBe('Echo: local');

      const other = new OpenAI({ apiKey: 'sk-other-key-123456', baseURL: keyed.url, maxRetries: 0 });
      await expect(other.models.list()).resolves.toBeDefined();
      const defaultKey = new OpenAI({ apiKey: KEY, baseURL: keyed.url, maxRetries: 0 });
      await expect(defaultKey.models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    } finally {
      await Promise.all([open.close(), keyed.close()]);
    }
  });

  it('closes promptly even with a hanging request in flight', async () => {
    const server = await startTestServer();
    server.setDefault({ kind: 'hang' });
    const pending = fetch(`${server.url}/models`, { headers: { authorization: `Bearer ${KEY}` } }).catch(
      (err: unknown) => err,
    );
    await server.waitFor((e) => e.path === '/v1/models');
    await server.close();
    expect(await pending).toBeInstanceOf(Error);
    // Closing the server is not the client's doing.
    expect(server.log[0]?.closedByClient).toBe(false);
  });
});
