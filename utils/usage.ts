import { knownPrice } from './providers';
import type { AdvancedSettings, DayUsage } from './settings';

/** How many days of usage are kept. */
export const USAGE_DAYS_KEPT = 31;

/** Local calendar day, `YYYY-MM-DD`: "today" means the user's today. */
export function dayKey(date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export interface TokenPrice {
  input: number;
  output: number;
}

/** The user's price (Advanced settings) wins; otherwise the known price of the model, if any. */
export function effectivePrice(model: string, advanced: AdvancedSettings): TokenPrice | undefined {
  const known = knownPrice(model);
  const input = advanced.priceInputPerM ?? known?.input;
  const output = advanced.priceOutputPerM ?? known?.output;
  return input === undefined || output === undefined ? undefined : { input, output };
}

export function costUSD(promptTokens: number, completionTokens: number, price: TokenPrice): number {
  return (promptTokens * price.input + completionTokens * price.output) / 1_000_000;
}

export const EMPTY_DAY: DayUsage = {
  promptTokens: 0,
  completionTokens: 0,
  requests: 0,
  costUSD: 0,
  unpriced: false,
};

/** Adds one request's tokens to its day and drops days older than the retention window. */
export function addUsage(
  usage: Record<string, DayUsage>,
  day: string,
  tokens: { promptTokens: number; completionTokens: number },
  price: TokenPrice | undefined,
): Record<string, DayUsage> {
  const current = usage[day] ?? EMPTY_DAY;
  const next: Record<string, DayUsage> = {
    ...usage,
    [day]: {
      promptTokens: current.promptTokens + tokens.promptTokens,
      completionTokens: current.completionTokens + tokens.completionTokens,
      requests: current.requests + 1,
      costUSD: current.costUSD + (price ? costUSD(tokens.promptTokens, tokens.completionTokens, price) : 0),
      unpriced: current.unpriced || !price,
    },
  };
  const keep = Object.keys(next).sort().slice(-USAGE_DAYS_KEPT);
  return Object.fromEntries(keep.map((key) => [key, next[key] as DayUsage]));
}

/** "$0.0123", or "< $0.0001" for tiny non-zero amounts. */
export function formatCost(usd: number): string {
  if (usd === 0) return '$0.00';
  if (usd < 0.0001) return '< $0.0001';
  return usd < 1 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}
