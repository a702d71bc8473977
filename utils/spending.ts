/**
 * Spending limits: what today and this month cost so far, whether a limit is reached, and whether
 * one more request may go — with a reply cap that keeps it under the limit. Pure: the background's
 * spend guard (utils/ai/spend-guard.ts) feeds it the stored usage, the settings and token counts.
 */
import type { DayUsage } from './settings';
import { dayKey, formatCost, type TokenPrice } from './usage';

export type LimitPeriod = 'daily' | 'monthly';

export interface SpendingLimits {
  dailyLimitUSD: number | null;
  monthlyLimitUSD: number | null;
}

export interface PeriodSpend {
  spentUSD: number;
  limitUSD: number | null;
}

/**
 * A request was refused because too little of a limit was left for it: the limit counts as reached
 * (badge, popup) for the rest of the period, unless the person changes that limit.
 */
export interface SpendingStop {
  period: LimitPeriod;
  /** The day (`YYYY-MM-DD`) or month (`YYYY-MM`) it was refused in. */
  periodKey: string;
  limitUSD: number;
}

export function periodKey(period: LimitPeriod, now: Date): string {
  const day = dayKey(now);
  return period === 'daily' ? day : monthOf(day);
}

export interface SpendingState {
  daily: PeriodSpend;
  monthly: PeriodSpend;
  /** A limit is used up: nothing more goes to the model until the period resets or it is raised. */
  reached: LimitPeriod | null;
  /** At least NEAR_SHARE of a limit is used (and none reached). */
  near: LimitPeriod | null;
}

/** From this share of a limit on, the popup says the limit is near. */
export const NEAR_SHARE = 0.8;
/** A request whose reply could not have even this many tokens within the limit is not sent. */
export const MIN_REPLY_TOKENS = 64;
/** Costs are sums of small floats: a limit counts as reached within this much of it. */
const EPSILON_USD = 1e-9;

/** The month of a day key (`YYYY-MM-DD` → `YYYY-MM`). */
const monthOf = (day: string) => day.slice(0, 7);

export function spendingState(
  usage: Record<string, DayUsage>,
  limits: SpendingLimits,
  now: Date,
  /** Cost of requests on their way (admitted, not yet recorded). */
  pendingUSD = 0,
  stop: SpendingStop | null = null,
): SpendingState {
  const today = dayKey(now);
  const month = monthOf(today);
  let monthly = 0;
  for (const [day, entry] of Object.entries(usage)) if (monthOf(day) === month) monthly += entry.costUSD;
  const daily = (usage[today]?.costUSD ?? 0) + pendingUSD;
  monthly += pendingUSD;
  const state: SpendingState = {
    daily: { spentUSD: daily, limitUSD: limits.dailyLimitUSD },
    monthly: { spentUSD: monthly, limitUSD: limits.monthlyLimitUSD },
    reached: null,
    near: null,
  };
  for (const period of ['daily', 'monthly'] as const) {
    const { spentUSD, limitUSD } = state[period];
    if (limitUSD === null) continue;
    if (spentUSD >= limitUSD - EPSILON_USD) state.reached ??= period;
    else if (spentUSD >= limitUSD * NEAR_SHARE) state.near ??= period;
  }
  if (
    !state.reached &&
    stop &&
    stop.periodKey === periodKey(stop.period, now) &&
    state[stop.period].limitUSD === stop.limitUSD
  )
    state.reached = stop.period;
  if (state.reached) state.near = null;
  return state;
}

export const hasLimit = (limits: SpendingLimits) =>
  limits.dailyLimitUSD !== null || limits.monthlyLimitUSD !== null;

export type Admission =
  | { ok: true; maxTokens: number; reservedUSD: number }
  /** `short`: refused for too little left (the limit itself not yet spent). */
  | { ok: false; period: LimitPeriod; message: string; short?: true };

/**
 * Whether a request with `promptTokens` may go, and the reply cap that keeps the worst case (no
 * cached input, the whole reply used) within every limit. A model with no price cannot be counted
 * against a limit: it goes, and the options page says that limits count priced models only.
 */
export function admitRequest(
  state: SpendingState,
  price: TokenPrice | undefined,
  promptTokens: number,
  maxTokens: number,
): Admission {
  if (state.reached) return { ok: false, period: state.reached, message: limitMessage(state.reached) };
  if (!price) return { ok: true, maxTokens, reservedUSD: 0 };
  const inputUSD = (promptTokens * price.input) / 1_000_000;
  let cap = maxTokens;
  for (const period of ['daily', 'monthly'] as const) {
    const { spentUSD, limitUSD } = state[period];
    if (limitUSD === null) continue;
    const left = limitUSD - spentUSD - inputUSD;
    const replyTokens = price.output > 0 ? Math.floor((left * 1_000_000) / price.output) : Infinity;
    if (left <= 0 || replyTokens < Math.min(MIN_REPLY_TOKENS, maxTokens)) {
      return { ok: false, period, message: limitMessage(period), short: true };
    }
    cap = Math.min(cap, replyTokens);
  }
  return { ok: true, maxTokens: cap, reservedUSD: inputUSD + (cap * price.output) / 1_000_000 };
}

/** The short form, for the toolbar badge's title and the popup's heading. */
export function limitTitle(period: LimitPeriod): string {
  return `${period === 'daily' ? 'Daily' : 'Monthly'} limit reached — local checks continue`;
}

/** When model requests resume, for the popup under the title. */
export function limitDetail(period: LimitPeriod): string {
  return `Model requests resume ${period === 'daily' ? 'tomorrow' : 'next month'}, or raise the limit in Redline’s settings.`;
}

/** What the page's badge, rewrite and chat say at a limit. */
export function limitMessage(period: LimitPeriod): string {
  return `${limitTitle(period)}. ${limitDetail(period)}`;
}

/** "$0.42 of your $0.50 daily limit used", for the popup near a limit. */
export function nearMessage(state: SpendingState): string | null {
  if (!state.near) return null;
  const { spentUSD, limitUSD } = state[state.near];
  return `Near your ${state.near} limit: ${formatCost(spentUSD)} of ${formatCost(limitUSD ?? 0)} used ${
    state.near === 'daily' ? 'today' : 'this month'
  }.`;
}

/** The next moment a period resets (local midnight; the first of next month is a midnight too). */
export function nextReset(now: Date): Date {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
}
