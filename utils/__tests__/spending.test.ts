import { describe, expect, it } from 'vitest';
import type { DayUsage } from '../settings';
import {
  admitRequest,
  limitMessage,
  MIN_REPLY_TOKENS,
  nearMessage,
  nextReset,
  spendingState,
  type SpendingLimits,
} from '../spending';
import { costUSD, type TokenPrice } from '../usage';

const day = (costUSD: number): DayUsage => ({
  promptTokens: 0,
  completionTokens: 0,
  requests: 1,
  costUSD,
  unpriced: false,
});
const limits = (dailyLimitUSD: number | null, monthlyLimitUSD: number | null = null): SpendingLimits => ({
  dailyLimitUSD,
  monthlyLimitUSD,
});
/** $1 per thousand tokens in, $2 out: easy sums. */
const PRICE: TokenPrice = { input: 1000, output: 2000, cachedInput: 100 };

describe('spendingState', () => {
  const usage = { '2026-11-30': day(3), '2026-12-01': day(0.4), '2026-12-06': day(0.25) };

  it('sums today and this calendar month (local dates)', () => {
    const state = spendingState(usage, limits(1, 10), new Date(2026, 11, 6, 15));
    expect(state.daily).toEqual({ spentUSD: 0.25, limitUSD: 1 });
    expect(state.monthly.spentUSD).toBeCloseTo(0.65);
    expect(state).toMatchObject({ reached: null, near: null });
  });

  it('a new day starts at local midnight, a new month on the first (fake clock)', () => {
    const usage2 = { '2026-12-31': day(0.5), '2026-12-30': day(4.5) };
    const late = spendingState(usage2, limits(0.5, 5), new Date(2026, 11, 31, 23, 59, 59));
    expect(late.reached).toBe('daily');
    // One second later: both periods reset.
    const next = spendingState(usage2, limits(0.5, 5), new Date(2027, 0, 1, 0, 0, 0));
    expect(next.daily.spentUSD).toBe(0);
    expect(next.monthly.spentUSD).toBe(0);
    expect(next.reached).toBeNull();
    // The month goes on across days: Dec 30's spend still counts on Dec 31 for the month.
    expect(spendingState(usage2, limits(null, 5), new Date(2026, 11, 31, 9)).reached).toBe('monthly');
    expect(nextReset(new Date(2026, 11, 31, 23, 59))).toEqual(new Date(2027, 0, 1));
    expect(nextReset(new Date(2026, 1, 28, 12))).toEqual(new Date(2026, 2, 1));
  });

  it('is near from 80 % of a limit, reached at the limit (within float noise), pending requests included', () => {
    const now = new Date(2026, 11, 6, 12);
    expect(spendingState({ '2026-12-06': day(0.79) }, limits(1), now).near).toBeNull();
    expect(spendingState({ '2026-12-06': day(0.8) }, limits(1), now).near).toBe('daily');
    expect(spendingState({ '2026-12-06': day(0.1 + 0.2) }, limits(0.3), now).reached).toBe('daily');
    expect(spendingState({ '2026-12-06': day(0.5) }, limits(1), now, 0.5).reached).toBe('daily');
    expect(spendingState({}, limits(null, null), now)).toMatchObject({ reached: null, near: null });
    const near = spendingState({ '2026-12-06': day(0.42) }, limits(0.5), now);
    expect(nearMessage(near)).toBe('Near your daily limit: $0.4200 of $0.5000 used today.');
  });
});

describe('admitRequest', () => {
  const now = new Date(2026, 11, 6, 12);

  it('caps the reply so that the worst case stays within the limit', () => {
    // $0.30 left today; 100 prompt tokens = $0.10 → $0.20 for the reply = 100 tokens at $2/thousand.
    const state = spendingState({ '2026-12-06': day(0.7) }, limits(1), now);
    const admitted = admitRequest(state, PRICE, 100, 1000);
    expect(admitted).toEqual({ ok: true, maxTokens: 100, reservedUSD: expect.closeTo(0.3, 9) as number });
    if (!admitted.ok) return;
    // Even if the whole cap is used and nothing was cached, the day ends at the limit, not past it.
    const worst = costUSD(
      { promptTokens: 100, cachedTokens: 0, completionTokens: admitted.maxTokens },
      PRICE,
    );
    expect(0.7 + worst).toBeLessThanOrEqual(1 + 1e-9);
    // A smaller request keeps its own cap.
    expect(admitRequest(state, PRICE, 100, 50)).toMatchObject({ ok: true, maxTokens: 50 });
  });

  it('the tighter of the daily and monthly limits wins', () => {
    const state = spendingState({ '2026-12-01': day(9.85), '2026-12-06': day(0.05) }, limits(1, 10), now);
    // Month: $0.10 left; 50 prompt tokens = $0.05 → 25 reply tokens: under MIN_REPLY_TOKENS → refused.
    expect(admitRequest(state, PRICE, 50, 1000)).toEqual({
      ok: false,
      period: 'monthly',
      message: limitMessage('monthly'),
      short: true,
    });
  });

  it('refuses a request whose prompt alone would cross the limit, and everything at the limit', () => {
    const state = spendingState({ '2026-12-06': day(0.95) }, limits(1), now);
    expect(admitRequest(state, PRICE, 100, 1000)).toMatchObject({ ok: false, period: 'daily' });
    const reached = spendingState({ '2026-12-06': day(1.2) }, limits(1), now);
    expect(admitRequest(reached, PRICE, 1, 1000)).toMatchObject({ ok: false, period: 'daily' });
    // Reached even for a model with no price: nothing more goes at all.
    expect(admitRequest(reached, undefined, 1, 1000)).toMatchObject({ ok: false });
    expect(limitMessage('daily')).toMatch(/^Daily limit reached — local checks continue\./);
  });

  it('a request needing fewer reply tokens than the minimum is not refused for it', () => {
    const state = spendingState({}, limits(1), now);
    // 10 reply tokens asked: a cap of 10 fits, however small.
    expect(admitRequest(state, PRICE, 100, 10)).toMatchObject({ ok: true, maxTokens: 10 });
    expect(MIN_REPLY_TOKENS).toBeGreaterThan(10);
  });

  it('without a limit, or for a model with no price, the request goes as asked', () => {
    expect(admitRequest(spendingState({}, limits(null), now), PRICE, 10_000, 700)).toEqual({
      ok: true,
      maxTokens: 700,
      reservedUSD: expect.any(Number) as number,
    });
    expect(admitRequest(spendingState({}, limits(0.01), now), undefined, 10_000, 700)).toEqual({
      ok: true,
      maxTokens: 700,
      reservedUSD: 0,
    });
  });
});
