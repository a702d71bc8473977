/**
 * The rewrite port: one rewrite per port, streamed one message per chunk, cancelled by Stop or by
 * the page closing the port. Modelled on the chat port (chat.ts); the prompt, length and clean-up
 * live in rewrite-prompts.ts and rewrite-output.ts.
 */
import browser from 'webextension-polyfill';
import type { Runtime } from 'webextension-polyfill';
import { APIError } from 'openai';
import type OpenAI from 'openai';
import { z } from 'zod';
import { actionFromMenuId } from '../rewrite/actions';
import { MAX_REWRITE_CHARS, REWRITE_PORT, type RewriteServerMessage } from '../rewrite/messages';
import { samplingParams, type ClientOptions } from './client';
import { toUserFacingError } from './errors';
import type { ModelContext } from './model-context';
import type { RateLimiter } from './rate-limit';
import { createStreamCleaner } from './rewrite-output';
import { rewriteInstruction, rewriteMaxTokens, rewriteMessages, wantsPrediction } from './rewrite-prompts';
import type { TokenUsage } from './usage-recorder';

export const REWRITE_CLIENT_OPTIONS: ClientOptions = { timeoutMs: 60_000, maxRetries: 2 };

/** What a page may post on the rewrite port. */
export const RewriteClientMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('start'),
    menuItemId: z.string().max(40),
    text: z.string().min(1).max(MAX_REWRITE_CHARS),
  }),
  z.object({ type: z.literal('stop') }),
]);

export interface RewriteDeps {
  modelContext(options: ClientOptions): Promise<ModelContext>;
  limiter: RateLimiter;
  recordUsage(model: string, usage: TokenUsage): Promise<void>;
  /** Endpoints (base URL + model) that refused `prediction`: not offered it again. */
  predictionRefused: Set<string>;
}

/** Serves one rewrite port: a `start`, then chunks until done, stopped or failed. */
export function serveRewritePort(port: Runtime.Port, deps: RewriteDeps): void {
  let controller: AbortController | null = null;
  let connected = true;
  const post = (message: RewriteServerMessage) => {
    if (connected) port.postMessage(message);
  };

  port.onDisconnect.addListener(() => {
    connected = false;
    controller?.abort();
  });

  port.onMessage.addListener((raw: unknown) => {
    const parsed = RewriteClientMessageSchema.safeParse(raw);
    if (!parsed.success) {
      post({ type: 'error', code: 'bad-request', message: 'Refused: malformed rewrite request.' });
      return;
    }
    if (parsed.data.type === 'stop') {
      controller?.abort();
      return;
    }
    if (controller) {
      post({ type: 'error', code: 'busy', message: 'This rewrite is already running.' });
      return;
    }
    controller = new AbortController();
    void runRewrite(parsed.data.menuItemId, parsed.data.text, controller.signal, deps, post);
  });
}

const isPredictionRefusal = (error: unknown) =>
  error instanceof APIError &&
  (error.status === 400 || error.status === 422) &&
  (error.param === 'prediction' || /prediction/i.test(error.message));

async function runRewrite(
  menuItemId: string,
  text: string,
  signal: AbortSignal,
  deps: RewriteDeps,
  post: (message: RewriteServerMessage) => void,
): Promise<void> {
  const action = actionFromMenuId(menuItemId);
  if (!action) {
    post({ type: 'error', code: 'bad-request', message: 'Unknown rewrite.' });
    return;
  }
  const ctx = await deps.modelContext(REWRITE_CLIENT_OPTIONS);
  if (!ctx.ok) {
    post({ type: 'error', code: ctx.code, message: ctx.message });
    return;
  }
  const instruction = rewriteInstruction(action, ctx.settings);
  if (!instruction.ok) {
    post({ type: 'error', code: 'no-prompt', message: instruction.message });
    return;
  }
  const endpoint = `${ctx.baseURL} ${ctx.model}`;
  const predict =
    wantsPrediction(action, ctx.settings.provider, ctx.baseURL, ctx.model) &&
    !deps.predictionRefused.has(endpoint);
  const maxTokens = rewriteMaxTokens(action, text, ctx.settings.advanced.maxTokensRewrite);
  const sampling = samplingParams(ctx.baseURL, ctx.model, ctx.settings.advanced, maxTokens);
  const request = (withPrediction: boolean): OpenAI.ChatCompletionCreateParamsStreaming => {
    const base = {
      model: ctx.model,
      messages: rewriteMessages(instruction.instruction, text),
      stream: true as const,
      stream_options: { include_usage: true },
      ...sampling,
    };
    if (!withPrediction) return base;
    // OpenAI refuses a completion-length cap next to a prediction; the prediction bounds the reply anyway.
    const { max_completion_tokens: _cap, max_tokens: _legacyCap, ...rest } = base;
    return { ...rest, prediction: { type: 'content', content: text } };
  };

  const cleaner = createStreamCleaner(text);
  try {
    await deps.limiter.acquire(signal);
    let stream;
    try {
      stream = await ctx.client.chat.completions.create(request(predict), { signal });
    } catch (error) {
      if (!predict || !isPredictionRefusal(error)) throw error;
      // A server without predicted outputs: remember it, and ask again the plain way.
      deps.predictionRefused.add(endpoint);
      stream = await ctx.client.chat.completions.create(request(false), { signal });
    }
    post({ type: 'start' });
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta?.content;
      if (delta) {
        const shown = cleaner.push(delta);
        if (shown) post({ type: 'delta', text: shown });
      }
      if (chunk.usage) void deps.recordUsage(ctx.model, chunk.usage);
    }
    // An aborted stream ends the loop quietly rather than throwing.
    post({ type: 'done', text: cleaner.finish(), stopped: signal.aborted });
  } catch (error) {
    const failure = toUserFacingError(error, { ...ctx.errors, online: navigator.onLine });
    if (failure.code === 'aborted' || signal.aborted)
      post({ type: 'done', text: cleaner.finish(), stopped: true });
    else post({ type: 'error', code: failure.code, message: failure.message });
  }
}

/**
 * The rewrite port, open to Redline's own content scripts and pages (a web page cannot connect to an
 * extension without `externally_connectable`, and `sender.id` is checked all the same).
 */
export function registerRewritePort(deps: Omit<RewriteDeps, 'predictionRefused'>): void {
  const predictionRefused = new Set<string>();
  browser.runtime.onConnect.addListener((port: Runtime.Port) => {
    if (port.name !== REWRITE_PORT) return;
    if (port.sender?.id !== browser.runtime.id) {
      port.disconnect();
      return;
    }
    serveRewritePort(port, { ...deps, predictionRefused });
  });
}
