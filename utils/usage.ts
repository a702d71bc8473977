import { knownPrice } from './providers';
import type { AdvancedSettings, DayUsage, Settings, UsagePart, UsageTask } from './settings';

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
  /** Input the provider served from its prompt cache. */
  cachedInput: number;
}

type PriceSettings = Pick<AdvancedSettings, 'priceInputPerM' | 'priceOutputPerM' | 'priceCachedInputPerM'>;

/** The user's price (Advanced settings) wins; otherwise the known price of the model, if any. */
export function effectivePrice(model: string, advanced: PriceSettings): TokenPrice | undefined {
  const known = knownPrice(model);
  const input = advanced.priceInputPerM ?? known?.input;
  const output = advanced.priceOutputPerM ?? known?.output;
  if (input === undefined || output === undefined) return undefined;
  // A price the person set has no known cache discount: cached input costs what input costs.
  const cachedInput =
    advanced.priceCachedInputPerM ??
    (advanced.priceInputPerM === null ? known?.cachedInput : undefined) ??
    input;
  return { input, output, cachedInput };
}

/**
 * The price of a request for `task` with `model`: a check model of its own has prices of its own
 * (Advanced → the check model's prices); anything else is priced as the model above.
 */
export function priceFor(
  settings: Pick<Settings, 'model' | 'advanced'>,
  task: UsageTask,
  model: string,
): TokenPrice | undefined {
  const a = settings.advanced;
  const ownCheckModel = task === 'check' && model !== settings.model.trim();
  return effectivePrice(
    model,
    ownCheckModel
      ? {
          priceInputPerM: a.checkPriceInputPerM,
          priceOutputPerM: a.checkPriceOutputPerM,
          priceCachedInputPerM: a.checkPriceCachedInputPerM,
        }
      : a,
  );
}

export interface RequestTokens {
  promptTokens: number;
  /** Of `promptTokens`, served from the provider's prompt cache. */
  cachedTokens: number;
  completionTokens: number;
}

export function costUSD(tokens: RequestTokens, price: TokenPrice): number {
  const cached = Math.min(tokens.cachedTokens, tokens.promptTokens);
  return (
    ((tokens.promptTokens - cached) * price.input +
      cached * price.cachedInput +
      tokens.completionTokens * price.output) /
    1_000_000
  );
}

export const EMPTY_DAY: DayUsage = {
  promptTokens: 0,
  completionTokens: 0,
  requests: 0,
  costUSD: 0,
  unpriced: false,
};

/** Adds one request's tokens to its day (and to its task and model there); drops days past the window. */
export function addUsage(
  usage: Record<string, DayUsage>,
  day: string,
  request: RequestTokens & { task: UsageTask; model: string },
  price: TokenPrice | undefined,
): Record<string, DayUsage> {
  const current = usage[day] ?? EMPTY_DAY;
  const cost = price ? costUSD(request, price) : 0;
  const parts = [...(current.parts ?? [])];
  const at = parts.findIndex((p) => p.task === request.task && p.model === request.model);
  const part: UsagePart = parts[at] ?? {
    task: request.task,
    model: request.model,
    promptTokens: 0,
    cachedTokens: 0,
    completionTokens: 0,
    requests: 0,
    costUSD: 0,
    unpriced: false,
  };
  const nextPart: UsagePart = {
    ...part,
    promptTokens: part.promptTokens + request.promptTokens,
    cachedTokens: part.cachedTokens + request.cachedTokens,
    completionTokens: part.completionTokens + request.completionTokens,
    requests: part.requests + 1,
    costUSD: part.costUSD + cost,
    unpriced: part.unpriced || !price,
  };
  if (at === -1) parts.push(nextPart);
  else parts[at] = nextPart;
  const next: Record<string, DayUsage> = {
    ...usage,
    [day]: {
      promptTokens: current.promptTokens + request.promptTokens,
      cachedTokens: (current.cachedTokens ?? 0) + request.cachedTokens,
      completionTokens: current.completionTokens + request.completionTokens,
      requests: current.requests + 1,
      costUSD: current.costUSD + cost,
      unpriced: current.unpriced || !price,
      parts,
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

/** One line of the usage view: a day's tokens of one task with one model. */
export interface UsageRow {
  day: string;
  /** null for days recorded before tasks and models were kept. */
  task: UsageTask | null;
  model: string | null;
  requests: number;
  promptTokens: number;
  cachedTokens: number;
  completionTokens: number;
  costUSD: number;
  unpriced: boolean;
}

export interface UsageReport {
  /** Newest day first; within a day, checks, rewrites, chat, then by model. */
  rows: UsageRow[];
  total: Omit<UsageRow, 'day' | 'task' | 'model'>;
}

const TASK_ORDER: UsageTask[] = ['check', 'rewrite', 'chat'];

/** The last `days` days (ending `today`) of usage, a row per day, task and model. */
export function usageReport(usage: Record<string, DayUsage>, today: string, days = 30): UsageReport {
  const [year, month, date] = today.split('-').map(Number) as [number, number, number];
  const first = dayKey(new Date(year, month - 1, date - (days - 1)));
  const rows: UsageRow[] = [];
  for (const day of Object.keys(usage).sort().reverse()) {
    const record = usage[day];
    if (!record || day < first || day > today || record.requests === 0) continue;
    const parts = record.parts?.length
      ? [...record.parts].sort(
          (a, b) => TASK_ORDER.indexOf(a.task) - TASK_ORDER.indexOf(b.task) || a.model.localeCompare(b.model),
        )
      : null;
    if (parts) for (const part of parts) rows.push({ day, ...part });
    else
      rows.push({
        day,
        task: null,
        model: null,
        requests: record.requests,
        promptTokens: record.promptTokens,
        cachedTokens: record.cachedTokens ?? 0,
        completionTokens: record.completionTokens,
        costUSD: record.costUSD,
        unpriced: record.unpriced,
      });
  }
  const total = rows.reduce(
    (sum, r) => ({
      requests: sum.requests + r.requests,
      promptTokens: sum.promptTokens + r.promptTokens,
      cachedTokens: sum.cachedTokens + r.cachedTokens,
      completionTokens: sum.completionTokens + r.completionTokens,
      costUSD: sum.costUSD + r.costUSD,
      unpriced: sum.unpriced || r.unpriced,
    }),
    { requests: 0, promptTokens: 0, cachedTokens: 0, completionTokens: 0, costUSD: 0, unpriced: false },
  );
  return { rows, total };
}
