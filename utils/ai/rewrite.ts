/**
 * The rewrite port (background side): one rewrite per request, streamed one chunk per message,
 * stopped by Stop (`cancel`) or by the page closing the port. A request runs only with a grant the
 * background issued for a person's menu click or shortcut (rewrite-grants.ts); the prompt, length
 * and clean-up live in rewrite-prompts.ts and rewrite-output.ts.
 */
import type { Runtime } from 'webextension-polyfill';
import { APIError } from 'openai';
import type OpenAI from 'openai';
import type { PortCallContext, PortService } from '../messaging/serve-port';
import { REWRITE_PORT, type RewriteResult } from '../messaging/protocol';
import { RewriteRequestSchema } from '../messaging/schemas';
import { actionFromMenuId, type RewriteAction } from '../rewrite/actions';
import { samplingParams, type ClientOptions } from './client';
import { pageSafeMessage, toUserFacingError } from './errors';
import type { ModelContext } from './model-context';
import type { RateLimiter } from './rate-limit';
import { ReplyGuard, rewriteReplyCap } from './reply-guard';
import type { RewriteGrants } from './rewrite-grants';
import { createStreamCleaner } from './rewrite-output';
import { rewriteInstruction, rewriteMaxTokens, rewriteMessages, wantsPrediction } from './rewrite-prompts';
import type { TokenUsage } from './usage-recorder';
import type { SpendGuard } from './spend-guard';

export const REWRITE_CLIENT_OPTIONS: ClientOptions = { timeoutMs: 60_000, maxRetries: 2 };

export interface RewriteDeps {
  modelContext(options: ClientOptions): Promise<ModelContext>;
  limiter: RateLimiter;
  /** Spending limits: a rewrite that would cross one is not sent, and the panel says why. */
  spend: SpendGuard;
  recordUsage(model: string, usage: TokenUsage): Promise<void>;
  grants: RewriteGrants;
  /** Endpoints (base URL + model) that refused `prediction`: not offered it again. */
  predictionRefused: Set<string>;
}

export const NOT_GRANTED =
  'This rewrite was not started from Redline’s menu or shortcut, so nothing was sent. Choose it from the menu again.';

/** The rewrite port's service: content scripts only (they have a tab), one rewrite at a time per page. */
export function rewritePortService(deps: RewriteDeps): PortService<typeof REWRITE_PORT> {
  return {
    accepts: (sender: Runtime.MessageSender) => sender.tab?.id !== undefined,
    parse: (raw) => {
      const parsed = RewriteRequestSchema.safeParse(raw);
      return parsed.success ? parsed.data : null;
    },
    refuse: (reason) =>
      reason === 'busy'
        ? { ok: false, code: 'busy', message: 'This rewrite is already running.' }
        : { ok: false, code: 'bad-request', message: 'Refused: malformed rewrite request.' },
    maxInFlight: 1,
    handle(request, call) {
      const action = deps.grants.redeem(
        request.grant,
        { tabId: call.sender.tab?.id, frameId: call.sender.frameId },
        () => (request.itemId ? actionFromMenuId(request.itemId) : null),
      );
      if (!action) return Promise.resolve({ ok: false, code: 'not-granted', message: NOT_GRANTED });
      return runRewrite(action, request.text, call, deps);
    },
  };
}

const isPredictionRefusal = (error: unknown) =>
  error instanceof APIError &&
  (error.status === 400 || error.status === 422) &&
  (error.param === 'prediction' || /prediction/i.test(error.message));

async function runRewrite(
  action: RewriteAction,
  text: string,
  call: PortCallContext<typeof REWRITE_PORT>,
  deps: RewriteDeps,
): Promise<RewriteResult> {
  const { signal, emit, sender } = call;
  const ctx = await deps.modelContext(REWRITE_CLIENT_OPTIONS);
  if (!ctx.ok) return { ok: false, code: ctx.code, message: ctx.message };
  const instruction = rewriteInstruction(action, ctx.settings);
  if (!instruction.ok) return { ok: false, code: 'no-prompt', message: instruction.message };
  const endpoint = `${ctx.baseURL} ${ctx.model}`;
  const maxTokens = rewriteMaxTokens(action, text, ctx.settings.advanced.maxTokensRewrite);
  const messages = rewriteMessages(instruction.instruction, text);
  /** The request with the reply cap the spending limits allow. */
  const request = (cap: number, withPrediction: boolean): OpenAI.ChatCompletionCreateParamsStreaming => {
    const base = {
      model: ctx.model,
      messages,
      stream: true as const,
      stream_options: { include_usage: true },
      ...samplingParams(ctx.baseURL, ctx.model, ctx.settings.advanced, cap),
    };
    if (!withPrediction) return base;
    // OpenAI refuses a completion-length cap next to a prediction; the prediction bounds the reply anyway.
    const { max_completion_tokens: _cap, max_tokens: _legacyCap, ...rest } = base;
    return { ...rest, prediction: { type: 'content', content: text } };
  };

  const cleaner = createStreamCleaner(text);
  const guard = new ReplyGuard(signal, rewriteReplyCap(text.length));
  const lane = `tab:${sender.tab?.id ?? 'none'}`;
  let spent: ((recorded?: Promise<unknown>) => void) | undefined;
  let recorded: Promise<unknown> | undefined;
  try {
    await deps.limiter.acquire(guard.signal, lane);
    const admission = await deps.spend.admit('rewrite', ctx.model, messages, maxTokens);
    if (!admission.ok) return { ok: false, code: admission.code, message: admission.message };
    spent = admission.done;
    // A prediction goes without a reply cap (OpenAI refuses both): not while a limit caps the reply.
    const predict =
      admission.maxTokens === maxTokens &&
      wantsPrediction(action, ctx.settings.provider, ctx.baseURL, ctx.model) &&
      !deps.predictionRefused.has(endpoint);
    let stream;
    try {
      stream = await ctx.client.chat.completions.create(request(admission.maxTokens, predict), {
        signal: guard.signal,
      });
    } catch (error) {
      if (!predict || !isPredictionRefusal(error)) throw error;
      // A server without predicted outputs: remember it, and ask again the plain way.
      deps.predictionRefused.add(endpoint);
      stream = await ctx.client.chat.completions.create(request(admission.maxTokens, false), {
        signal: guard.signal,
      });
    }
    emit({ type: 'start' });
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta?.content;
      if (!guard.take(delta?.length ?? 0)) break;
      if (delta) {
        const shown = cleaner.push(delta);
        if (shown) emit({ type: 'delta', text: shown });
      }
      if (chunk.usage) recorded = deps.recordUsage(ctx.model, chunk.usage);
    }
    if (guard.error) throw guard.error;
    // An aborted stream ends the loop quietly rather than throwing.
    return { ok: true, text: cleaner.finish(), stopped: signal.aborted };
  } catch (error) {
    if (signal.aborted) return { ok: true, text: cleaner.finish(), stopped: true };
    const failure = toUserFacingError(guard.error ?? error, { ...ctx.errors, online: navigator.onLine });
    if (failure.code === 'aborted') return { ok: true, text: cleaner.finish(), stopped: true };
    // The panel lives in the page: it is told what went wrong, not the provider's host or words.
    return { ok: false, code: failure.code, message: pageSafeMessage(failure.code, failure.retryAfter) };
  } finally {
    guard.dispose();
    spent?.(recorded);
  }
}
