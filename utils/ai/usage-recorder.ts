import { getSettings, usageItem, type UsageTask } from '../settings';
import { addUsage, dayKey, priceFor } from '../usage';

/** A reply's `usage`, as OpenAI-compatible servers report it (cached tokens only where they cache). */
export interface TokenUsage {
  prompt_tokens: number;
  completion_tokens: number;
  prompt_tokens_details?: { cached_tokens?: number | null } | null;
}

let pending: Promise<void> = Promise.resolve();

/**
 * Adds a request's tokens to today's total and to its task and model. Writes are chained so
 * concurrent requests never lose counts.
 */
export function recordUsage(task: UsageTask, model: string, usage: TokenUsage): Promise<void> {
  pending = pending
    .then(async () => {
      const settings = await getSettings();
      const price = priceFor(settings, task, model);
      const current = await usageItem.getValue();
      await usageItem.setValue(
        addUsage(
          current,
          dayKey(),
          {
            task,
            model,
            promptTokens: usage.prompt_tokens,
            cachedTokens: usage.prompt_tokens_details?.cached_tokens ?? 0,
            completionTokens: usage.completion_tokens,
          },
          price,
        ),
      );
    })
    .catch(() => undefined);
  return pending;
}
