import { describe, expect, it } from 'vitest';
import { SlidingBudget } from '../sliding-budget';

const MINUTE = 60_000;

describe('SlidingBudget', () => {
  const caps = (requestsPerMinute: number, charsPerMinute: number) => ({ requestsPerMinute, charsPerMinute });
  const keys = (c: ReturnType<typeof caps>, ...names: string[]) => names.map((key) => ({ key, caps: c }));

  it('allows requests up to the cap per minute, then says when the oldest leaves the window', () => {
    const budget = new SlidingBudget();
    const tab = keys(caps(2, 1_000_000), 'tab:1');
    expect(budget.take(tab, 10, 0)).toEqual({ ok: true });
    expect(budget.take(tab, 10, 1000)).toEqual({ ok: true });
    expect(budget.take(tab, 10, 2000)).toEqual({ ok: false, retryAfterMs: MINUTE - 2000 });
    expect(budget.take(tab, 10, MINUTE + 1)).toEqual({ ok: true });
  });

  it('caps characters too, and a refused request takes nothing from any key', () => {
    const budget = new SlidingBudget();
    const c = caps(100, 1000);
    expect(budget.take(keys(c, 'tab:1', 'site:a'), 600, 0).ok).toBe(true);
    expect(budget.take(keys(c, 'tab:2', 'site:a'), 600, 10)).toEqual({
      ok: false,
      retryAfterMs: MINUTE - 10,
    });
    // tab:2 was not charged for the refused request.
    expect(budget.take(keys(c, 'tab:2', 'site:b'), 900, 20).ok).toBe(true);
  });

  it('a site is capped across its tabs, each tab by its own cap', () => {
    const budget = new SlidingBudget();
    const ask = (tab: number, site: string) =>
      budget.take([...keys(caps(2, 1e6), `tab:${tab}`), ...keys(caps(3, 1e6), site)], 1, tab);
    for (let tab = 1; tab <= 3; tab++) expect(ask(tab, 'site:a').ok).toBe(true);
    expect(ask(4, 'site:a').ok).toBe(false);
    expect(ask(4, 'site:b').ok).toBe(true);
    expect(ask(4, 'site:b').ok).toBe(true);
    // Tab 4's own cap (2) holds even on a site with room.
    expect(ask(4, 'site:c').ok).toBe(false);
  });

  it('a request larger than the whole character cap goes through on an empty window', () => {
    const budget = new SlidingBudget();
    const tab = keys(caps(10, 100), 'tab:1');
    expect(budget.take(tab, 5000, 0).ok).toBe(true);
    expect(budget.take(tab, 1, 1).ok).toBe(false);
  });

  it('forgets a closed tab', () => {
    const budget = new SlidingBudget();
    const tab = keys(caps(1, 100), 'tab:1');
    budget.take(tab, 1, 0);
    budget.forget('tab:1');
    expect(budget.take(tab, 1, 1).ok).toBe(true);
  });
});
