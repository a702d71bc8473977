/**
 * Redline's OpenAI-compatible test server.
 *
 * A small, deterministic stand-in for the Chat Completions API, used by unit tests (vitest) and
 * e2e tests (Playwright) through the real `openai` SDK. It speaks just enough of the wire format
 * (models list, chat completions with and without SSE streaming, OpenAI-shaped errors) and lets a
 * test script failures (status codes, slow or hanging responses, malformed output) per request.
 *
 * It can be driven in-process (the returned `TestServer`) or over HTTP from another process
 * (`/__log`, `/__reset`, `/__enqueue`, `/__default`, `/__reply`), e.g. from a Playwright test
 * while the server runs in globalSetup.
 *
 * Node `http` only, so it runs anywhere the tests run without extra dependencies.
 */
import http from 'node:http';
import { Tiktoken } from 'js-tiktoken/lite';
import o200kBase from 'js-tiktoken/ranks/o200k_base';
import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';

// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

export interface TestServerOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Accepted bearer tokens. Default `['sk-test-redline']`. */
  apiKeys?: string[];
  /** Reject requests without a known key (401). Default true. Local servers (Ollama) need none. */
  requireKey?: boolean;
  /** Answer CORS preflights and add `Access-Control-Allow-Origin` headers. Default true. */
  cors?: boolean;
  /** Model ids served by `/v1/models` and accepted by chat completions. */
  models?: string[];
  /** What this server refuses with a 400, like servers that lack a feature. Default: nothing. */
  reject?: Rejections;
}

/** Features a server may lack: `response_format` types and request parameters (e.g. `prediction`). */
export interface Rejections {
  responseFormats?: string[];
  params?: string[];
  /** `response_format` types refused with `stream: true` only (a server that cannot stream structured output). */
  streamFormats?: string[];
}

export type ErrorStatus = 401 | 403 | 404 | 429 | 500 | 502 | 503;

export type Mode =
  /** Answer with an OpenAI-style error. `retryAfter` (seconds) sets `retry-after` on any status. */
  | { kind: 'status'; status: ErrorStatus; retryAfter?: number; message?: string }
  /**
   * Wait `delayMs` between stream chunks (and before a non-stream reply). A streamed check (a
   * `response_format` request) waits once, before its first chunk: a model that thinks, then answers.
   */
  | { kind: 'slow'; delayMs: number }
  /** 200 whose content is not JSON; for streams, a couple of good chunks then a broken SSE line. */
  | { kind: 'malformed' }
  /** Accept the request and never answer, until the client gives up. */
  | { kind: 'hang' }
  /** Reply with this text, whatever the request asks. */
  | { kind: 'reply'; text: string }
  /** Never finish: stream content (or, without `stream`, body bytes) for as long as the client reads. */
  | { kind: 'endless' }
  /** A reply of `chars` characters of content (5 MB: a runaway model). */
  | { kind: 'huge'; chars: number }
  /** The normal reply in `pieces` parts, each after `everyMs` of silence (a slow model that keeps going). */
  | { kind: 'paced'; everyMs: number; pieces: number }
  /**
   * A model's speed: the first token after `ttftMs`, then `tokensPerSecond` (a token is 4 characters,
   * as `estimateTokens` counts). Without `stream`, the whole reply after the time all of it takes.
   */
  | { kind: 'rate'; ttftMs: number; tokensPerSecond: number };

export interface RequestLogEntry {
  /** Increases for the server's lifetime (not reset by `reset()`), so ids never repeat. */
  id: number;
  method: string;
  /** Path without the query string, e.g. `/v1/chat/completions`. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body, or undefined when there was none (or it was not JSON). */
  body: unknown;
  /** Set when the status line is written; undefined while hanging. */
  status?: number;
  /** The request asked for an SSE stream (`stream: true`). */
  stream: boolean;
  startedAt: number;
  endedAt?: number;
  /** True when the client went away before the response finished. */
  closedByClient: boolean;
  /** SSE events written so far (including the final `[DONE]`); 0 for non-stream responses. */
  chunksSent: number;
}

export interface ChatMessage {
  role: string;
  /** A string, or an array of content parts (`{ type: 'text', text }`, images…). */
  content?: unknown;
  [key: string]: unknown;
}

/** The part of a chat completion request the server understands (validated before use). */
export interface ChatCompletionRequestBody {
  model: string;
  messages: ChatMessage[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  response_format?: { type: string; [key: string]: unknown };
  [key: string]: unknown;
}

export type ReplyFn = (body: ChatCompletionRequestBody) => string;

export interface TestServer {
  /** Base URL for the SDK, e.g. `http://127.0.0.1:PORT/v1`. */
  url: string;
  /** e.g. `http://127.0.0.1:PORT` (control endpoints live here). */
  origin: string;
  port: number;
  /** Every non-control request, in arrival order (CORS preflights included, as `OPTIONS`). */
  log: RequestLogEntry[];
  /** One-shot behaviours for the next API requests (chat completions or models), in order. */
  enqueue(...modes: Mode[]): void;
  /** Behaviour for every API request with no queued mode; null restores normal behaviour. */
  setDefault(mode: Mode | null): void;
  /**
   * Canned reply when the last user message matches (a string matches as a substring).
   * The most recently registered matching reply wins. Not used for JSON (grammar) requests.
   */
  reply(matcher: string | RegExp, response: string | ReplyFn): void;
  /** Refuse these `response_format` types / parameters with a 400 from now on (until `reset`). */
  setRejections(rejections: Rejections): void;
  /** Clears the log, queued modes, the default mode, custom replies and rejections set since start. */
  reset(): void;
  /** Resolves with the first entry (already logged or future) for which `pred` holds. */
  waitFor(pred: (entry: RequestLogEntry) => boolean, timeoutMs?: number): Promise<RequestLogEntry>;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Built-in grammar "model"
// ---------------------------------------------------------------------------------------------

export type SuggestionCategory = 'spelling' | 'grammar' | 'punctuation' | 'clarity' | 'style' | 'tone';

/** One item of the grammar-check wire format: `{"suggestions":[Suggestion, ...]}`. */
export interface Suggestion {
  original: string;
  replacement: string;
  category: SuggestionCategory;
  explanation: string;
}

export interface KnownMistake {
  /** Context that must occur (whole words, case-sensitive) in the last user message. */
  trigger: string;
  /** What the server suggests; `original` is the smallest changing substring of `trigger`. */
  suggestion: Suggestion;
}

/** Mistakes the server "finds" in grammar-check requests. Tests reuse it to build expectations. */
export const KNOWN_MISTAKES: readonly KnownMistake[] = [
  {
    trigger: "He don't like",
    suggestion: {
      original: "don't",
      replacement: "doesn't",
      category: 'grammar',
      explanation: "Use “doesn't” with he, she or it.",
    },
  },
  {
    trigger: 'teh',
    suggestion: {
      original: 'teh',
      replacement: 'the',
      category: 'spelling',
      explanation: '“teh” is a typo for “the”.',
    },
  },
  {
    trigger: 'could of',
    suggestion: {
      original: 'could of',
      replacement: 'could have',
      category: 'grammar',
      explanation: 'Use “could have”: “could of” is how it sounds, not how it is written.',
    },
  },
  {
    trigger: 'irregardless',
    suggestion: {
      original: 'irregardless',
      replacement: 'regardless',
      category: 'style',
      explanation: '“Irregardless” is nonstandard; “regardless” means the same.',
    },
  },
  {
    trigger: 'alot',
    suggestion: {
      original: 'alot',
      replacement: 'a lot',
      category: 'spelling',
      explanation: '“A lot” is two words.',
    },
  },
  {
    // harper.js (the local checker) does not flag this one: an underline for it comes from the model.
    trigger: 'less people',
    suggestion: {
      original: 'less',
      replacement: 'fewer',
      category: 'grammar',
      explanation: 'Use “fewer” with things you can count.',
    },
  },
  {
    trigger: 'very unique',
    suggestion: {
      original: 'very unique',
      replacement: 'unique',
      category: 'clarity',
      explanation: '“Unique” is already absolute; “very” adds nothing.',
    },
  },
];

/** The built-in mistakes found in `text`, in the order they first occur. */
export function findKnownMistakes(text: string): Suggestion[] {
  const found: { at: number; suggestion: Suggestion }[] = [];
  for (const { trigger, suggestion } of KNOWN_MISTAKES) {
    // Whole words only, so "teh" does not fire inside an unrelated longer word.
    const at = text.search(new RegExp(`(?<![\\p{L}\\p{N}'])${escapeRegExp(trigger)}(?![\\p{L}\\p{N}])`, 'u'));
    if (at >= 0) found.push({ at, suggestion: { ...suggestion } });
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.suggestion);
}

/** A model's pace in `rate` mode: about 4 characters a token (a speed, not a count for usage). */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/**
 * Usage is counted as OpenAI counts it, with o200k_base — through js-tiktoken, a tokenizer of its
 * own, so that Redline's counts (gpt-tokenizer) are checked against an independent one.
 */
let encoder: Tiktoken | null = null;
/** Past this, an estimate: BPE on megabytes without spaces (the `huge` mode) takes minutes. */
const COUNT_LIMIT_CHARS = 50_000;
export function countTokens(text: string): number {
  if (text.length > COUNT_LIMIT_CHARS) return estimateTokens(text);
  encoder ??= new Tiktoken(o200kBase);
  // Special-token look-alikes in text are plain text, as the API treats message content.
  return encoder.encode(text, [], []).length;
}

/** A chat request's prompt tokens: each message's role and text, 3 tokens of framing each, 3 to prime the reply. */
export function countChatTokens(messages: readonly { role: string; content?: unknown }[]): number {
  return messages.reduce((sum, m) => sum + 3 + countTokens(m.role) + countTokens(messageText(m.content)), 3);
}

// ---------------------------------------------------------------------------------------------
// Constants
// ---------------------------------------------------------------------------------------------

const DEFAULT_API_KEYS = ['sk-test-redline'];
const DEFAULT_MODELS = ['redline-test-model', 'gpt-4o-mini', 'ft:gpt-4o-mini-2024-07-18:acme::abc123'];
/** Fixed so responses are byte-for-byte reproducible. */
const MODEL_CREATED = 1_700_000_000;
/** Gap between stream chunks in normal mode: small, but real, so clients see them arrive one by one. */
const CHUNK_GAP_MS = 2;
/** Longest piece of content per stream chunk (JSON content has no spaces to split on). */
const MAX_CHUNK_CHARS = 16;
const ERROR_STATUSES: readonly number[] = [401, 403, 404, 429, 500, 502, 503];
const MALFORMED_CONTENT = 'this is not json {';

// ---------------------------------------------------------------------------------------------
// Server
// ---------------------------------------------------------------------------------------------

interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

interface CustomReply {
  matcher: string | RegExp;
  response: string | ReplyFn;
}

/** One request being answered. */
interface Exchange {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  /** Undefined for control endpoints, which are not logged. */
  entry: RequestLogEntry | undefined;
  /** Prompt tokens the server "served from its cache" (see `cachedPrefixTokens`). */
  cachedTokens?: number;
}

export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  const apiKeys = opts.apiKeys ?? DEFAULT_API_KEYS;
  const requireKey = opts.requireKey ?? true;
  const cors = opts.cors ?? true;
  const models = opts.models ?? DEFAULT_MODELS;
  let rejections: Rejections = opts.reject ?? {};
  /** System messages seen before: like a provider's prompt cache, a repeated prefix is cached input. */
  const seenPrefixes = new Set<string>();
  const cachedPrefixTokens = (body: ChatCompletionRequestBody): number => {
    const first = body.messages[0];
    if (first?.role !== 'system') return 0;
    const prefix = messageText(first.content);
    // The system message with its framing (3 + role), as it is counted in the prompt.
    if (seenPrefixes.has(prefix)) return 3 + countTokens(first.role) + countTokens(prefix);
    seenPrefixes.add(prefix);
    return 0;
  };

  const log: RequestLogEntry[] = [];
  const queue: Mode[] = [];
  let defaultMode: Mode | null = null;
  let replies: CustomReply[] = [];
  let nextId = 1;
  let closing = false;
  // Emits 'change' whenever an entry is added or updated, so waitFor can re-check.
  const changes = new EventEmitter();
  changes.setMaxListeners(0);
  const changed = () => changes.emit('change');

  function takeMode(): Mode | null {
    return queue.shift() ?? defaultMode;
  }

  // --- response helpers --------------------------------------------------------------------

  function baseHeaders(extra: http.OutgoingHttpHeaders = {}): http.OutgoingHttpHeaders {
    // Expose-Headers lets a cross-origin page read retry-after / x-request-id, as the SDK wants.
    const corsHeaders = cors
      ? { 'access-control-allow-origin': '*', 'access-control-expose-headers': '*' }
      : {};
    return { ...corsHeaders, ...extra };
  }

  function writeHead(ex: Exchange, status: number, headers: http.OutgoingHttpHeaders): void {
    ex.res.writeHead(status, baseHeaders(headers));
    if (ex.entry) {
      ex.entry.status = status;
      changed();
    }
  }

  function sendJson(
    ex: Exchange,
    status: number,
    body: unknown,
    headers: http.OutgoingHttpHeaders = {},
  ): void {
    writeHead(ex, status, { 'content-type': 'application/json', ...requestIdHeader(ex), ...headers });
    ex.res.end(JSON.stringify(body));
  }

  function sendError(
    ex: Exchange,
    status: number,
    error: Partial<OpenAIErrorBody['error']> & { message: string },
    headers: http.OutgoingHttpHeaders = {},
  ): void {
    const body: OpenAIErrorBody = {
      error: { type: 'invalid_request_error', param: null, code: null, ...error },
    };
    sendJson(ex, status, body, headers);
  }

  function requestIdHeader(ex: Exchange): http.OutgoingHttpHeaders {
    // The SDK surfaces this as `request_id` / `error.requestID`.
    return ex.entry ? { 'x-request-id': `req_test_${ex.entry.id}` } : {};
  }

  /** Client still connected and the response not yet ended. */
  function open(ex: Exchange): boolean {
    return !ex.res.destroyed && !ex.res.writableEnded;
  }

  // --- routes ------------------------------------------------------------------------------

  async function handle(ex: Exchange): Promise<void> {
    const { req } = ex;
    const method = req.method ?? 'GET';
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;

    if (path.startsWith('/__')) return handleControl(ex, method, path);

    const entry: RequestLogEntry = {
      id: nextId++,
      method,
      path,
      headers: { ...req.headers },
      body: undefined,
      stream: false,
      startedAt: Date.now(),
      closedByClient: false,
      chunksSent: 0,
    };
    ex.entry = entry;
    log.push(entry);
    ex.res.on('close', () => {
      entry.endedAt = Date.now();
      // 'close' also fires after a normal end; only an unfinished response means the client left.
      if (!ex.res.writableFinished && !closing) entry.closedByClient = true;
      changed();
    });
    changed();

    if (method === 'OPTIONS') return handlePreflight(ex);

    const modelMatch = /^\/v1\/models\/(.+)$/.exec(path);
    const route =
      method === 'GET' && path === '/v1/models'
        ? 'models'
        : method === 'GET' && modelMatch
          ? 'model'
          : method === 'POST' && path === '/v1/chat/completions'
            ? 'chat'
            : null;

    // Read the body even for errors, so it is in the log.
    const raw = await readBody(req);
    const parsed = parseJson(raw);
    entry.body = parsed.ok ? parsed.value : undefined;
    entry.stream = isRecord(entry.body) && entry.body.stream === true;
    // A test may wait for a request by what it carries: tell waiters the body is in.
    changed();

    if (!route) {
      return sendError(ex, 404, { message: `Invalid URL (${method} ${path})` });
    }
    if (!authorized(ex)) return;

    const mode = takeMode();
    if (mode?.kind === 'status') return sendStatusMode(ex, mode);
    if (mode?.kind === 'hang') return; // The 'close' listener records the client giving up.

    if (route === 'models' || route === 'model') {
      if (mode?.kind === 'slow') await sleep(mode.delayMs);
      if (!open(ex)) return;
      if (mode?.kind === 'malformed') {
        writeHead(ex, 200, { 'content-type': 'application/json', ...requestIdHeader(ex) });
        ex.res.end('{"object":"list","data":[{not json');
        return;
      }
      if (route === 'models') {
        return sendJson(ex, 200, { object: 'list', data: models.map(modelObject) });
      }
      const id = decodeURIComponent(modelMatch?.[1] ?? '');
      return models.includes(id) ? sendJson(ex, 200, modelObject(id)) : sendModelNotFound(ex, id);
    }

    if (raw.length > 0 && !parsed.ok) {
      return sendError(ex, 400, {
        message:
          "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly.)",
      });
    }
    const validated = validateChatBody(entry.body);
    if (!validated.ok) return sendError(ex, 400, validated.error);
    const body = validated.body;
    if (!models.includes(body.model)) return sendModelNotFound(ex, body.model);
    const refused = refusedFeature(body, rejections);
    if (refused) return sendError(ex, 400, refused);

    if (mode?.kind === 'endless') return sendEndless(ex, body);
    ex.cachedTokens = cachedPrefixTokens(body);
    const content =
      mode?.kind === 'malformed'
        ? MALFORMED_CONTENT
        : mode?.kind === 'huge'
          ? 'x'.repeat(mode.chars)
          : replyContent(body, mode);
    const delayMs = mode?.kind === 'slow' ? mode.delayMs : undefined;
    if (mode?.kind === 'rate') {
      if (body.stream === true)
        await streamCompletion(ex, body, content, { delayMs: 0, malformed: false, rate: mode });
      else {
        await sleep(mode.ttftMs + (estimateTokens(content) / mode.tokensPerSecond) * 1000);
        if (open(ex)) sendJson(ex, 200, completionObject(ex, body, content));
      }
    } else if (mode?.kind === 'paced' && body.stream === true) {
      await streamCompletion(ex, body, content, { delayMs: undefined, malformed: false, paced: mode });
    } else if (mode?.kind === 'huge' && body.stream === true) {
      await streamCompletion(ex, body, content, { delayMs: 0, malformed: false, pieceChars: 4096 });
    } else if (body.stream === true && delayMs !== undefined && body.response_format) {
      await sleep(delayMs);
      await streamCompletion(ex, body, content, { delayMs: undefined, malformed: false });
    } else if (body.stream === true) {
      await streamCompletion(ex, body, content, { delayMs, malformed: mode?.kind === 'malformed' });
    } else {
      if (delayMs !== undefined) await sleep(delayMs);
      if (open(ex)) sendJson(ex, 200, completionObject(ex, body, content));
    }
  }

  function handlePreflight(ex: Exchange): void {
    if (!cors) {
      writeHead(ex, 403, { 'content-type': 'text/plain' });
      ex.res.end('CORS is disabled on this server');
      return;
    }
    const requested = ex.req.headers['access-control-request-headers'];
    writeHead(ex, 204, {
      'access-control-allow-methods': 'GET, POST, OPTIONS',
      // `*` does not cover Authorization (Fetch spec), so reflect what the browser asks for.
      'access-control-allow-headers': requested ?? '*',
      // Chrome's Private Network Access asks before a page may reach 127.0.0.1.
      ...(ex.req.headers['access-control-request-private-network'] === 'true'
        ? { 'access-control-allow-private-network': 'true' }
        : {}),
    });
    ex.res.end();
  }

  /** Sends a 401 and returns false unless the request carries an accepted key (or none is needed). */
  function authorized(ex: Exchange): boolean {
    if (!requireKey) return true;
    const header = ex.req.headers.authorization ?? '';
    const key = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim() ?? '';
    if (key && apiKeys.includes(key)) return true;
    sendError(ex, 401, {
      message: key
        ? `Incorrect API key provided: ${maskKey(key)}. You can find your API key at https://platform.openai.com/account/api-keys.`
        : "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
      code: 'invalid_api_key',
    });
    return false;
  }

  function sendModelNotFound(ex: Exchange, model: string): void {
    sendError(ex, 404, {
      message: `The model \`${model}\` does not exist or you do not have access to it.`,
      code: 'model_not_found',
    });
  }

  function sendStatusMode(ex: Exchange, mode: Extract<Mode, { kind: 'status' }>): void {
    const error = statusError(mode.status);
    const headers: http.OutgoingHttpHeaders =
      mode.retryAfter !== undefined ? { 'retry-after': String(mode.retryAfter) } : {};
    sendError(ex, mode.status, { ...error, message: mode.message ?? error.message }, headers);
  }

  /** What the assistant says, in priority order: mode, grammar check, custom reply, echo. */
  function replyContent(body: ChatCompletionRequestBody, mode: Mode | null): string {
    if (mode?.kind === 'reply') return mode.text;
    const userText = lastUserText(body.messages);
    const format = body.response_format?.type;
    if (format === 'json_schema' || format === 'json_object') {
      return JSON.stringify({ suggestions: findKnownMistakes(userText) });
    }
    // No response_format, but the instructions ask for the suggestions JSON: answer like a chatty
    // model does, JSON in a fenced block with words around it.
    if (
      !format &&
      body.messages.some((m) => m.role === 'system' && messageText(m.content).includes('"suggestions"'))
    ) {
      const json = JSON.stringify({ suggestions: findKnownMistakes(userText) });
      return `Here are the suggestions:\n\n\`\`\`json\n${json}\n\`\`\`\n`;
    }
    // Newest first, so a test can override a reply registered earlier (e.g. in beforeAll).
    for (const { matcher, response } of [...replies].reverse()) {
      if (matches(matcher, userText)) return typeof response === 'function' ? response(body) : response;
    }
    return `Echo: ${userText}`;
  }

  async function streamCompletion(
    ex: Exchange,
    body: ChatCompletionRequestBody,
    content: string,
    {
      delayMs,
      malformed,
      paced,
      pieceChars,
      rate,
    }: {
      delayMs: number | undefined;
      malformed: boolean;
      paced?: { everyMs: number; pieces: number };
      pieceChars?: number;
      rate?: { ttftMs: number; tokensPerSecond: number };
    },
  ): Promise<void> {
    const { res } = ex;
    const entry = ex.entry;
    const includeUsage = body.stream_options?.include_usage === true;
    const id = `chatcmpl-test-${entry?.id ?? 0}`;
    const created = Math.floor(Date.now() / 1000);

    writeHead(ex, 200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      ...requestIdHeader(ex),
    });
    // Let the SDK's create() resolve now, before the first chunk, as with the real API.
    res.flushHeaders();

    const chunk = (delta: Record<string, unknown>, finishReason: string | null) => ({
      id,
      object: 'chat.completion.chunk',
      created,
      model: body.model,
      system_fingerprint: null,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
      // OpenAI sends `usage: null` on every chunk when usage was asked for.
      ...(includeUsage ? { usage: null } : {}),
    });

    const pieces = rate
      ? (content.match(/[\s\S]{1,4}/g) ?? [])
      : paced
        ? splitEvenly(content, paced.pieces)
        : pieceChars
          ? splitEvenly(content, Math.ceil(content.length / pieceChars))
          : splitContent(content);
    const events: string[] = [JSON.stringify(chunk({ role: 'assistant', content: '', refusal: null }, null))];
    if (malformed) {
      // A couple of good chunks, then a line no SSE/JSON parser can use.
      events.push(JSON.stringify(chunk({ content: 'Here is ' }, null)), '{not json');
    } else {
      for (const piece of pieces) events.push(JSON.stringify(chunk({ content: piece }, null)));
      events.push(JSON.stringify(chunk({}, 'stop')));
      if (includeUsage) {
        events.push(
          JSON.stringify({
            id,
            object: 'chat.completion.chunk',
            created,
            model: body.model,
            system_fingerprint: null,
            choices: [],
            usage: usageFor(body, content, ex.cachedTokens),
          }),
        );
      }
      events.push('[DONE]');
    }

    const begun = Date.now();
    for (const [i, data] of events.entries()) {
      // Rate: piece k (1-based) of content is due at ttft + (k - 1) / tokens per second, on the clock.
      if (rate) {
        if (i > 0 && i <= pieces.length) {
          const due = begun + rate.ttftMs + ((i - 1) / rate.tokensPerSecond) * 1000;
          const wait = due - Date.now();
          if (wait > 0) await sleep(wait);
        }
      } else if (paced) {
        // Paced: silence before each piece of content (and before the end), nothing between the rest.
        if (i > 0 && i <= pieces.length + 1) await sleep(paced.everyMs);
      } else if (i > 0 && delayMs !== 0) await sleep(delayMs ?? CHUNK_GAP_MS);
      if (!open(ex)) return; // Client aborted: stop writing; the 'close' listener has logged it.
      res.write(`data: ${data}\n\n`);
      if (entry) {
        entry.chunksSent++;
        changed();
      }
    }
    if (open(ex)) res.end();
  }

  /** Streams content (or body bytes) until the client goes away. */
  async function sendEndless(ex: Exchange, body: ChatCompletionRequestBody): Promise<void> {
    const { res, entry } = ex;
    const piece = 'endless '.repeat(128);
    if (body.stream === true) {
      writeHead(ex, 200, { 'content-type': 'text/event-stream; charset=utf-8', ...requestIdHeader(ex) });
      res.flushHeaders();
      const data = JSON.stringify({
        id: `chatcmpl-test-${entry?.id ?? 0}`,
        object: 'chat.completion.chunk',
        created: Math.floor(Date.now() / 1000),
        model: body.model,
        choices: [{ index: 0, delta: { content: piece }, logprobs: null, finish_reason: null }],
      });
      while (open(ex)) {
        if (!res.write(`data: ${data}\n\n`)) await new Promise((resolve) => res.once('drain', resolve));
        if (entry) entry.chunksSent++;
        await sleep(1);
      }
    } else {
      writeHead(ex, 200, { 'content-type': 'application/json', ...requestIdHeader(ex) });
      res.write(
        '{"id":"chatcmpl-endless","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"',
      );
      while (open(ex)) {
        if (!res.write(piece)) await new Promise((resolve) => res.once('drain', resolve));
        await sleep(1);
      }
    }
    changed();
  }

  function completionObject(ex: Exchange, body: ChatCompletionRequestBody, content: string) {
    return {
      id: `chatcmpl-test-${ex.entry?.id ?? 0}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      system_fingerprint: null,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content, refusal: null },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage: usageFor(body, content, ex.cachedTokens),
    };
  }

  // --- control endpoints -------------------------------------------------------------------

  async function handleControl(ex: Exchange, method: string, path: string): Promise<void> {
    const parsed = parseJson(await readBody(ex.req));
    const body = parsed.ok ? parsed.value : undefined;
    const bad = (message: string) => sendError(ex, 400, { message });
    const ok = () => sendJson(ex, 200, { ok: true });

    if (method === 'GET' && path === '/__log') return sendJson(ex, 200, log);
    if (method === 'POST' && path === '/__reset') {
      server.reset();
      return ok();
    }
    if (method === 'POST' && path === '/__enqueue') {
      const modes = (Array.isArray(body) ? body : [body]).map(parseMode);
      if (modes.some((m) => m === undefined)) return bad('Expected a Mode or an array of Modes');
      server.enqueue(...modes.filter((m): m is Mode => m !== undefined));
      return ok();
    }
    if (method === 'POST' && path === '/__default') {
      if (body === null) {
        server.setDefault(null);
        return ok();
      }
      const mode = parseMode(body);
      if (!mode) return bad('Expected a Mode or null');
      server.setDefault(mode);
      return ok();
    }
    if (method === 'POST' && path === '/__reject') {
      const list = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');
      if (
        !isRecord(body) ||
        (body.responseFormats !== undefined && !list(body.responseFormats)) ||
        (body.params !== undefined && !list(body.params))
      ) {
        return bad('Expected { responseFormats?: string[], params?: string[] }');
      }
      server.setRejections(body as Rejections);
      return ok();
    }
    if (method === 'POST' && path === '/__reply') {
      if (!isRecord(body) || typeof body.match !== 'string' || typeof body.text !== 'string') {
        return bad('Expected { match: string, text: string, regex?: boolean, flags?: string }');
      }
      const flags = typeof body.flags === 'string' ? body.flags : '';
      server.reply(body.regex === true ? new RegExp(body.match, flags) : body.match, body.text);
      return ok();
    }
    return sendError(ex, 404, { message: `Invalid URL (${method} ${path})` });
  }

  // --- lifecycle ---------------------------------------------------------------------------

  const httpServer = http.createServer((req, res) => {
    const ex: Exchange = { req, res, entry: undefined };
    handle(ex).catch((err: unknown) => {
      // A bug in the server must fail the test loudly, not hang it.
      console.error('[openai-test-server]', err);
      if (res.headersSent) res.destroy();
      else sendError(ex, 500, { message: `Test server error: ${String(err)}`, type: 'server_error' });
    });
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(opts.port ?? 0, '127.0.0.1', () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const port = (httpServer.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  const server: TestServer = {
    url: `${origin}/v1`,
    origin,
    port,
    log,
    enqueue(...modes) {
      queue.push(...modes);
    },
    setDefault(mode) {
      defaultMode = mode;
    },
    reply(matcher, response) {
      replies.push({ matcher, response });
    },
    setRejections(next) {
      rejections = next;
    },
    reset() {
      rejections = opts.reject ?? {};
      seenPrefixes.clear();
      // Emptied in place: callers may hold a reference to `server.log`.
      log.length = 0;
      queue.length = 0;
      defaultMode = null;
      replies = [];
    },
    waitFor(pred, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const hit = log.find(pred);
          if (!hit) return;
          clearTimeout(timer);
          changes.off('change', check);
          resolve(hit);
        };
        const timer = setTimeout(() => {
          changes.off('change', check);
          const seen = log.map((e) => `#${e.id} ${e.method} ${e.path} → ${e.status ?? 'pending'}`).join('; ');
          reject(new Error(`waitFor timed out after ${timeoutMs}ms. Log: ${seen || '(empty)'}`));
        }, timeoutMs);
        // Entries change after they are logged (status, chunks, close), so re-check on every change.
        changes.on('change', check);
        check();
      });
    },
    close() {
      closing = true;
      return new Promise((resolve, reject) => {
        httpServer.close((err) => (err ? reject(err) : resolve()));
        // Hanging requests and idle keep-alive sockets would otherwise keep close() waiting.
        httpServer.closeAllConnections();
      });
    },
  };
  return server;
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

function statusError(status: ErrorStatus): Omit<OpenAIErrorBody['error'], 'param'> {
  switch (status) {
    case 401:
      return {
        message: 'Incorrect API key provided.',
        type: 'invalid_request_error',
        code: 'invalid_api_key',
      };
    case 403:
      return {
        message: 'Country, region, or territory not supported',
        type: 'request_forbidden',
        code: 'unsupported_country_region_territory',
      };
    case 404:
      return {
        message: 'The requested resource was not found.',
        type: 'invalid_request_error',
        code: 'not_found',
      };
    case 429:
      return {
        message: 'Rate limit reached for requests. Please try again later.',
        type: 'requests',
        code: 'rate_limit_exceeded',
      };
    case 500:
      return {
        message: 'The server had an error while processing your request. Sorry about that!',
        type: 'server_error',
        code: null,
      };
    case 502:
      return { message: 'Bad gateway.', type: 'server_error', code: null };
    case 503:
      return {
        message: 'The engine is currently overloaded, please try again later.',
        type: 'server_error',
        code: null,
      };
  }
}

/** Like OpenAI's messages: enough to recognise the key, never the whole secret. */
export function maskKey(key: string): string {
  return key.length >= 12 ? `${key.slice(0, 5)}****${key.slice(-4)}` : '****';
}

function modelObject(id: string) {
  return { id, object: 'model', created: MODEL_CREATED, owned_by: 'redline-test' };
}

/** Text of a message's content: a string, or the text parts of a content-part array. */
export function messageText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .filter((part): part is { type: 'text'; text: string } => {
      return isRecord(part) && part.type === 'text' && typeof part.text === 'string';
    })
    .map((part) => part.text)
    .join('\n');
}

function lastUserText(messages: ChatMessage[]): string {
  const last = messages.findLast((m) => m.role === 'user');
  return last ? messageText(last.content) : '';
}

function usageFor(body: ChatCompletionRequestBody, content: string, cachedTokens = 0) {
  const prompt_tokens = countChatTokens(body.messages);
  const completion_tokens = countTokens(content);
  return {
    prompt_tokens,
    completion_tokens,
    total_tokens: prompt_tokens + completion_tokens,
    prompt_tokens_details: { cached_tokens: Math.min(cachedTokens, prompt_tokens) },
  };
}

/** Word by word (whitespace kept), long words cut, so even compact JSON streams in pieces. */
/** `content` in `count` pieces of about the same length. */
function splitEvenly(content: string, count: number): string[] {
  const size = Math.max(1, Math.ceil(content.length / Math.max(1, count)));
  const pieces: string[] = [];
  for (let i = 0; i < content.length; i += size) pieces.push(content.slice(i, i + size));
  return pieces;
}

function splitContent(content: string): string[] {
  const words = content.match(/\s*\S+\s*/g) ?? (content ? [content] : []);
  return words.flatMap((word) => {
    const pieces: string[] = [];
    for (let i = 0; i < word.length; i += MAX_CHUNK_CHARS) pieces.push(word.slice(i, i + MAX_CHUNK_CHARS));
    return pieces;
  });
}

function matches(matcher: string | RegExp, text: string): boolean {
  if (typeof matcher === 'string') return text.includes(matcher);
  matcher.lastIndex = 0; // A /g or /y RegExp keeps state between test() calls.
  return matcher.test(text);
}

type Validated =
  | { ok: true; body: ChatCompletionRequestBody }
  | { ok: false; error: { message: string; param: string; code: string } };

function validateChatBody(body: unknown): Validated {
  const missing = (param: string): Validated => ({
    ok: false,
    error: { message: `Missing required parameter: '${param}'.`, param, code: 'missing_required_parameter' },
  });
  if (!isRecord(body) || typeof body.model !== 'string') return missing('model');
  if (!Array.isArray(body.messages)) return missing('messages');
  const messages: unknown[] = body.messages;
  if (!messages.every((m) => isRecord(m) && typeof m.role === 'string')) {
    return {
      ok: false,
      error: {
        message: "Invalid 'messages': each message needs a role.",
        param: 'messages',
        code: 'invalid_value',
      },
    };
  }
  // Safe after the checks above; the index signature keeps the remaining fields as unknown.
  return { ok: true, body: body as ChatCompletionRequestBody };
}

/** The 400 a server without this request's response_format type or parameter answers. */
function refusedFeature(
  body: ChatCompletionRequestBody,
  rejections: Rejections,
): (Partial<OpenAIErrorBody['error']> & { message: string }) | undefined {
  const format = body.response_format?.type;
  if (format && body.stream === true && rejections.streamFormats?.includes(format)) {
    return {
      message: `'response_format' of type '${format}' cannot be used with stream=true on this server.`,
      param: null,
      code: 'unsupported_value',
    };
  }
  if (format && rejections.responseFormats?.includes(format)) {
    return {
      message: `Invalid parameter: 'response_format' of type '${format}' is not supported with this model.`,
      param: 'response_format',
      code: 'unsupported_value',
    };
  }
  const param = rejections.params?.find((p) => Object.hasOwn(body, p));
  if (param) {
    return { message: `Unrecognized request argument supplied: ${param}`, param, code: 'unknown_parameter' };
  }
  return undefined;
}

/** Validates a Mode received over HTTP; undefined when it is not one. */
export function parseMode(value: unknown): Mode | undefined {
  if (!isRecord(value)) return undefined;
  switch (value.kind) {
    case 'status': {
      const { status, retryAfter, message } = value;
      if (typeof status !== 'number' || !ERROR_STATUSES.includes(status)) return undefined;
      if (retryAfter !== undefined && typeof retryAfter !== 'number') return undefined;
      if (message !== undefined && typeof message !== 'string') return undefined;
      return {
        kind: 'status',
        status: status as ErrorStatus,
        ...(retryAfter !== undefined ? { retryAfter } : {}),
        ...(message !== undefined ? { message } : {}),
      };
    }
    case 'slow':
      return typeof value.delayMs === 'number' && value.delayMs >= 0
        ? { kind: 'slow', delayMs: value.delayMs }
        : undefined;
    case 'malformed':
      return { kind: 'malformed' };
    case 'hang':
      return { kind: 'hang' };
    case 'reply':
      return typeof value.text === 'string' ? { kind: 'reply', text: value.text } : undefined;
    case 'endless':
      return { kind: 'endless' };
    case 'huge':
      return typeof value.chars === 'number' && value.chars >= 0
        ? { kind: 'huge', chars: value.chars }
        : undefined;
    case 'rate':
      return typeof value.ttftMs === 'number' &&
        value.ttftMs >= 0 &&
        typeof value.tokensPerSecond === 'number' &&
        value.tokensPerSecond > 0
        ? { kind: 'rate', ttftMs: value.ttftMs, tokensPerSecond: value.tokensPerSecond }
        : undefined;
    case 'paced':
      return typeof value.everyMs === 'number' && typeof value.pieces === 'number' && value.pieces > 0
        ? { kind: 'paced', everyMs: value.everyMs, pieces: value.pieces }
        : undefined;
    default:
      return undefined;
  }
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    // A client that aborts mid-upload: answer with what arrived; the response will go nowhere.
    req.on('error', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text.length === 0) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
