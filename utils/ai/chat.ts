import type { Runtime } from 'webextension-polyfill';
import type OpenAI from 'openai';
import type { PortCallContext, PortService } from '../messaging/serve-port';
import { CHAT_PORT, type ChatResult } from '../messaging/protocol';
import { ChatRequestSchema } from '../messaging/schemas';
import { MAX_CHAT_TURNS, type ChatTurn, type Settings } from '../settings';
import { samplingParams, type ClientOptions } from './client';
import { toUserFacingError } from './errors';
import type { ModelContext } from './model-context';
import type { RateLimiter } from './rate-limit';
import type { SpendGuard } from './spend-guard';
import { REPLY_CAPS, ReplyGuard } from './reply-guard';
import type { TokenUsage } from './usage-recorder';

/** How many earlier turns go with each message (the whole history stays stored for the user). */
const CONTEXT_TURNS = 20;
/** The stored history's size in characters: the oldest turns go first when it grows past this. */
export const MAX_HISTORY_CHARS = 400_000;
export const CHAT_CLIENT_OPTIONS: ClientOptions = { timeoutMs: 60_000, maxRetries: 2 };

export const STORAGE_FULL =
  'Redline could not save the chat: the browser’s storage for Redline is full. Clear the chat history (Clear) and try again.';

export interface ChatDeps {
  modelContext(options: ClientOptions): Promise<ModelContext>;
  history: { get(): Promise<ChatTurn[]>; set(turns: ChatTurn[]): Promise<void> };
  limiter: RateLimiter;
  /** Spending limits: at one, the message stays and the reply says why nothing was sent. */
  spend: SpendGuard;
  recordUsage(model: string, usage: TokenUsage): Promise<void>;
  /** Whether `sender` is one of Redline's own pages (only they may chat). */
  isExtensionPage(sender: Runtime.MessageSender): boolean;
}

export function chatMessages(settings: Settings, history: ChatTurn[]): OpenAI.ChatCompletionMessageParam[] {
  const turns = history.filter((turn) => !turn.error && turn.content.trim()).slice(-CONTEXT_TURNS);
  return [
    { role: 'system', content: settings.advanced.chatSystemMessage },
    ...turns.map((turn) => ({ role: turn.role, content: turn.content })),
  ];
}

/** The newest turns that fit in `MAX_CHAT_TURNS` turns and `MAX_HISTORY_CHARS` characters. */
export function boundHistory(turns: readonly ChatTurn[]): ChatTurn[] {
  const kept: ChatTurn[] = [];
  let chars = 0;
  for (let i = turns.length - 1; i >= 0 && kept.length < MAX_CHAT_TURNS; i--) {
    const turn = turns[i] as ChatTurn;
    chars += turn.content.length + (turn.error?.length ?? 0);
    if (chars > MAX_HISTORY_CHARS && kept.length > 0) break;
    kept.unshift(turn);
  }
  return kept;
}

/** Adds a turn to the stored history; false when storage refused the write (full). */
async function appendTurn(deps: ChatDeps, turn: ChatTurn): Promise<boolean> {
  try {
    await deps.history.set(boundHistory([...(await deps.history.get()), turn]));
    return true;
  } catch {
    return false;
  }
}

/**
 * The chat port's service, for Redline's own pages: one request at a time per popup, one port
 * message per streamed chunk. The history lives in storage and is written here, so a reply survives
 * the popup closing; closing the port aborts the request and keeps what had arrived, marked incomplete.
 */
export function chatPortService(deps: ChatDeps): PortService<typeof CHAT_PORT> {
  return {
    accepts: (sender) => deps.isExtensionPage(sender),
    parse: (raw) => {
      const parsed = ChatRequestSchema.safeParse(raw);
      return parsed.success ? parsed.data : null;
    },
    refuse: (reason) =>
      reason === 'busy'
        ? { ok: false, code: 'busy', message: 'Wait for the current reply, or press Stop.' }
        : { ok: false, code: 'bad-request', message: 'Refused: malformed chat message.' },
    maxInFlight: 1,
    handle: (request, call) => runTurn(request.text, call, deps),
  };
}

async function runTurn(
  text: string,
  call: PortCallContext<typeof CHAT_PORT>,
  deps: ChatDeps,
): Promise<ChatResult> {
  const { signal, emit } = call;
  const ctx = await deps.modelContext(CHAT_CLIENT_OPTIONS);
  if (!ctx.ok) return { ok: false, code: ctx.code, message: ctx.message };
  if (!(await appendTurn(deps, { role: 'user', content: text }))) {
    return { ok: false, code: 'storage-full', message: STORAGE_FULL };
  }
  emit({ type: 'start' });
  let reply = '';
  const guard = new ReplyGuard(signal, REPLY_CAPS.chat);
  const end = async (turn: Omit<ChatTurn, 'role' | 'content'>, result: ChatResult): Promise<ChatResult> => {
    const saved = await appendTurn(deps, { role: 'assistant', content: reply, ...turn });
    return saved || !result.ok ? result : { ok: false, code: 'storage-full', message: STORAGE_FULL };
  };
  let spent: ((recorded?: Promise<unknown>) => void) | undefined;
  let recorded: Promise<unknown> | undefined;
  try {
    await deps.limiter.acquire(guard.signal, 'chat');
    const messages = chatMessages(ctx.settings, await deps.history.get());
    const admission = await deps.spend.admit(
      'chat',
      ctx.model,
      messages,
      ctx.settings.advanced.maxTokensChat,
    );
    if (!admission.ok) {
      return await end(
        { error: admission.message },
        { ok: false, code: admission.code, message: admission.message },
      );
    }
    spent = admission.done;
    const stream = await ctx.client.chat.completions.create(
      {
        model: ctx.model,
        messages,
        stream: true,
        stream_options: { include_usage: true },
        ...samplingParams(ctx.baseURL, ctx.model, ctx.settings.advanced, admission.maxTokens),
      },
      { signal: guard.signal },
    );
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta?.content;
      if (!guard.take(delta?.length ?? 0)) break;
      if (delta) {
        reply += delta;
        emit({ type: 'delta', text: delta });
      }
      if (chunk.usage) recorded = deps.recordUsage(ctx.model, chunk.usage);
    }
    if (guard.error) throw guard.error;
    // An aborted stream ends the loop quietly rather than throwing.
    const stopped = signal.aborted;
    return await end(stopped ? { incomplete: true } : {}, { ok: true, stopped });
  } catch (error) {
    if (signal.aborted) return end({ incomplete: true }, { ok: true, stopped: true });
    const failure = toUserFacingError(guard.error ?? error, { ...ctx.errors, online: navigator.onLine });
    if (failure.code === 'aborted') return end({ incomplete: true }, { ok: true, stopped: true });
    return end(
      { incomplete: Boolean(reply), error: failure.message },
      { ok: false, code: failure.code, message: failure.message },
    );
  } finally {
    guard.dispose();
    spent?.(recorded);
  }
}
