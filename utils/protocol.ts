/**
 * The protocol's schemas and the background's router. Every request is `{ kind, data }`; each kind
 * has a zod schema (the background validates every payload) and says whether it is privileged:
 * privileged kinds (key, provider, connection) are answered only for Redline's own pages, never for
 * a content script, whose messages come from a tab showing someone else's page.
 *
 * A hand-rolled router rather than @webext-core/messaging: that library routes unknown kinds to no
 * listener at all and gives no single place for the sender and payload checks every kind needs.
 * Kept apart from `messaging.ts` so that zod stays out of the content script.
 */
import browser from 'webextension-polyfill';
import type { Runtime } from 'webextension-polyfill';
import { z } from 'zod';
import type { Kind, Reply, RequestOf, ResponseMap } from './messaging';

const shortText = (max: number) => z.string().max(max);

/** Paragraphs sent for checking (hash is the sender's own key for the results). */
const paragraphList = z
  .array(z.object({ hash: z.string().max(64), text: z.string().max(20_000) }).strict())
  .max(200);

export const PROTOCOL = {
  /** Whether a key is stored (and where), with a masked hint; the key itself never leaves the background. */
  'key.status': { privileged: true, request: z.object({}).strict() },
  /**
   * Stores the API key in the area `remember` chooses. An empty key forgets it; no key keeps the
   * stored one and only moves it (the "Don't remember my key" box changed).
   */
  'key.set': {
    privileged: true,
    request: z.object({ key: shortText(1000).optional(), remember: z.boolean() }).strict(),
  },
  /** Tries a provider; `apiKey` omitted = the stored key. */
  'connection.test': {
    privileged: true,
    request: z
      .object({ baseURL: shortText(2000), model: shortText(200), apiKey: shortText(1000).optional() })
      .strict(),
  },
  /** `GET {baseURL}/models`, for the Model field's suggestions. */
  'models.list': {
    privileged: true,
    request: z.object({ baseURL: shortText(2000), apiKey: shortText(1000).optional() }).strict(),
  },
  /** Whether Redline runs on the sender tab's site (content scripts ask this). */
  'site.status': { privileged: false, request: z.object({}).strict() },
  /** Turns Redline off for the sender tab's own site (the badge menu). A page can only switch itself off. */
  'site.disable': { privileged: false, request: z.object({}).strict() },
  /** Starts the local checker early, so nobody waits for its setup while typing. */
  'check.warm': { privileged: false, request: z.object({}).strict() },
  /** Local (harper.js) check of changed paragraphs; offsets in results are paragraph-relative. */
  'check.local': {
    privileged: false,
    request: z.object({ paragraphs: paragraphList }).strict(),
  },
  /** "Ignore rule" from a card: the rule stops everywhere. */
  'settings.ignoreRule': {
    privileged: false,
    request: z.object({ rule: z.string().min(1).max(200) }).strict(),
  },
  /** "Add to dictionary" from a card: the word stops being flagged everywhere. */
  'settings.addWord': {
    privileged: false,
    request: z.object({ word: z.string().trim().min(1).max(100) }).strict(),
  },
  /** The badge's "Settings" link: content scripts cannot open the options page themselves. */
  'settings.open': { privileged: false, request: z.object({}).strict() },
} as const;

export type Handlers = {
  [K in Kind]: (data: RequestOf<K>, sender: Runtime.MessageSender) => Promise<ResponseMap[K]>;
};

export interface RouterContext {
  extensionId: string;
  /** `chrome-extension://<id>/` — the origin of Redline's own pages. */
  extensionOrigin: string;
}

/** True for Redline's own pages (popup, options, playground) and the background itself. */
export function isExtensionPage(sender: Runtime.MessageSender, ctx: RouterContext): boolean {
  return typeof sender.url === 'string' && sender.url.startsWith(ctx.extensionOrigin);
}

/**
 * Checks who is asking and what, then runs the handler. Never throws: failures come back as
 * `{ ok: false, error }` so the caller can show them.
 */
export async function routeMessage(
  message: unknown,
  sender: Runtime.MessageSender,
  ctx: RouterContext,
  handlers: Partial<Handlers>,
): Promise<Reply<unknown>> {
  if (sender.id !== ctx.extensionId) return { ok: false, error: 'Refused: not from Redline.' };
  const envelope = z.object({ kind: z.string(), data: z.unknown() }).safeParse(message);
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

/** Background side: answers every protocol message through `routeMessage`. */
export function registerMessageHandlers(handlers: Partial<Handlers>): void {
  const ctx: RouterContext = {
    extensionId: browser.runtime.id,
    extensionOrigin: browser.runtime.getURL('/'),
  };
  browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
    // e2e builds keep what arrived, so tests can assert what a page did (not) send.
    if (import.meta.env.MODE === 'e2e') {
      const scope = globalThis as { __redlineReceived?: unknown[] };
      (scope.__redlineReceived ??= []).push({ message, url: sender.url, tab: Boolean(sender.tab) });
    }
    return routeMessage(message, sender, ctx, handlers);
  });
}

/** What a page may post on the chat port. */
export const ChatClientMessageSchema = z.discriminatedUnion('type', [
  /** Sends a user message; the history so far is kept by the background. */
  z.object({ type: z.literal('send'), text: z.string().trim().min(1).max(100_000) }),
  z.object({ type: z.literal('stop') }),
]);

/** What a content script may post on the check port: one request is at most a few paragraphs. */
export const CheckClientMessageSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('check'),
      id: z.number().int().nonnegative(),
      paragraphs: z
        .array(z.object({ hash: z.string().max(64), text: z.string().max(4_000) }).strict())
        .min(1)
        .max(20),
    })
    .strict(),
  z.object({ type: z.literal('cancel'), id: z.number().int().nonnegative() }).strict(),
]);
