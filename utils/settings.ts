import { storage } from 'wxt/utils/storage';
import { z } from 'zod';
import { PROVIDER_IDS, PROVIDERS } from './providers';
import { CATEGORIES, type Category } from './text/types';
import { MAX_STYLE_RULES_CHARS } from './rules/style-rules';
import { LANGUAGE_CODES, type LanguageCode } from './language/languages';
import type { SpendingStop } from './spending';

export const TONES = ['neutral', 'formal', 'friendly', 'concise', 'confident', 'academic'] as const;
export type Tone = (typeof TONES)[number];

export { CATEGORIES, type Category } from './text/types';

/** English dialects harper.js knows (its `Dialect` enum). */
export const DIALECTS = ['american', 'british', 'australian', 'canadian', 'indian'] as const;
export type Dialect = (typeof DIALECTS)[number];

export const MAX_CUSTOM_PROMPTS = 10;
/** Words the personal dictionary holds; at the cap a new word is refused, none is dropped. */
export const MAX_DICTIONARY_WORDS = 5000;
export const MAX_IGNORED_RULES = 1000;

export const DEFAULT_CHAT_SYSTEM_MESSAGE =
  'You are Redline, a concise writing assistant. Answer in the language of the question. Use Markdown for lists and code.';

/*
 * Every field falls back on its own default when the stored value is missing or invalid, so one
 * bad field (an old build, a hand-edited profile) never wipes the rest of the user's settings.
 */
const AdvancedSchema = z.object({
  /** Sampling temperature for rewrites and chat; checks always use a low fixed value. */
  temperature: z.number().min(0).max(2).catch(0.3),
  /** Nucleus sampling; 1 leaves it to temperature. */
  topP: z.number().gt(0).max(1).catch(1),
  /** Upper bound on a rewrite's reply (scaled down for short selections). */
  maxTokensRewrite: z.number().int().min(16).max(100_000).catch(1024),
  /** Upper bound on one chat reply. */
  maxTokensChat: z.number().int().min(16).max(100_000).catch(2048),
  /** The chat's system message. */
  chatSystemMessage: z.string().max(8000).catch(DEFAULT_CHAT_SYSTEM_MESSAGE),
  /** Requests per minute the background allows itself; extra requests wait in a queue. 0 = no cap. */
  requestsPerMinute: z.number().int().min(0).max(10_000).catch(60),
  /** USD per million input tokens; null = the known price of the model, if any. */
  priceInputPerM: z.number().min(0).nullable().catch(null),
  /** USD per million output tokens; null = the known price of the model, if any. */
  priceOutputPerM: z.number().min(0).nullable().catch(null),
  /**
   * USD per million input tokens the provider served from its prompt cache; null = the known price,
   * or the input price when the person set that one (a custom price has no known discount).
   */
  priceCachedInputPerM: z.number().min(0).nullable().catch(null),
  /** The check model's prices, when checks use a model of their own (null = its known price). */
  checkPriceInputPerM: z.number().min(0).nullable().catch(null),
  checkPriceOutputPerM: z.number().min(0).nullable().catch(null),
  checkPriceCachedInputPerM: z.number().min(0).nullable().catch(null),
  /** USD a day (local calendar day) the model may cost; null = no limit. */
  dailyLimitUSD: z.number().min(0).nullable().catch(null),
  /** USD a calendar month the model may cost; null = no limit. */
  monthlyLimitUSD: z.number().min(0).nullable().catch(null),
});

const CustomPromptSchema = z.object({
  name: z.string().trim().min(1).max(60),
  instruction: z.string().trim().min(1).max(2000),
});
export type CustomPrompt = z.infer<typeof CustomPromptSchema>;

/** A list that keeps its valid entries and drops the rest, instead of failing whole. */
function lenientList<T extends z.ZodType>(item: T, max: number) {
  return z
    .array(z.unknown())
    .catch([])
    .transform((items) =>
      items
        .flatMap((entry) => {
          const parsed = item.safeParse(entry);
          return parsed.success ? [parsed.data as z.output<T>] : [];
        })
        .slice(0, max),
    );
}

const categoryDefaults = Object.fromEntries(CATEGORIES.map((c) => [c, true])) as Record<Category, boolean>;

export const SettingsSchema = z.object({
  provider: z.enum(PROVIDER_IDS as [string, ...string[]]).catch('openai'),
  baseURL: z.string().catch(PROVIDERS.openai.baseURL),
  model: z.string().max(200).catch(PROVIDERS.openai.model),
  /** The model for checks; '' = the model above (rewrite and chat). */
  checkModel: z.string().max(200).catch(''),
  /**
   * Where checks go when not to the base URL above: a local server (Ollama, LM Studio, llama.cpp),
   * asked with no key. '' = the same server as rewrite and chat.
   */
  checkBaseURL: z.string().max(500).catch(''),
  /** false = the key lives in storage.session and is forgotten when the browser closes. */
  rememberKey: z.boolean().catch(true),
  tone: z.enum(TONES).catch('neutral'),
  /** harper.js checks in the background, offline. */
  localChecker: z.boolean().catch(true),
  dialect: z.enum(DIALECTS).catch('american'),
  categories: z
    .object(
      Object.fromEntries(CATEGORIES.map((c) => [c, z.boolean().catch(true)])) as Record<
        Category,
        z.ZodCatch<z.ZodBoolean>
      >,
    )
    .catch(categoryDefaults),
  /** Local checks only: no page text ever goes to the model. */
  privacyMode: z.boolean().catch(false),
  /** Hostnames where Redline stays off. */
  disabledSites: lenientList(z.string().trim().toLowerCase().min(1).max(253), 1000),
  /** Words the checkers never flag. */
  dictionary: lenientList(z.string().trim().min(1).max(100), MAX_DICTIONARY_WORDS),
  /** Rule ids (`local:<harper rule>`, `llm:<category>` or `rule:<words>`) the user turned off. */
  ignoredRules: lenientList(z.string().trim().min(1).max(200), MAX_IGNORED_RULES),
  /** Rules turned off on one site only ("Ignore on this site"): hostname and rule id. */
  siteIgnoredRules: lenientList(
    z.object({
      site: z.string().trim().toLowerCase().min(1).max(253),
      rule: z.string().trim().min(1).max(200),
    }),
    MAX_IGNORED_RULES,
  ),
  /** "Sync my words": the dictionary and style rules through storage.sync (utils/rules/word-sync.ts). */
  syncWords: z.boolean().catch(false),
  /** The person's style rules, as typed in the options page (utils/rules/style-rules.ts). */
  styleRules: z.string().max(MAX_STYLE_RULES_CHARS).catch(''),
  /**
   * Languages the local checker spells in (utils/language): English through harper, the others
   * through Hunspell. Another one is added the first time text in it is typed (with a notice).
   */
  languages: z
    .array(z.enum(LANGUAGE_CODES as [LanguageCode, ...LanguageCode[]]).catch('en'))
    .transform((codes) => [...new Set(codes)])
    .catch(['en']),
  /** Languages the person turned off in the options page: never turned on again by themselves. */
  languagesDeclined: z.array(z.enum(LANGUAGE_CODES as [LanguageCode, ...LanguageCode[]])).catch([]),
  /** Sites whose text is always in one language (pinned from the badge): no detection there. */
  siteLanguages: lenientList(
    z.object({
      site: z.string().trim().toLowerCase().min(1).max(253),
      language: z.enum(LANGUAGE_CODES as [LanguageCode, ...LanguageCode[]]),
    }),
    1000,
  ),
  /** Target language of the Translate rewrite. */
  translateLanguage: z.string().trim().min(1).max(60).catch('Spanish'),
  customPrompts: lenientList(CustomPromptSchema, MAX_CUSTOM_PROMPTS),
  advanced: AdvancedSchema.catch(AdvancedSchema.parse({})),
});

export type Settings = z.infer<typeof SettingsSchema>;
export type AdvancedSettings = Settings['advanced'];
export type SiteIgnoredRule = Settings['siteIgnoredRules'][number];

/** Whether `rule` is off on `site`: everywhere, or on that site only. */
export function isRuleIgnored(
  settings: Pick<Settings, 'ignoredRules' | 'siteIgnoredRules'>,
  rule: string,
  site: string,
): boolean {
  return (
    settings.ignoredRules.includes(rule) ||
    settings.siteIgnoredRules.some((entry) => entry.rule === rule && entry.site === site)
  );
}
/** The language the person pinned for `site` (a hostname) from the badge, if any. */
export function pinnedLanguage(settings: Pick<Settings, 'siteLanguages'>, site: string): LanguageCode | null {
  return settings.siteLanguages.find((entry) => entry.site === site)?.language ?? null;
}
export type ProviderIdSetting = Settings['provider'];

export const DEFAULT_SETTINGS: Settings = SettingsSchema.parse({});

/** Repairs whatever storage holds into valid settings, field by field. */
export function parseSettings(raw: unknown): Settings {
  return SettingsSchema.parse(raw && typeof raw === 'object' && !Array.isArray(raw) ? raw : {});
}

/**
 * Version 1 is the first released layout. A later layout bumps `version` and adds
 * `migrations[n] = (old) => new`; WXT runs them in order before the first read.
 */
export const SETTINGS_VERSION = 1;
export const settingsItem = storage.defineItem<Settings>('local:settings', {
  fallback: DEFAULT_SETTINGS,
  version: SETTINGS_VERSION,
  migrations: {},
});

export async function getSettings(): Promise<Settings> {
  return parseSettings(await settingsItem.getValue());
}

/** Merges a change into the stored settings; the result is validated before it is written. */
export async function updateSettings(patch: Partial<Settings>): Promise<Settings> {
  const next = parseSettings({ ...(await getSettings()), ...patch });
  await settingsItem.setValue(next);
  return next;
}

export function watchSettings(callback: (settings: Settings) => void): () => void {
  return settingsItem.watch((value) => callback(parseSettings(value)));
}

/*
 * The API key. Read only by the background (utils/ai/key.ts); pages change it through messages.
 * It never goes to storage.sync and never to a content script.
 */
export const apiKeyLocal = storage.defineItem<string>('local:apiKey', { fallback: '' });
export const apiKeySession = storage.defineItem<string>('session:apiKey', { fallback: '' });
/**
 * Changes whenever the key is written, wherever it went: where storage.local is open to content
 * scripts the key is kept in IndexedDB (utils/ai/key-vault.ts), which has no change events.
 * Holds a time, never anything of the key.
 */
export const apiKeyStamp = storage.defineItem<number>('local:apiKeyStamp', { fallback: 0 });

/** One chat turn, kept across popup openings. */
export interface ChatTurn {
  role: 'user' | 'assistant';
  content: string;
  /** The reply was stopped or failed part-way; what arrived is kept. */
  incomplete?: boolean;
  error?: string;
}
export const MAX_CHAT_TURNS = 100;
export const chatHistoryItem = storage.defineItem<ChatTurn[]>('local:chatHistory', { fallback: [] });

/** What a model request was for. */
export type UsageTask = 'check' | 'rewrite' | 'chat';

/** One day's tokens of one task with one model. */
export interface UsagePart {
  task: UsageTask;
  model: string;
  promptTokens: number;
  /** Of `promptTokens`, those the provider served from its prompt cache (priced lower). */
  cachedTokens: number;
  completionTokens: number;
  requests: number;
  costUSD: number;
  unpriced: boolean;
}

/** Tokens used per day (local date, YYYY-MM-DD) and the estimated cost in USD. */
export interface DayUsage {
  promptTokens: number;
  completionTokens: number;
  requests: number;
  costUSD: number;
  /** Some requests used a model with no known price. */
  unpriced: boolean;
  /** Of `promptTokens`, cached ones (absent in days recorded before it was kept). */
  cachedTokens?: number;
  /** The day by task and model (absent in days recorded before it was kept). */
  parts?: UsagePart[];
}
export const usageItem = storage.defineItem<Record<string, DayUsage>>('local:usage', { fallback: {} });
/** Set when a request was refused for too little left of a limit (see `SpendingStop`). */
export const spendingStopItem = storage.defineItem<SpendingStop | null>('local:spendingStop', {
  fallback: null,
});

/** Whether Redline runs on a hostname (a site the user switched off stays off on its subdomains too). */
export function isSiteEnabled(settings: Settings, hostname: string): boolean {
  const host = hostname.toLowerCase();
  return !settings.disabledSites.some((site) => host === site || host.endsWith(`.${site}`));
}
