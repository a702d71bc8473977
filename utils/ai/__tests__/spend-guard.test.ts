import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, type DayUsage, type Settings } from '../../settings';
import { addUsage, dayKey, priceFor } from '../../usage';
import { spendGuardFor } from './spend-fixture';

const NOW = new Date(2026, 11, 6, 12);
const MESSAGES = [
  { role: 'system', content: 'You check text.' },
  { role: 'user', content: 'There were less people today.' },
];

function setup(advanced: Partial<Settings['advanced']>) {
  const settings: Settings = {
    ...DEFAULT_SETTINGS,
    model: 'redline-test-model',
    // $1 per thousand tokens in and out.
    advanced: { ...DEFAULT_SETTINGS.advanced, priceInputPerM: 1000, priceOutputPerM: 1000, ...advanced },
  };
  let usage: Record<string, DayUsage> = {};
  const guard = spendGuardFor(
    () => settings,
    () => usage,
    () => NOW,
  );
  const record = (promptTokens: number, completionTokens: number) => {
    usage = addUsage(
      usage,
      dayKey(NOW),
      { task: 'chat', model: settings.model, promptTokens, cachedTokens: 0, completionTokens },
      priceFor(settings, 'chat', settings.model),
    );
  };
  return { guard, settings, record };
}

describe('the spend guard', () => {
  it('without limits lets everything go as asked (and never loads the tokenizer for it)', async () => {
    const { guard } = setup({});
    expect(await guard.admit('check', 'redline-test-model', MESSAGES, 900)).toMatchObject({
      ok: true,
      maxTokens: 900,
    });
  });

  it('caps the reply to what is left, refuses once the limit is reached, and a raised limit lets it go again', async () => {
    const { guard, settings, record } = setup({ dailyLimitUSD: 0.1 });
    const first = await guard.admit('chat', 'redline-test-model', MESSAGES, 2048);
    if (!first.ok) throw new Error('refused');
    // $0.10 = 100 tokens: the prompt's ~20, the rest for the reply.
    expect(first.maxTokens).toBeGreaterThan(64);
    expect(first.maxTokens).toBeLessThan(100);
    record(30, 75);
    first.done();
    await new Promise((r) => setTimeout(r, 0));
    expect(await guard.admit('chat', 'redline-test-model', MESSAGES, 2048)).toMatchObject({
      ok: false,
      code: 'limit',
      period: 'daily',
      message: expect.stringMatching(/^Daily limit reached — local checks continue/) as string,
    });
    expect((await guard.state()).reached).toBe('daily');
    settings.advanced = { ...settings.advanced, dailyLimitUSD: 1 };
    expect(await guard.admit('chat', 'redline-test-model', MESSAGES, 2048)).toMatchObject({ ok: true });
  });

  it('reserves a request on its way, so two at once cannot cross the limit together', async () => {
    const { guard, record } = setup({ dailyLimitUSD: 0.2 });
    const first = await guard.admit('check', 'redline-test-model', MESSAGES, 150);
    expect(first).toMatchObject({ ok: true, maxTokens: 150 });
    // The first may still cost up to ~$0.17: the second waits for it instead of crossing the limit
    // (or being told the limit is reached when it is not).
    let second: Awaited<ReturnType<typeof guard.admit>> | undefined;
    void guard.admit('check', 'redline-test-model', MESSAGES, 150).then((r) => (second = r));
    await new Promise((r) => setTimeout(r, 20));
    expect(second).toBeUndefined();
    expect((await guard.state()).reached).toBeNull();
    // The first cost $0.042 in the end: the second goes, capped to what is left.
    record(22, 20);
    if (first.ok) first.done();
    await vi.waitFor(() => expect(second).toMatchObject({ ok: true }));
    expect(second?.ok && second.maxTokens).toBeLessThan(150);
    expect(second?.ok && second.maxTokens).toBeGreaterThan(100);
  });

  it('too little left for a request counts as the limit reached, until the limit changes', async () => {
    const { guard, settings, record } = setup({ dailyLimitUSD: 0.1 });
    record(30, 40); // $0.07 of $0.10: $0.03 left, less than a prompt and the least reply.
    expect((await guard.state()).reached).toBeNull();
    expect(await guard.admit('check', 'redline-test-model', MESSAGES, 500)).toMatchObject({
      ok: false,
      period: 'daily',
    });
    expect((await guard.state()).reached).toBe('daily');
    settings.advanced = { ...settings.advanced, dailyLimitUSD: 0.2 };
    expect((await guard.state()).reached).toBeNull();
    expect(await guard.admit('check', 'redline-test-model', MESSAGES, 500)).toMatchObject({ ok: true });
  });

  it('a model with no price cannot be counted against a limit: it goes', async () => {
    const { guard } = setup({ dailyLimitUSD: 0.0001, priceInputPerM: null, priceOutputPerM: null });
    expect(await guard.admit('chat', 'my-local-model', MESSAGES, 500)).toMatchObject({
      ok: true,
      maxTokens: 500,
    });
  });
});
