/**
 * The background's spending limits, in front of every model request (checks, rewrite, chat): at a
 * limit nothing is sent; under it, the prompt is counted with a real tokenizer and the reply capped
 * so that the request cannot cross the limit. Requests on their way are reserved at their worst
 * case until their usage is recorded, so parallel requests cannot cross it together either.
 */
import type { DayUsage, Settings, UsageTask } from '../settings';
import {
  admitRequest,
  hasLimit,
  limitMessage,
  periodKey,
  spendingState,
  type LimitPeriod,
  type SpendingState,
  type SpendingStop,
} from '../spending';
import { priceFor } from '../usage';
import type { ChatLike, TokenCounter } from './tokenizer';

export interface SpendGuardDeps {
  usage(): Promise<Record<string, DayUsage>>;
  settings(): Promise<Settings>;
  tokens: TokenCounter;
  now(): Date;
  /** The last refusal for too little left (it keeps the limit reached for the rest of the period). */
  stop: { get(): Promise<SpendingStop | null>; set(stop: SpendingStop): Promise<void> };
  /** Hears the state after each admission and recording (the toolbar badge follows it). */
  onState?(state: SpendingState): void;
}

export type SpendAdmission =
  | {
      ok: true;
      /** The reply cap to send (at most the one asked for). */
      maxTokens: number;
      /** Call when the request is over, with its usage recording if any; frees the reservation. */
      done(recorded?: Promise<unknown>): void;
    }
  | { ok: false; code: 'limit'; period: LimitPeriod; message: string };

export interface SpendGuard {
  admit(
    task: UsageTask,
    model: string,
    messages: readonly ChatLike[],
    maxTokens: number,
  ): Promise<SpendAdmission>;
  state(): Promise<SpendingState>;
}

export function createSpendGuard(deps: SpendGuardDeps): SpendGuard {
  const reservations = new Set<{ usd: number }>();
  const pending = () => [...reservations].reduce((sum, r) => sum + r.usd, 0);
  /** Waiters for the next time a request on its way ends. */
  let waiting: (() => void)[] = [];
  const nextEnd = () => new Promise<void>((resolve) => waiting.push(resolve));

  return {
    // What has been spent (requests on their way are not spent yet).
    async state() {
      const settings = await deps.settings();
      return spendingState(await deps.usage(), settings.advanced, deps.now(), 0, await deps.stop.get());
    },
    async admit(task, model, messages, maxTokens) {
      const settings = await deps.settings();
      if (!hasLimit(settings.advanced)) return { ok: true, maxTokens, done: () => undefined };
      const price = priceFor(settings, task, model);
      // Counted only when it matters: with a price and a limit (the tokenizer loads on first use).
      const promptTokens = price ? await deps.tokens.countChat(messages) : 0;
      for (;;) {
        const at = deps.now();
        const [usage, stop] = [await deps.usage(), await deps.stop.get()];
        const spent = spendingState(usage, settings.advanced, at, 0, stop);
        const settled = admitRequest(spent, price, promptTokens, maxTokens);
        if (!settled.ok) {
          const { period } = settled;
          const limitUSD = spent[period].limitUSD;
          // Too little left for this request: the limit is as good as reached, and says so.
          if (settled.short && limitUSD !== null) {
            await deps.stop
              .set({ period, periodKey: periodKey(period, at), limitUSD })
              .catch(() => undefined);
            deps.onState?.({ ...spent, reached: period, near: null });
          } else deps.onState?.(spent);
          return { ok: false, code: 'limit', period, message: limitMessage(period) };
        }
        const admission = admitRequest(
          spendingState(usage, settings.advanced, at, pending(), stop),
          price,
          promptTokens,
          maxTokens,
        );
        if (admission.ok) {
          const reservation = { usd: admission.reservedUSD };
          reservations.add(reservation);
          let released = false;
          return {
            ok: true,
            maxTokens: admission.maxTokens,
            done: (recorded) => {
              if (released) return;
              released = true;
              void Promise.resolve(recorded)
                .catch(() => undefined)
                .then(() => {
                  reservations.delete(reservation);
                  const woken = waiting;
                  waiting = [];
                  for (const wake of woken) wake();
                });
            },
          };
        }
        // Short only because of requests on their way (each ends within its timeout): once one
        // has ended and its cost is known, this one is weighed again.
        await nextEnd();
      }
    },
  };
}
