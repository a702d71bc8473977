import { getSettings, usageItem } from '../settings';
import { addUsage, dayKey, effectivePrice } from '../usage';

export interface TokenUsage {
  prompt_tokens: number;
  completion_tokens: number;
}

let pending: Promise<void> = Promise.resolve();

/** Adds a request's tokens to today's total. Writes are chained so concurrent requests never lose counts. */
export function recordUsage(model: string, usage: TokenUsage): Promise<void> {
  pending = pending
    .then(async () => {
      const settings = await getSettings();
      const price = effectivePrice(model, settings.advanced);
      const current = await usageItem.getValue();
      await usageItem.setValue(
        addUsage(
          current,
          dayKey(),
          { promptTokens: usage.prompt_tokens, completionTokens: usage.completion_tokens },
          price,
        ),
      );
    })
    .catch(() => undefined);
  return pending;
}
