/**
 * One LLM check: cached paragraphs are answered from the cache, the rest go in one request in the
 * strictest reply format the server accepts, and the reply becomes anchored suggestions or an error
 * a person can act on. Never throws.
 */
import { APIError } from 'openai';
import type OpenAI from 'openai';
import type { ParagraphRequest, ParagraphResult } from '../text/types';
import type { CheckResult } from '../messaging/protocol';
import { lowestReasoningEffort, samplingParams, type ClientOptions } from './client';
import { anchorCheckItems, parseCheckReply } from './check-reply';
import { CheckItemStream } from './check-stream';
import { CheckCache } from './check-cache';
import {
  activeCategories,
  CHECK_PROMPT_VERSION,
  checkMaxTokens,
  checkMessages,
  RESPONSE_FORMATS,
  responseFormat,
  type CheckPromptOptions,
  type ResponseFormatLevel,
} from './check-prompt';
import { pageSafeMessage, toUserFacingError } from './errors';
import type { ModelContext } from './model-context';
import type { RateLimiter } from './rate-limit';
import type { SpendGuard } from './spend-guard';
import { readGuarded, REPLY_CAPS, ReplyGuard } from './reply-guard';
import type { TokenUsage } from './usage-recorder';
import { hostnameOf } from '../local-check/lint-mapping';
import { isRuleIgnored } from '../settings';
import { matchStyleRules, parseStyleRules, rulesForPrompt, type StyleRule } from '../rules/style-rules';

/**
 * Checks run while someone types: a short timeout, and no hidden retries — the field's check loop
 * retries (after `retry-after` for 429) and shows each failure in the badge meanwhile.
 */
export const CHECK_CLIENT_OPTIONS: ClientOptions = { timeoutMs: 20_000, maxRetries: 0 };

/** How a server is asked for a check: the strictest format it takes, streamed if it can. */
export interface ReplyFormat {
  level: ResponseFormatLevel;
  stream: boolean;
}

/** Which reply format works with each base URL, learnt from 400s and kept across restarts. */
export interface FormatMemory {
  get(baseURL: string): Promise<ReplyFormat | undefined>;
  set(baseURL: string, format: ReplyFormat): Promise<void>;
}

export interface LlmCheckDeps {
  modelContext(options: ClientOptions): Promise<ModelContext>;
  limiter: RateLimiter;
  /** Spending limits: a request that would cross one is not sent. */
  spend: SpendGuard;
  recordUsage(model: string, usage: TokenUsage): Promise<void>;
  cache: CheckCache;
  formats: FormatMemory;
  uiLanguage(): string;
  /** The languages of each text, as the local checker's host detects them (named in the prompt). */
  languagesOf?(texts: readonly string[], site: string): Promise<string[][]>;
}

/** Paragraphs with no letters (numbers, a lone emoji, a divider) are not worth a request. */
const hasWords = (text: string) => /\p{L}{2,}/u.test(text);

/** A server that rejects a reply format answers 400 (OpenAI, vLLM, llama.cpp) or 422 (some proxies). */
function refusesFormat(error: unknown): boolean {
  return error instanceof APIError && (error.status === 400 || error.status === 422);
}

/**
 * What a refusal of a streamed request was about, when the server says: the format (`param` is
 * `response_format`, or only the format is named) or the streaming (`stream` is named).
 */
function refusedPart(error: unknown): 'stream' | 'format' | 'unknown' {
  if (!(error instanceof APIError)) return 'unknown';
  const param = (error as { param?: unknown }).param;
  if (param === 'stream' || param === 'stream_options') return 'stream';
  if (param === 'response_format') return 'format';
  const text = String(error.message ?? '');
  if (/\bstream/i.test(text)) return 'stream';
  if (/response_format|json_schema|json_object/i.test(text)) return 'format';
  return 'unknown';
}

/** A 400 about `reasoning_effort` (unknown parameter, or a value this model does not take). */
function refusedReasoningEffort(error: unknown): boolean {
  if (!(error instanceof APIError)) return false;
  const param = (error as { param?: unknown }).param;
  return param === 'reasoning_effort' || /reasoning[_ ]effort/i.test(String(error.message ?? ''));
}

/** Who asked: the tab's lane (fair turns in the rate limiter) and its site (cache scope). */
export interface CheckCall {
  signal: AbortSignal;
  lane: string;
  site: string;
  /**
   * Hears suggestions while the reply streams: the paragraphs not answered from the cache, with
   * what is complete so far (each call has all of it). The result is still the whole answer.
   */
  onPartial?(results: ParagraphResult[]): void;
}

const failure = (code: string, retryAfter?: number): CheckResult => ({
  ok: false,
  code,
  message: pageSafeMessage(code, retryAfter),
  ...(retryAfter !== undefined ? { retryAfter } : {}),
});

const WORD_LIMIT = 200;

/** Dictionary words that occur in these texts (any case): the model is told them, and only them. */
export function wordsIn(dictionary: readonly string[], texts: readonly string[]): string[] {
  if (!dictionary.length) return [];
  const haystack = texts.join('\n').toLowerCase();
  return dictionary.filter((word) => haystack.includes(word.toLowerCase())).slice(0, WORD_LIMIT);
}

/**
 * What the model may not suggest: to change a word of the personal dictionary, or a replacement one
 * of the person's style rules says to avoid.
 */
export function personFilter(
  dictionary: readonly string[],
  rules: readonly StyleRule[],
): (s: { original: string; replacement: string }) => boolean {
  const words = new Set(dictionary.map((word) => word.toLowerCase()));
  return (s) =>
    !words.has(s.original.trim().toLowerCase()) &&
    !(s.replacement && matchStyleRules(s.replacement, rules).length > 0);
}

export async function runLlmCheck(
  paragraphs: readonly ParagraphRequest[],
  call: CheckCall,
  deps: LlmCheckDeps,
): Promise<CheckResult> {
  const { signal, lane, site } = call;
  const ctx = await deps.modelContext(CHECK_CLIENT_OPTIONS);
  if (!ctx.ok) {
    // Why the model is off says nothing about the provider: these messages are fine in the page.
    const off = ctx.code === 'privacy' || ctx.code === 'no-key';
    return { ok: false, code: ctx.code, message: ctx.message, off };
  }
  const { settings, baseURL, model } = ctx;
  const rules = parseStyleRules(settings.styleRules).rules;
  const options: CheckPromptOptions = {
    tone: settings.tone,
    dialect: settings.dialect,
    categories: settings.categories,
    uiLanguage: deps.uiLanguage(),
    styleRules: rulesForPrompt(rules),
  };
  // "Ignore rule" on a model suggestion ignores its category (`llm:<category>`), for the model only:
  // everywhere, or on this site.
  const hostname = hostnameOf(site);
  const wanted = activeCategories(options).filter((c) => !isRuleIgnored(settings, `llm:${c}`, hostname));
  const scope = [
    `v${CHECK_PROMPT_VERSION}`,
    baseURL,
    model,
    options.tone,
    options.dialect,
    wanted.join(','),
    options.uiLanguage,
    options.styleRules,
  ].join('|');

  const results = new Map<ParagraphRequest, ParagraphResult>();
  const missing: ParagraphRequest[] = [];
  const keys = new Map<ParagraphRequest, string>();
  for (const p of paragraphs) {
    if (!wanted.length || !hasWords(p.text)) {
      results.set(p, { hash: p.hash, suggestions: [] });
      continue;
    }
    const key = await CheckCache.key(site, scope, p.text);
    keys.set(p, key);
    const cached = await deps.cache.get(key);
    if (cached) results.set(p, { hash: p.hash, suggestions: cached });
    else missing.push(p);
  }
  // The person's words and rules have the last say, over cached answers too.
  const keep = personFilter(settings.dictionary, rules);
  const answer = (): CheckResult => ({
    ok: true,
    results: paragraphs.map((p) => {
      const result = results.get(p) ?? { hash: p.hash, suggestions: [] };
      return { hash: result.hash, suggestions: result.suggestions.filter(keep) };
    }),
  });
  if (missing.length === 0) return answer();
  const answerFor = (asked: readonly ParagraphRequest[], found: readonly ParagraphResult[]) =>
    asked.map((p, i) => ({ hash: p.hash, suggestions: (found[i]?.suggestions ?? []).filter(keep) }));

  const texts = missing.map((p) => p.text);
  const languages = await deps.languagesOf?.(texts, site).catch(() => undefined);
  const messages = checkMessages(options, texts, wordsIn(settings.dictionary, texts), languages);
  const textLength = texts.reduce((sum, t) => sum + t.length, 0);
  const stored = await deps.formats.get(baseURL);
  let format: ReplyFormat = stored ?? { level: 'json_schema', stream: true };
  // A streamed format refused: whether the format or the streaming was the problem is told by the
  // same format asked for whole (refused too: the format; the next one is tried streamed again).
  let streamRefused = false;
  // The reply is read through a guard: a huge or endless body is cut off, a silent server given up on.
  const guard = new ReplyGuard(signal, REPLY_CAPS.check);
  const early = call.onPartial;
  let content = '';
  let refusal = '';
  let usage: OpenAI.CompletionUsage | undefined;
  let spent: ((recorded?: Promise<unknown>) => void) | undefined;
  // Checks want an answer, not deliberation: a reasoning model thinks as little as it may.
  let effort = lowestReasoningEffort(model);
  try {
    await deps.limiter.acquire(guard.signal, lane);
    const admission = await deps.spend.admit('check', model, messages, checkMaxTokens(textLength));
    if (!admission.ok) return { ok: false, code: admission.code, message: admission.message, off: true };
    spent = admission.done;
    for (;;) {
      const responseFormatParam = responseFormat(format.level, wanted);
      const body = {
        model,
        messages,
        ...(responseFormatParam ? { response_format: responseFormatParam } : {}),
        ...samplingParams(baseURL, model, { temperature: 0, topP: 1 }, admission.maxTokens),
        ...(effort ? { reasoning_effort: effort } : {}),
      };
      try {
        if (format.stream) {
          const stream = await ctx.client.chat.completions.create(
            { ...body, stream: true, stream_options: { include_usage: true } },
            { signal: guard.signal },
          );
          // Each suggestion is shown as soon as its object is complete; the whole reply decides at the end.
          const items = new CheckItemStream();
          for await (const chunk of stream) {
            if (chunk.usage) usage = chunk.usage;
            const delta = chunk.choices[0]?.delta;
            if (delta?.refusal) refusal += delta.refusal;
            const piece = delta?.content ?? '';
            if (!piece) continue;
            if (!guard.take(piece.length)) break;
            content += piece;
            if (items.push(piece).length && early)
              early(answerFor(missing, anchorCheckItems(missing, items.items, wanted)));
          }
          if (guard.error) throw guard.error;
          if (guard.signal.aborted) throw guard.signal.reason;
        } else {
          const response = await ctx.client.chat.completions
            .create(body, { signal: guard.signal })
            .asResponse();
          const completion = JSON.parse(await readGuarded(response, guard)) as OpenAI.ChatCompletion;
          const message = completion.choices?.[0]?.message;
          content = message?.content ?? '';
          refusal = message?.refusal ?? '';
          usage = completion.usage;
        }
        break;
      } catch (error) {
        if (!refusesFormat(error) || guard.signal.aborted) throw error;
        // A server that does not know the reasoning knob (or this value): asked again without it.
        if (effort && refusedReasoningEffort(error)) {
          effort = undefined;
          continue;
        }
        if (format.stream && refusedPart(error) !== 'format') {
          streamRefused = true;
          format = { level: format.level, stream: false };
          continue;
        }
        const next = RESPONSE_FORMATS[RESPONSE_FORMATS.indexOf(format.level) + 1];
        if (!next) throw error;
        format = { level: next, stream: format.stream || streamRefused };
        streamRefused = false;
      }
    }
  } catch (error) {
    spent?.();
    if (signal.aborted) return failure('aborted');
    const failed = toUserFacingError(guard.error ?? error, {
      ...ctx.errors,
      online: globalThis.navigator?.onLine ?? true,
    });
    // A body that is not JSON at all is a broken reply, not a network failure.
    if (error instanceof SyntaxError) return failure('malformed');
    return failure(failed.code, failed.retryAfter);
  } finally {
    guard.dispose();
  }
  if (format.level !== stored?.level || format.stream !== stored.stream)
    await deps.formats.set(baseURL, format);
  spent?.(usage ? deps.recordUsage(model, usage) : undefined);

  const parsed = parseCheckReply(content);
  if (!parsed.ok) return failure(refusal ? 'refused' : 'malformed');
  const anchored = anchorCheckItems(missing, parsed.items, wanted);
  for (const [i, p] of missing.entries()) {
    const result = anchored[i] ?? { hash: p.hash, suggestions: [] };
    results.set(p, result);
    const key = keys.get(p);
    if (key) await deps.cache.set(key, result.suggestions);
  }
  return answer();
}
