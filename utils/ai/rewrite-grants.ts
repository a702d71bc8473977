/**
 * A rewrite starts only from a person's menu click or shortcut press, which only the background
 * sees. Each issues a grant: a random token bound to the tab (and frame) it was for, to the chosen
 * action (a menu click) or to "pick one" (the shortcut's in-page picker), for a few minutes and a few
 * runs (Retry). The page's rewrite request must carry it; a page script cannot mint one.
 */
import type { RewriteAction } from '../rewrite/actions';

export interface GrantScope {
  tabId: number;
  /** Undefined: any frame of the tab (the shortcut reaches every frame; the focused one answers). */
  frameId?: number;
}

interface Grant extends GrantScope {
  /** The menu item's action; null for the picker, whose choice comes with the request. */
  action: RewriteAction | null;
  expires: number;
  runs: number;
}

const LIFETIME_MS = 10 * 60_000;
/** The first run and a few Retries. */
const MAX_RUNS = 6;
const MAX_GRANTS = 50;

export class RewriteGrants {
  readonly #grants = new Map<string, Grant>();

  constructor(
    private readonly now: () => number = () => Date.now(),
    private readonly token: () => string = () => crypto.randomUUID(),
  ) {}

  issue(scope: GrantScope, action: RewriteAction | null): string {
    this.#prune();
    const token = this.token();
    this.#grants.set(token, { ...scope, action, expires: this.now() + LIFETIME_MS, runs: 0 });
    return token;
  }

  /**
   * The action a request may run, or null. `pick` resolves the picker's choice (a menu item id);
   * a menu click's grant ignores any choice the page names.
   */
  redeem(
    token: string,
    from: { tabId: number | undefined; frameId: number | undefined },
    pick: () => RewriteAction | null,
  ): RewriteAction | null {
    const grant = this.#grants.get(token);
    if (!grant || grant.expires <= this.now() || grant.runs >= MAX_RUNS) return null;
    if (from.tabId !== grant.tabId) return null;
    if (grant.frameId !== undefined && from.frameId !== grant.frameId) return null;
    const action = grant.action ?? pick();
    if (!action) return null;
    grant.runs++;
    return action;
  }

  /** A tab closed: its grants go with it. */
  forgetTab(tabId: number): void {
    for (const [token, grant] of this.#grants) if (grant.tabId === tabId) this.#grants.delete(token);
  }

  #prune(): void {
    const now = this.now();
    for (const [token, grant] of this.#grants) if (grant.expires <= now) this.#grants.delete(token);
    // Oldest first: a flood of shortcut presses cannot grow the map.
    while (this.#grants.size >= MAX_GRANTS) this.#grants.delete(this.#grants.keys().next().value as string);
  }
}
