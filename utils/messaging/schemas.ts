/**
 * Schemas of everything the background receives (zod). Kept apart from `protocol.ts` so that the
 * page side, which only sends, carries no schema library.
 */
import { z } from 'zod';
import { LANGUAGE_CODES, type LanguageCode } from '../language/languages';
import { MAX_REWRITE_CHARS } from '../rewrite/limits';

const shortText = (max: number) => z.string().max(max);

/**
 * Each request kind: its payload schema, and whether it is privileged. Privileged kinds (key,
 * provider, connection) are answered only for Redline's own pages, never for a content script,
 * whose messages come from a tab showing someone else's page.
 */
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
  /** Pins the language of the sender frame's site (the badge menu), or unpins it (`null`). */
  'site.language': {
    privileged: false,
    request: z
      .object({ language: z.enum(LANGUAGE_CODES as [LanguageCode, ...LanguageCode[]]).nullable() })
      .strict(),
  },
  /** Starts the local checker early, so nobody waits for its setup while typing. */
  'check.warm': { privileged: false, request: z.object({}).strict() },
  /**
   * "Ignore rule" from a card: the rule stops everywhere, or ("Ignore on this site") on the site of
   * the frame that asked, which the background reads from the sender, never from the message.
   */
  'settings.ignoreRule': {
    privileged: false,
    request: z.object({ rule: z.string().min(1).max(200), thisSiteOnly: z.boolean().optional() }).strict(),
  },
  /** "Add to dictionary" from a card: the word stops being flagged everywhere. */
  'settings.addWord': {
    privileged: false,
    request: z.object({ word: z.string().trim().min(1).max(100) }).strict(),
  },
  /** The badge's "Settings" link: content scripts cannot open the options page themselves. */
  'settings.open': { privileged: false, request: z.object({}).strict() },
} as const;

/** One check carries a few paragraphs (the model) or a bounded batch of them (the local checker). */
export const CheckRequestSchema = z
  .object({
    checker: z.enum(['local', 'llm']),
    paragraphs: z
      .array(z.object({ hash: z.string().max(64), text: z.string().max(20_000) }).strict())
      .min(1)
      .max(200),
  })
  .strict()
  .refine(
    (r) =>
      r.checker === 'local' ||
      (r.paragraphs.length <= 20 && r.paragraphs.every((p) => p.text.length <= 4_000)),
    {
      message: 'A model check carries at most 20 paragraphs of 4,000 characters.',
    },
  );

export const RewriteRequestSchema = z
  .object({
    grant: z.string().min(1).max(100),
    text: z.string().min(1).max(MAX_REWRITE_CHARS),
    itemId: z.string().max(40).optional(),
  })
  .strict();

export const ChatRequestSchema = z.object({ text: z.string().trim().min(1).max(100_000) }).strict();

/** The wire envelope of every port (the request inside is checked by the port's own schema). */
export const PortClientMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start'), id: z.number().int().nonnegative(), request: z.unknown() }).strict(),
  z.object({ type: z.literal('cancel'), id: z.number().int().nonnegative() }).strict(),
]);
