import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_SETTINGS, type AdvancedSettings, type DayUsage } from '../settings';
import {
  USAGE_DAYS_KEPT,
  addUsage,
  costUSD,
  dayKey,
  effectivePrice,
  formatCost,
  usageReport,
} from '../usage';

const advanced: AdvancedSettings = DEFAULT_SETTINGS.advanced;
const GPT_4O_MINI = { input: 0.15, output: 0.6, cachedInput: 0.075 };

describe('dayKey', () => {
  it('formats the local date as YYYY-MM-DD with zero padding', () => {
    expect(dayKey(new Date(2024, 0, 5, 12))).toBe('2024-01-05');
    expect(dayKey(new Date(2024, 10, 30, 12))).toBe('2024-11-30');
  });

  it("uses the user's calendar day, not UTC's, around midnight", () => {
    expect(dayKey(new Date(2024, 11, 31, 0, 0, 1))).toBe('2024-12-31');
    expect(dayKey(new Date(2024, 11, 31, 23, 59, 59))).toBe('2024-12-31');
  });

  it('sorts in date order as text, which addUsage relies on', () => {
    const days = [new Date(2023, 11, 31), new Date(2024, 0, 2), new Date(2024, 9, 1)].map((d) => dayKey(d));
    expect([...days].sort()).toEqual(days);
  });
});

describe('effectivePrice', () => {
  it('uses the known price of gpt-4o-mini', () => {
    expect(effectivePrice('gpt-4o-mini', advanced)).toEqual(GPT_4O_MINI);
  });

  it('prices a fine-tuned model as its base model', () => {
    expect(effectivePrice('ft:gpt-4o-mini-2024-07-18:acme::abc123', advanced)).toEqual(GPT_4O_MINI);
  });

  it('prices an OpenRouter id as the OpenAI model it routes to', () => {
    expect(effectivePrice('openai/gpt-4o-mini', advanced)).toEqual(GPT_4O_MINI);
  });

  it('has no price for an unknown model', () => {
    expect(effectivePrice('llama3.2', advanced)).toBeUndefined();
  });

  it("lets the user's price win over the known one", () => {
    const custom = { ...advanced, priceInputPerM: 1, priceOutputPerM: 2 };
    // A custom input price has no known cache discount: cached input costs the same, unless set too.
    expect(effectivePrice('gpt-4o-mini', custom)).toEqual({ input: 1, output: 2, cachedInput: 1 });
    expect(effectivePrice('gpt-4o-mini', { ...custom, priceCachedInputPerM: 0.1 })).toEqual({
      input: 1,
      output: 2,
      cachedInput: 0.1,
    });
  });

  it('gives a local model a price once the user enters both halves', () => {
    expect(effectivePrice('llama3.2', { ...advanced, priceInputPerM: 0, priceOutputPerM: 0 })).toEqual({
      input: 0,
      output: 0,
      cachedInput: 0,
    });
    expect(effectivePrice('llama3.2', { ...advanced, priceInputPerM: 0.5 })).toBeUndefined();
  });

  it('fills the half the user left empty from the known price', () => {
    expect(effectivePrice('gpt-4o-mini', { ...advanced, priceOutputPerM: 5 })).toEqual({
      input: 0.15,
      output: 5,
      cachedInput: 0.075,
    });
  });
});

describe('addUsage', () => {
  const tokens = {
    task: 'check' as const,
    model: 'gpt-4o-mini',
    promptTokens: 1000,
    cachedTokens: 0,
    completionTokens: 500,
  };

  it('starts a day with its first request', () => {
    expect(addUsage({}, '2024-05-01', tokens, GPT_4O_MINI)).toEqual({
      '2024-05-01': {
        promptTokens: 1000,
        cachedTokens: 0,
        completionTokens: 500,
        requests: 1,
        costUSD: (1000 * 0.15 + 500 * 0.6) / 1_000_000,
        unpriced: false,
        parts: [
          {
            task: 'check',
            model: 'gpt-4o-mini',
            promptTokens: 1000,
            cachedTokens: 0,
            completionTokens: 500,
            requests: 1,
            costUSD: (1000 * 0.15 + 500 * 0.6) / 1_000_000,
            unpriced: false,
          },
        ],
      },
    });
  });

  it('sums tokens, requests and cost within a day', () => {
    let usage = addUsage({}, '2024-05-01', tokens, GPT_4O_MINI);
    usage = addUsage(usage, '2024-05-01', { ...tokens, promptTokens: 10, completionTokens: 20 }, GPT_4O_MINI);
    expect(usage['2024-05-01']).toMatchObject({ promptTokens: 1010, completionTokens: 520, requests: 2 });
    expect(usage['2024-05-01']?.costUSD).toBeCloseTo((1010 * 0.15 + 520 * 0.6) / 1_000_000, 12);
  });

  it('keeps days apart', () => {
    let usage = addUsage({}, '2024-05-01', tokens, GPT_4O_MINI);
    usage = addUsage(usage, '2024-05-02', tokens, GPT_4O_MINI);
    expect(usage['2024-05-01']?.requests).toBe(1);
    expect(usage['2024-05-02']?.requests).toBe(1);
  });

  it('marks a day unpriced when a request had no price, and keeps it marked', () => {
    let usage = addUsage({}, '2024-05-01', tokens, GPT_4O_MINI);
    usage = addUsage(usage, '2024-05-01', tokens, undefined);
    expect(usage['2024-05-01']).toMatchObject({ unpriced: true, requests: 2, promptTokens: 2000 });
    usage = addUsage(usage, '2024-05-01', tokens, GPT_4O_MINI);
    expect(usage['2024-05-01']?.unpriced).toBe(true);
  });

  it('adds no cost for an unpriced request', () => {
    const usage = addUsage({}, '2024-05-01', tokens, undefined);
    expect(usage['2024-05-01']?.costUSD).toBe(0);
  });

  it(`keeps only the last ${USAGE_DAYS_KEPT} days`, () => {
    let usage: Record<string, DayUsage> = {};
    for (let day = 0; day < 40; day++)
      usage = addUsage(usage, dayKey(new Date(2024, 0, 1 + day)), tokens, undefined);
    const days = Object.keys(usage).sort();
    expect(days).toHaveLength(USAGE_DAYS_KEPT);
    expect(days[0]).toBe(dayKey(new Date(2024, 0, 10)));
    expect(days.at(-1)).toBe(dayKey(new Date(2024, 1, 9)));
  });

  it('keeps exactly the most recent days seen, whatever order they come in', () => {
    const day = fc
      .date({ min: new Date(2020, 0, 1), max: new Date(2030, 0, 1), noInvalidDate: true })
      .map((d) => dayKey(d));
    fc.assert(
      fc.property(fc.array(day, { maxLength: 120 }), (days) => {
        let usage: Record<string, DayUsage> = {};
        for (const d of days) usage = addUsage(usage, d, tokens, undefined);
        const kept = Object.keys(usage).sort();
        expect(kept.length).toBeLessThanOrEqual(USAGE_DAYS_KEPT);
        expect(kept).toEqual([...new Set(days)].sort().slice(-USAGE_DAYS_KEPT));
      }),
    );
  });

  it('counts every request of a day, whatever the token counts, and its parts add up to it', () => {
    const request = fc.record({
      task: fc.constantFrom('check' as const, 'rewrite' as const, 'chat' as const),
      model: fc.constantFrom('gpt-4o-mini', 'gpt-5-nano', 'llama3.2'),
      promptTokens: fc.nat(1e6),
      cachedTokens: fc.nat(1e6),
      completionTokens: fc.nat(1e6),
    });
    fc.assert(
      fc.property(fc.array(request, { minLength: 1, maxLength: 50 }), (requests) => {
        let usage: Record<string, DayUsage> = {};
        for (const r of requests) usage = addUsage(usage, '2024-05-01', r, GPT_4O_MINI);
        const day = usage['2024-05-01'] as DayUsage;
        expect(day).toMatchObject({
          requests: requests.length,
          promptTokens: requests.reduce((sum, r) => sum + r.promptTokens, 0),
          completionTokens: requests.reduce((sum, r) => sum + r.completionTokens, 0),
        });
        const parts = day.parts ?? [];
        expect(new Set(parts.map((p) => `${p.task}|${p.model}`)).size).toBe(parts.length);
        expect(parts.reduce((sum, p) => sum + p.requests, 0)).toBe(day.requests);
        expect(parts.reduce((sum, p) => sum + p.cachedTokens, 0)).toBe(day.cachedTokens);
        expect(parts.reduce((sum, p) => sum + p.costUSD, 0)).toBeCloseTo(day.costUSD, 9);
      }),
    );
  });

  it('prices cached input at the cached price, and splits the day by task and model', () => {
    let usage = addUsage(
      {},
      '2024-05-01',
      { task: 'check', model: 'gpt-4o-mini', promptTokens: 2000, cachedTokens: 1500, completionTokens: 100 },
      GPT_4O_MINI,
    );
    usage = addUsage(usage, '2024-05-01', { ...tokens, task: 'chat' }, GPT_4O_MINI);
    const day = usage['2024-05-01'] as DayUsage;
    const check = day.parts?.find((p) => p.task === 'check');
    // 500 uncached at 0.15, 1,500 cached at 0.075, 100 out at 0.6 (USD per million).
    expect(check?.costUSD).toBeCloseTo((500 * 0.15 + 1500 * 0.075 + 100 * 0.6) / 1e6, 12);
    expect(check).toMatchObject({ promptTokens: 2000, cachedTokens: 1500, requests: 1 });
    expect(day.parts?.map((p) => p.task)).toEqual(['check', 'chat']);
    expect(day.cachedTokens).toBe(1500);
    // More cached than sent (a server's rounding) never prices below zero.
    expect(costUSD({ promptTokens: 10, cachedTokens: 50, completionTokens: 0 }, GPT_4O_MINI)).toBeCloseTo(
      (10 * 0.075) / 1e6,
      12,
    );
  });
});

describe('formatCost', () => {
  it.each([
    [0, '$0.00'],
    [0.00005, '< $0.0001'],
    [0.0001, '$0.0001'],
    [0.0123, '$0.0123'],
    [0.5, '$0.5000'],
    [1, '$1.00'],
    [12.345, '$12.35'],
  ])('shows %f as %s', (usd, text) => {
    expect(formatCost(usd)).toBe(text);
  });
});

describe('usageReport', () => {
  const req = (task: 'check' | 'rewrite' | 'chat', model: string, promptTokens = 100, cachedTokens = 0) => ({
    task,
    model,
    promptTokens,
    cachedTokens,
    completionTokens: 10,
  });

  it('lists the last 30 days newest first, a row per task and model, with totals', () => {
    let usage: Record<string, DayUsage> = {};
    usage = addUsage(usage, '2024-03-01', req('chat', 'gpt-4o'), GPT_4O_MINI);
    usage = addUsage(usage, '2024-03-01', req('check', 'gpt-4o-mini', 200, 150), GPT_4O_MINI);
    usage = addUsage(usage, '2024-03-01', req('check', 'gpt-4o-mini', 200, 150), GPT_4O_MINI);
    usage = addUsage(usage, '2024-03-02', req('rewrite', 'llama3.2'), undefined);
    // 30 days before 2024-03-02 is out of the view (29 days before is in).
    usage = addUsage(usage, '2024-02-01', req('check', 'gpt-4o-mini'), GPT_4O_MINI);
    usage = addUsage(usage, '2024-02-02', req('check', 'gpt-4o-mini'), GPT_4O_MINI);
    const report = usageReport(usage, '2024-03-02');
    expect(report.rows.map((r) => [r.day, r.task, r.model, r.requests, r.cachedTokens])).toEqual([
      ['2024-03-02', 'rewrite', 'llama3.2', 1, 0],
      ['2024-03-01', 'check', 'gpt-4o-mini', 2, 300],
      ['2024-03-01', 'chat', 'gpt-4o', 1, 0],
      ['2024-02-02', 'check', 'gpt-4o-mini', 1, 0],
    ]);
    expect(report.total).toMatchObject({ requests: 5, promptTokens: 700, cachedTokens: 300, unpriced: true });
  });

  it('shows a day recorded before tasks were kept as one row', () => {
    const old: DayUsage = { promptTokens: 5, completionTokens: 6, requests: 1, costUSD: 0, unpriced: true };
    expect(usageReport({ '2024-03-01': old }, '2024-03-01').rows).toEqual([
      {
        day: '2024-03-01',
        task: null,
        model: null,
        requests: 1,
        promptTokens: 5,
        cachedTokens: 0,
        completionTokens: 6,
        costUSD: 0,
        unpriced: true,
      },
    ]);
  });
});
