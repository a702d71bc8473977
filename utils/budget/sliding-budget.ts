/**
 * Caps on what one key (a tab, a site) may spend in a sliding minute: requests and characters.
 * Pure: time comes in as a parameter.
 */
export interface BudgetCaps {
  requestsPerMinute: number;
  charsPerMinute: number;
}

export type BudgetVerdict = { ok: true } | { ok: false; retryAfterMs: number };

const WINDOW_MS = 60_000;

/** A key (`tab:7`, `site:https://example.com`) and the caps it has. */
export interface BudgetKey {
  key: string;
  caps: BudgetCaps;
}

export class SlidingBudget {
  readonly #spent = new Map<string, { at: number; chars: number }[]>();

  /**
   * Takes one request of `chars` characters from every key's budget, or from none of them: when
   * any key would go over, nothing is taken and the verdict says when to try again.
   */
  take(keys: readonly BudgetKey[], chars: number, now: number): BudgetVerdict {
    let retryAfterMs = 0;
    for (const { key, caps } of keys) {
      const spent = this.#prune(key, now);
      retryAfterMs = Math.max(retryAfterMs, waitFor(caps, spent, chars, now));
    }
    if (retryAfterMs > 0) return { ok: false, retryAfterMs };
    for (const { key } of keys) {
      const spent = this.#spent.get(key) ?? [];
      spent.push({ at: now, chars });
      this.#spent.set(key, spent);
    }
    return { ok: true };
  }

  /** Forgets a key (its tab closed). */
  forget(key: string): void {
    this.#spent.delete(key);
  }

  #prune(key: string, now: number) {
    const spent = (this.#spent.get(key) ?? []).filter((entry) => entry.at > now - WINDOW_MS);
    if (spent.length) this.#spent.set(key, spent);
    else this.#spent.delete(key);
    return spent;
  }
}

/** How long until a request of `chars` fits (0: now). A request larger than the whole cap fits an empty window. */
function waitFor(
  caps: BudgetCaps,
  spent: { at: number; chars: number }[],
  chars: number,
  now: number,
): number {
  const { requestsPerMinute, charsPerMinute } = caps;
  const need = Math.min(chars, charsPerMinute);
  const fits = (requests: number, used: number) =>
    requests < requestsPerMinute && used + need <= charsPerMinute;
  let requests = spent.length;
  let used = spent.reduce((sum, entry) => sum + entry.chars, 0);
  if (fits(requests, used)) return 0;
  // Entries leave the window oldest first: the wait is until enough of them have.
  for (const entry of spent) {
    requests--;
    used -= entry.chars;
    if (fits(requests, used)) return Math.max(1, entry.at + WINDOW_MS - now);
  }
  return 0;
}
