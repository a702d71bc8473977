/**
 * Messages of the rewrite feature: background → tab (open the panel / the picker) and the named
 * port that streams one rewrite. Types only, so the content script carries no schema library; the
 * background validates what it receives (utils/ai/rewrite-port.ts).
 */
import type { RewriteMenuItem } from './actions';

export const REWRITE_PORT = 'redline-rewrite';

/** A longer selection (about 12k tokens) is refused in the page rather than sent. */
export const MAX_REWRITE_CHARS = 40_000;

/** Background → tab: a menu item was chosen, or the shortcut asks for the in-page picker. */
export type RewriteTabMessage =
  { kind: 'rewrite.open'; item: RewriteMenuItem } | { kind: 'rewrite.picker'; items: RewriteMenuItem[] };

export function isRewriteTabMessage(message: unknown): message is RewriteTabMessage {
  const kind = (message as { kind?: unknown } | null)?.kind;
  return kind === 'rewrite.open' || kind === 'rewrite.picker';
}

/** Page → background on the rewrite port. One port per run: Retry opens a new one. */
export type RewriteClientMessage =
  | { type: 'start'; menuItemId: string; text: string }
  /** Ends the request and keeps what arrived (closing the port does the same). */
  | { type: 'stop' };

/** Background → page on the rewrite port: one `delta` per streamed chunk. */
export type RewriteServerMessage =
  | { type: 'start' }
  | { type: 'delta'; text: string }
  /** `text` is the whole cleaned result: the deltas' sum, unless clean-up had to take something back. */
  | { type: 'done'; text: string; stopped: boolean }
  | { type: 'error'; code: string; message: string };
