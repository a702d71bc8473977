/**
 * The one protocol between Redline's contexts, as types (no code, no schema library): the request
 * kinds and their replies, the three streaming ports (check, rewrite, chat) over one wire format,
 * and the messages the background sends to tabs. The background validates everything it receives
 * against `schemas.ts`; senders import only these types.
 */
import type { z } from 'zod';
import type { RewriteMenuItem } from '../rewrite/actions';
import type { ParagraphRequest, ParagraphResult } from '../text/types';
import type { PROTOCOL } from './schemas';

// ---------------------------------------------------------------------------------------------
// Requests: `sendMessage(kind, data)` → one reply
// ---------------------------------------------------------------------------------------------

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
  /** `pinned`: the language the person pinned for this frame's site (the badge menu). */
  'site.status': { enabled: boolean; hostname: string; pinned: string | null };
  'site.language': { ok: true };
  'site.disable': { enabled: false; hostname: string };
  'check.warm': { ready: boolean };
  'settings.ignoreRule': { ok: true };
  'settings.addWord': { ok: true };
  'settings.open': { ok: true };
}

/** Every reply of the router: the handler's value, or why there is none. */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: string };

// ---------------------------------------------------------------------------------------------
// Ports: one request → zero or more chunks → one result, over a named `runtime.connect` port
// ---------------------------------------------------------------------------------------------

export const CHECK_PORT = 'redline-check';
export const REWRITE_PORT = 'redline-rewrite';
export const CHAT_PORT = 'redline-chat';

/** A streamed reply's pieces: `start` once the model answers, then one `delta` per chunk. */
export type StreamChunk = { type: 'start' } | { type: 'delta'; text: string };

/** A check of changed paragraphs by one checker (harper.js in the extension, or the user's model). */
export interface CheckRequest {
  checker: 'local' | 'llm';
  paragraphs: ParagraphRequest[];
}

/**
 * Suggestions per paragraph (offsets paragraph-relative), or why there are none. `off` = not an
 * error: the checker is switched off (privacy mode, no key, local checker off). `retryAfter` in
 * seconds. Messages are written for the page: they never name the provider, the model or the server.
 */
export type CheckResult =
  /** `turnedOn`: languages the local checker found and switched on (LanguageCode[]; the page says so). */
  | { ok: true; results: ParagraphResult[]; turnedOn?: string[] }
  | { ok: false; code: string; message: string; retryAfter?: number; off?: boolean };

/**
 * A model check's suggestions while its reply streams: each paragraph that was sent to the model
 * with what is complete so far (all of it each time). The result that follows is the answer.
 */
export interface CheckPartial {
  results: ParagraphResult[];
}

/**
 * A rewrite the person asked for: `grant` is the one the background issued for their menu click or
 * shortcut; `itemId` names the picker's choice (a menu click's grant already names its action).
 */
export interface RewriteRequest {
  grant: string;
  text: string;
  itemId?: string;
}

/** `text` is the whole cleaned result: the deltas' sum, unless clean-up had to take something back. */
export type RewriteResult =
  { ok: true; text: string; stopped: boolean } | { ok: false; code: string; message: string };

export interface ChatRequest {
  /** The user's message; the history so far is kept by the background. */
  text: string;
}

export type ChatResult = { ok: true; stopped: boolean } | { ok: false; code: string; message: string };

export interface PortProtocols {
  [CHECK_PORT]: { request: CheckRequest; chunk: CheckPartial; result: CheckResult };
  [REWRITE_PORT]: { request: RewriteRequest; chunk: StreamChunk; result: RewriteResult };
  [CHAT_PORT]: { request: ChatRequest; chunk: StreamChunk; result: ChatResult };
}

export type PortName = keyof PortProtocols;
export type PortRequest<N extends PortName> = PortProtocols[N]['request'];
export type PortChunk<N extends PortName> = PortProtocols[N]['chunk'];
export type PortResult<N extends PortName> = PortProtocols[N]['result'];

/** Client → background on every port. `cancel` aborts the request; closing the port aborts them all. */
export type PortClientMessage<N extends PortName> =
  { type: 'start'; id: number; request: PortRequest<N> } | { type: 'cancel'; id: number };

/** Background → client: one message per chunk, then exactly one `end` per request. */
export type PortServerMessage<N extends PortName> =
  { type: 'chunk'; id: number; chunk: PortChunk<N> } | { type: 'end'; id: number; result: PortResult<N> };

// ---------------------------------------------------------------------------------------------
// Background → tab
// ---------------------------------------------------------------------------------------------

export type TabMessage =
  /** Settings or the key changed: ask again for what you need, and check again. */
  | { kind: 'config.changed' }
  /** A context-menu item was chosen on this tab: open the Rewrite panel for the selection. */
  | { kind: 'rewrite.open'; item: RewriteMenuItem; grant: string }
  /** The shortcut: offer the menu's items in the page, next to the selection. */
  | { kind: 'rewrite.picker'; items: RewriteMenuItem[]; grant: string };

const TAB_KINDS: ReadonlySet<string> = new Set(['config.changed', 'rewrite.open', 'rewrite.picker']);

/** Shape check on the receiving side (the sender is the background: `runtime.onMessage` in a tab). */
export function isTabMessage(message: unknown): message is TabMessage {
  const kind = (message as { kind?: unknown } | null)?.kind;
  return typeof kind === 'string' && TAB_KINDS.has(kind);
}
