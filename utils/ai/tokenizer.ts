/**
 * Token counts before a request is sent, with OpenAI's o200k_base encoding (gpt-4o, gpt-4.1,
 * gpt-5, o-series; other families tokenise within a few percent of it). The 1.7 MB rank table is
 * not in the background bundle: it ships as `tokenizer/o200k_base.json` and is loaded the first
 * time a count is needed (only when a spending limit is set), then kept for the worker's life.
 */
import { GptEncoding } from 'gpt-tokenizer/esm/GptEncoding';

/** The encoding's merge ranks, as gpt-tokenizer's `bpeRanks/o200k_base` exports them. */
export type BpeRanks = (string | number[])[];

/** Where the build puts the rank table (wxt.config.ts, `build:publicAssets`). */
export const TOKENIZER_RANKS_PATH = 'tokenizer/o200k_base.json';

export interface ChatLike {
  role: string;
  content?: unknown;
}

/** A message's text: a string, or the text parts of a content-part array. */
function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part: unknown) =>
      part && typeof part === 'object' && 'text' in part && typeof part.text === 'string' ? part.text : '',
    )
    .join('');
}

/** Page text may hold `<|endoftext|>` and the like: counted as the plain text it is. */
const PLAIN = { disallowedSpecial: new Set<string>() };

export interface TokenCounter {
  /** Prompt tokens of a chat request as OpenAI counts them (messages and their framing). */
  countChat(messages: readonly ChatLike[]): Promise<number>;
  countText(text: string): Promise<number>;
}

export function createTokenCounter(loadRanks: () => Promise<BpeRanks>): TokenCounter {
  let encoding: Promise<GptEncoding> | null = null;
  const get = () =>
    (encoding ??= loadRanks().then(
      (ranks) => GptEncoding.getEncodingApi('o200k_base', () => ranks),
      (error: unknown) => {
        // A failed load (a broken build) is tried again next time, not remembered.
        encoding = null;
        throw error;
      },
    ));
  return {
    async countChat(messages) {
      const chat = messages.map((m) => ({
        role: (m.role === 'developer' ? 'system' : m.role) as 'system' | 'user' | 'assistant',
        content: textOf(m.content),
      }));
      return (await get()).encodeChat(chat, 'gpt-4o', PLAIN).length;
    },
    async countText(text) {
      return (await get()).encode(text, PLAIN).length;
    },
  };
}
