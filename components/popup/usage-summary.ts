import type { DayUsage } from '@/utils/settings';
import { formatCost } from '@/utils/usage';

export interface UsageSummary {
  /** The line shown in the popup footer. */
  text: string;
  /** The breakdown, for a tooltip. */
  detail: string;
}

/** "Today: 1,234 tokens · ~$0.0012", or why the cost is unknown. */
export function summarizeUsage(day: DayUsage | undefined, locale?: string): UsageSummary {
  const number = new Intl.NumberFormat(locale);
  if (!day || day.requests === 0)
    return { text: 'Today: no tokens used yet', detail: 'No model requests today.' };
  const tokens = day.promptTokens + day.completionTokens;
  const requests = `${number.format(day.requests)} ${day.requests === 1 ? 'request' : 'requests'}`;
  const detail = `${requests}: ${number.format(day.promptTokens)} prompt + ${number.format(day.completionTokens)} completion tokens`;
  let cost: string;
  if (!day.unpriced) cost = `~${formatCost(day.costUSD)}`;
  else if (day.costUSD > 0) cost = `~${formatCost(day.costUSD)} (some requests unpriced)`;
  else cost = 'cost unknown for this model';
  return { text: `Today: ${number.format(tokens)} ${tokens === 1 ? 'token' : 'tokens'} · ${cost}`, detail };
}
