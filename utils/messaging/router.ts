/**
 * The background's router for request kinds. Every request is `{ kind, data }`; the router checks who
 * is asking (Redline itself, and for privileged kinds one of Redline's own pages), validates the
 * payload against its schema, refuses unknown kinds, then runs the handler. Never throws: failures
 * come back as `{ ok: false, error }` so the caller can show them.
 *
 * A hand-rolled router rather than @webext-core/messaging: that library routes unknown kinds to no
 * listener at all and gives no single place for the sender and payload checks every kind needs.
 */
import browser from 'webextension-polyfill';
import type { Runtime } from 'webextension-polyfill';
import { z } from 'zod';
import type { Kind, Reply, RequestOf, ResponseMap } from './protocol';
import { PROTOCOL } from './schemas';

export type Handlers = {
  [K in Kind]: (data: RequestOf<K>, sender: Runtime.MessageSender) => Promise<ResponseMap[K]>;
};

export interface RouterContext {
  extensionId: string;
  /** `chrome-extension://<id>/` — the origin of Redline's own pages. */
  extensionOrigin: string;
}

export function routerContext(): RouterContext {
  return { extensionId: browser.runtime.id, extensionOrigin: browser.runtime.getURL('/') };
}

/** True for Redline's own pages (popup, options, playground) and the background itself. */
export function isExtensionPage(sender: Runtime.MessageSender, ctx: RouterContext): boolean {
  return typeof sender.url === 'string' && sender.url.startsWith(ctx.extensionOrigin);
}

const Envelope = z.object({ kind: z.string(), data: z.unknown() });

export async function routeMessage(
  message: unknown,
  sender: Runtime.MessageSender,
  ctx: RouterContext,
  handlers: Partial<Handlers>,
): Promise<Reply<unknown>> {
  if (sender.id !== ctx.extensionId) return { ok: false, error: 'Refused: not from Redline.' };
  const envelope = Envelope.safeParse(message);
  if (!envelope.success) return { ok: false, error: 'Refused: malformed message.' };
  const { kind, data } = envelope.data;
  if (!Object.hasOwn(PROTOCOL, kind)) return { ok: false, error: `Refused: unknown kind “${kind}”.` };
  const spec = PROTOCOL[kind as Kind];
  if (spec.privileged && !isExtensionPage(sender, ctx)) {
    return { ok: false, error: `Refused: “${kind}” is only for Redline's own pages.` };
  }
  const payload = spec.request.safeParse(data ?? {});
  if (!payload.success) return { ok: false, error: `Refused: invalid “${kind}” payload.` };
  const handler = handlers[kind as Kind] as
    ((d: unknown, s: Runtime.MessageSender) => Promise<unknown>) | undefined;
  if (!handler) return { ok: false, error: `No handler for “${kind}”.` };
  try {
    return { ok: true, value: await handler(payload.data, sender) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Background side: answers every request through `routeMessage`. */
export function registerMessageHandlers(handlers: Partial<Handlers>): void {
  const ctx = routerContext();
  browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
    // e2e builds keep what arrived, so tests can assert what a page did (not) send.
    if (import.meta.env.MODE === 'e2e')
      recordReceived({ message, url: sender.url, tab: Boolean(sender.tab) });
    return routeMessage(message, sender, ctx, handlers);
  });
}

/** e2e builds only: what the background received, for tests to read (see tests/e2e). */
export function recordReceived(entry: unknown): void {
  if (import.meta.env.MODE !== 'e2e') return;
  const scope = globalThis as { __redlineReceived?: unknown[] };
  (scope.__redlineReceived ??= []).push(entry);
}
