import { describe, expect, it } from 'vitest';
import { summarizeUsage } from '../usage-summary';

const day = { promptTokens: 1000, completionTokens: 234, requests: 3, costUSD: 0.0012, unpriced: false };

describe('summarizeUsage', () => {
  it('shows tokens and the estimated cost', () => {
    expect(summarizeUsage(day, 'en-US').text).toBe('Today: 1,234 tokens · ~$0.0012');
    expect(summarizeUsage(day, 'en-US').detail).toBe('3 requests: 1,000 prompt + 234 completion tokens');
  });

  it('says when the cost is unknown', () => {
    expect(summarizeUsage({ ...day, costUSD: 0, unpriced: true }, 'en-US').text).toBe(
      'Today: 1,234 tokens · cost unknown for this model',
    );
    expect(summarizeUsage({ ...day, unpriced: true }, 'en-US').text).toBe(
      'Today: 1,234 tokens · ~$0.0012 (some requests unpriced)',
    );
  });

  it('has a quiet line for a day with no requests', () => {
    expect(summarizeUsage(undefined).text).toBe('Today: no tokens used yet');
  });
});
