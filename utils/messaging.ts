/**
 * The one protocol between Redline's contexts, as the senders see it: kinds, payload and reply
 * types, and `sendMessage`. Schemas and the router live in `protocol.ts` (background side).
 */
import browser from 'webextension-polyfill';
import type { z } from 'zod';
import type { ParagraphResult } from './text/types';
import type { ChatClientMessageSchema, CheckClientMessageSchema, PROTOCOL } from './protocol';

export type Kind = keyof typeof PROTOCOL;
export type RequestOf<K extends Kind> = z.infer<(typeof PROTOCOL)[K]['request']>;

export interface KeyStatus {
  hasKey: boolean;
  /** Where the key lives: forgotten with the browser session, or remembered. */
  remembered: boolean;
  /** e.g. `sk-…wxyz`: enough to recognise a key, useless to anyone else. */
  hint: string;
}

export type ConnectionResult =
  | { ok: true; modelCount: number; modelFound: boolean | null; message: string }
  | { ok: false; code: string; message: string };

export type ModelsResult = { ok: true; models: string[] } | { ok: false; code: string; message: string };

export interface ResponseMap {
  'key.status': KeyStatus;
  'key.set': KeyStatus;
  'connection.test': ConnectionResult;
  'models.list': ModelsResult;
  'site.status': { enabled: boolean; hostname: string };
  'site.disable': { enabled: false; hostname: string };
  'check.warm': { ready: boolean };
  'check.local': LocalCheckResult;
  'settings.ignoreRule': { ok: true };
  'settings.addWord': { ok: true };
  'settings.open': { ok: true };
}

/** Local-check results, or why there are none (checker off, still starting, failed). */
export type LocalCheckResult =
  { ok: true; results: ParagraphResult[] } | { ok: false; code: 'disabled' | 'unavailable'; message: string };

export type Reply<T> = { ok: true; value: T } | { ok: false; error: string };

/** Page / content-script side: one typed request; throws with the background's message on failure. */
export async function sendMessage<K extends Kind>(kind: K, data: RequestOf<K>): Promise<ResponseMap[K]> {
  const reply = (await browser.runtime.sendMessage({ kind, data })) as Reply<ResponseMap[K]> | undefined;
  if (!reply) throw new Error('Redline’s background did not answer. Reload the extension and try again.');
  if (!reply.ok) throw new Error(reply.error);
  return reply.value;
}

/*
 * Streams go over named ports: one message per chunk, and closing the port aborts the request.
 */
export const CHAT_PORT = 'redline-chat';

export type ChatClientMessage = z.infer<typeof ChatClientMessageSchema>;

export type ChatServerMessage =
  | { type: 'start' }
  | { type: 'delta'; text: string }
  | { type: 'done'; stopped: boolean }
  | { type: 'error'; code: string; message: string };

/*
 * LLM checks go over a port too: a content script may cancel a request when its paragraph changes
 * (the background aborts the HTTP request), and closing the port (page gone) cancels them all.
 */
export const CHECK_PORT = 'redline-check';

export type CheckClientMessage = z.infer<typeof CheckClientMessageSchema>;

/**
 * LLM results (offsets paragraph-relative), or why there are none. `off` = not an error: privacy mode
 * or no key, so only local checks run. `retryAfter` (seconds) comes with 429s.
 */
export type LlmCheckResult =
  | { ok: true; results: ParagraphResult[] }
  | { ok: false; code: string; message: string; retryAfter?: number; off?: boolean };

export type CheckServerMessage = { type: 'result'; id: number; result: LlmCheckResult };
