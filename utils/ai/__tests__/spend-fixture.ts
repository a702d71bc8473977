import type { DayUsage, Settings } from '../../settings';
import type { SpendingStop } from '../../spending';
import { createSpendGuard, type SpendGuard } from '../spend-guard';
import { createTokenCounter, type BpeRanks } from '../tokenizer';

/** The real tokenizer, its rank table read from the package (the extension fetches it from its build). */
export const nodeTokens = createTokenCounter(
  async () => (await import('gpt-tokenizer/esm/bpeRanks/o200k_base')).default as BpeRanks,
);

/** A spend guard over in-memory usage and the given settings. */
export function spendGuardFor(
  settings: () => Settings,
  usage: () => Record<string, DayUsage> = () => ({}),
  now: () => Date = () => new Date(),
): SpendGuard {
  let stop: SpendingStop | null = null;
  return createSpendGuard({
    usage: async () => usage(),
    settings: async () => settings(),
    tokens: nodeTokens,
    now,
    stop: { get: async () => stop, set: async (next) => void (stop = next) },
  });
}
