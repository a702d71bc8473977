/**
 * The check port (background side): content scripts and the playground send changed paragraphs for
 * the local checker or the model. Each request runs with the sender's lane (its tab: fair turns)
 * and site (its origin: budgets, cache scope); `cancel` or the port closing drops the work.
 */
import type { Runtime } from 'webextension-polyfill';
import { SlidingBudget, type BudgetCaps } from '../budget/sliding-budget';
import type { PortService } from '../messaging/serve-port';
import { CHECK_PORT, type CheckResult } from '../messaging/protocol';
import { CheckRequestSchema } from '../messaging/schemas';
import type { ParagraphRequest } from '../text/types';
import { pageSafeMessage } from './errors';
import type { CheckCall } from './llm-check';

/**
 * Model requests one tab, and one site across its tabs, may make per minute. A person typing makes
 * a request per pause and paragraph; a page that could start requests by itself would be held here
 * even if it got past the page-side rules.
 */
export const MODEL_BUDGET = {
  tab: { requestsPerMinute: 60, charsPerMinute: 120_000 },
  site: { requestsPerMinute: 120, charsPerMinute: 240_000 },
} satisfies Record<string, BudgetCaps>;

export interface CheckPortDeps {
  local(paragraphs: ParagraphRequest[], call: CheckCall): Promise<CheckResult>;
  /** `call.onPartial` hears the suggestions of a reply as it streams (the page shows them early). */
  llm(paragraphs: ParagraphRequest[], call: CheckCall): Promise<CheckResult>;
  /** Whether `sender` is one of Redline's own pages (the playground checks too). */
  isExtensionPage(sender: Runtime.MessageSender): boolean;
  now?(): number;
}

/** The tab (or extension page) a sender is in: one lane of the fair queues. */
export function laneOf(sender: Runtime.MessageSender): string {
  return sender.tab?.id !== undefined ? `tab:${sender.tab.id}` : `page:${sender.url ?? ''}`;
}

/** The origin of the frame that sent (an iframe's own, not its parent's). */
export function siteOf(sender: Runtime.MessageSender): string {
  const origin = (sender as { origin?: string }).origin;
  if (origin && origin !== 'null') return origin;
  const url = sender.url ?? sender.tab?.url ?? '';
  return URL.canParse(url) ? new URL(url).origin : 'unknown';
}

export function checkPortService(deps: CheckPortDeps): PortService<typeof CHECK_PORT> {
  const budget = new SlidingBudget();
  const now = deps.now ?? (() => Date.now());
  return {
    // Content scripts (they have a tab) and Redline's own playground.
    accepts: (sender) => sender.tab !== undefined || deps.isExtensionPage(sender),
    parse: (raw) => {
      const parsed = CheckRequestSchema.safeParse(raw);
      return parsed.success ? parsed.data : null;
    },
    refuse: (reason) => ({
      ok: false,
      code: reason === 'busy' ? 'busy' : 'bad-request',
      message:
        reason === 'busy' ? 'Too many checks at once; trying again shortly.' : pageSafeMessage('unknown'),
      ...(reason === 'busy' ? { retryAfter: 1 } : {}),
    }),
    maxInFlight: 16,
    async handle(request, { signal, sender, emit }) {
      const call: CheckCall = { signal, lane: laneOf(sender), site: siteOf(sender) };
      if (request.checker === 'local') return deps.local(request.paragraphs, call);
      const chars = request.paragraphs.reduce((sum, p) => sum + p.text.length, 0);
      // Both caps, or neither: a refused request costs nothing.
      const verdict = budget.take(
        [
          { key: call.lane, caps: MODEL_BUDGET.tab },
          { key: `site:${call.site}`, caps: MODEL_BUDGET.site },
        ],
        chars,
        now(),
      );
      if (!verdict.ok) {
        const retryAfter = Math.ceil(verdict.retryAfterMs / 1000);
        return {
          ok: false,
          code: 'budget',
          message: `Paused: this page sent a lot of text to your model in the last minute. Going on in ${retryAfter} s.`,
          retryAfter,
        };
      }
      return deps.llm(request.paragraphs, { ...call, onPartial: (results) => emit({ results }) });
    },
  };
}
