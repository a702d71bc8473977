/**
 * Redline counts prompt tokens before sending (gpt-tokenizer) to keep requests within the spending
 * limits; the test server counts usage as OpenAI does with an independent tokenizer (js-tiktoken).
 */
import { describe, expect, it } from 'vitest';
import { countChatTokens } from '../../../tests/server/openai-test-server';
import { DEFAULT_SETTINGS } from '../../settings';
import { chatMessages } from '../chat';
import { checkMessages } from '../check-prompt';
import { rewriteMessages } from '../rewrite-prompts';
import { nodeTokens } from './spend-fixture';

const CHECK_OPTIONS = {
  tone: 'neutral',
  dialect: 'american',
  categories: DEFAULT_SETTINGS.categories,
  uiLanguage: 'en-US',
  styleRules: '- write “use”, not “utilize”',
} as const;

const FIXTURES: Record<string, { role: string; content: string }[]> = {
  'model check, two paragraphs, dictionary words': checkMessages(
    CHECK_OPTIONS,
    [
      'There were less people at the meeting then we expected, and they could of come earlier.',
      'Zorblax said the the report is finished; its due on Friday.',
    ],
    ['Zorblax'],
    [['en'], ['en']],
  ) as { role: string; content: string }[],
  'model check, German and French': checkMessages(
    CHECK_OPTIONS,
    [
      'Wir haben gestern einen langen Spazirgang durch den Wald gemacht, obwohl es geregnet hat.',
      'Nous avons mangé des croissants délicieux à la boulangerie près de la gare.',
    ],
    [],
    [['de'], ['fr']],
  ) as { role: string; content: string }[],
  'rewrite, formal, with code and emoji': rewriteMessages(
    'Rewrite the text in a formal tone.',
    'hey team 👋 the deploy broke again lol, `npm ci` fails on node 20 — can someone look?? <|endoftext|>',
  ) as { role: string; content: string }[],
  'chat with history, CJK and a URL': chatMessages(DEFAULT_SETTINGS, [
    { role: 'user', content: 'What does 「推敲」 mean? See https://example.com/a?b=c#d' },
    { role: 'assistant', content: '「推敲」 means to polish a text by weighing each word.' },
    { role: 'user', content: 'Give me three English synonyms, as a list.' },
  ]) as { role: string; content: string }[],
};

describe('token counts before sending', () => {
  it.each(Object.entries(FIXTURES))('%s: within 5 %% of the server’s count', async (_name, messages) => {
    const ours = await nodeTokens.countChat(messages);
    const server = countChatTokens(messages);
    expect(server).toBeGreaterThan(20);
    expect(Math.abs(ours - server) / server).toBeLessThanOrEqual(0.05);
    console.log(`[figures] tokenizer: ${_name}: ${ours} vs server ${server}`);
  });

  it('counts special-token look-alikes in page text as text, not as control tokens', async () => {
    expect(await nodeTokens.countText('<|endoftext|>')).toBeGreaterThan(1);
  });
});
