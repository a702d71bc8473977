import type { Runtime } from 'webextension-polyfill';
import type OpenAI from 'openai';
import type { ChatServerMessage } from '../messaging';
import { ChatClientMessageSchema } from '../protocol';
import { MAX_CHAT_TURNS, type ChatTurn, type Settings } from '../settings';
import { samplingParams, type ClientOptions } from './client';
import { toUserFacingError, type ErrorContext } from './errors';
import type { ModelContext } from './model-context';
import type { RateLimiter } from './rate-limit';
import type { TokenUsage } from './usage-recorder';

/** How many earlier turns go with each message (the whole history stays stored for the user). */
const CONTEXT_TURNS = 20;
export const CHAT_CLIENT_OPTIONS: ClientOptions = { timeoutMs: 60_000, maxRetries: 2 };

export interface ChatDeps {
  modelContext(options: ClientOptions): Promise<ModelContext>;
  history: { get(): Promise<ChatTurn[]>; set(turns: ChatTurn[]): Promise<void> };
  limiter: RateLimiter;
  recordUsage(model: string, usage: TokenUsage): Promise<void>;
}

export function chatMessages(settings: Settings, history: ChatTurn[]): OpenAI.ChatCompletionMessageParam[] {
  const turns = history.filter((turn) => !turn.error && turn.content.trim()).slice(-CONTEXT_TURNS);
  return [
    { role: 'system', content: settings.advanced.chatSystemMessage },
    ...turns.map((turn) => ({ role: turn.role, content: turn.content })),
  ];
}

async function appendTurn(deps: ChatDeps, turn: ChatTurn): Promise<void> {
  const turns = [...(await deps.history.get()), turn];
  await deps.history.set(turns.slice(-MAX_CHAT_TURNS));
}

/**
 * Serves one popup's chat port: one request at a time, one port message per streamed chunk.
 * The history lives in storage and is written here, so a reply survives the popup closing;
 * closing the port aborts the request and keeps what had arrived, marked incomplete.
 */
export function serveChatPort(port: Runtime.Port, deps: ChatDeps): void {
  let inFlight: AbortController | null = null;
  let connected = true;
  const post = (message: ChatServerMessage) => {
    if (connected) port.postMessage(message);
  };

  port.onDisconnect.addListener(() => {
    connected = false;
    inFlight?.abort();
  });

  port.onMessage.addListener((raw: unknown) => {
    const parsed = ChatClientMessageSchema.safeParse(raw);
    if (!parsed.success) {
      post({ type: 'error', code: 'bad-request', message: 'Refused: malformed chat message.' });
      return;
    }
    if (parsed.data.type === 'stop') {
      inFlight?.abort();
      return;
    }
    if (inFlight) {
      post({ type: 'error', code: 'busy', message: 'Wait for the current reply, or press Stop.' });
      return;
    }
    const controller = new AbortController();
    inFlight = controller;
    void runTurn(parsed.data.text, controller.signal, deps, post).finally(() => {
      if (inFlight === controller) inFlight = null;
    });
  });
}

async function runTurn(
  text: string,
  signal: AbortSignal,
  deps: ChatDeps,
  post: (message: ChatServerMessage) => void,
): Promise<void> {
  const ctx = await deps.modelContext(CHAT_CLIENT_OPTIONS);
  if (!ctx.ok) {
    post({ type: 'error', code: ctx.code, message: ctx.message });
    return;
  }
  await appendTurn(deps, { role: 'user', content: text });
  post({ type: 'start' });
  let reply = '';
  let errors: ErrorContext = ctx.errors;
  try {
    await deps.limiter.acquire(signal);
    const stream = await ctx.client.chat.completions.create(
      {
        model: ctx.model,
        messages: chatMessages(ctx.settings, await deps.history.get()),
        stream: true,
        stream_options: { include_usage: true },
        ...samplingParams(ctx.baseURL, ctx.model, ctx.settings.advanced, ctx.settings.advanced.maxTokensChat),
      },
      { signal },
    );
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta?.content;
      if (delta) {
        reply += delta;
        post({ type: 'delta', text: delta });
      }
      if (chunk.usage) void deps.recordUsage(ctx.model, chunk.usage);
    }
    // An aborted stream ends the loop quietly rather than throwing.
    await appendTurn(deps, {
      role: 'assistant',
      content: reply,
      ...(signal.aborted ? { incomplete: true } : {}),
    });
    post({ type: 'done', stopped: signal.aborted });
  } catch (error) {
    errors = { ...errors, online: navigator.onLine };
    const failure = toUserFacingError(error, errors);
    if (failure.code === 'aborted' || signal.aborted) {
      await appendTurn(deps, { role: 'assistant', content: reply, incomplete: true });
      post({ type: 'done', stopped: true });
    } else {
      await appendTurn(deps, {
        role: 'assistant',
        content: reply,
        incomplete: Boolean(reply),
        error: failure.message,
      });
      post({ type: 'error', code: failure.code, message: failure.message });
    }
  }
}
