/**
 * Pure parsing for what people type into the options page. Each parser mirrors the bounds of
 * `SettingsSchema` (utils/settings.ts): the schema repairs an out-of-range value to its default
 * without a word, so the page must refuse it first and say why.
 */
import type { AdvancedSettings, CustomPrompt } from '@/utils/settings';
import { checkBaseURL, SEPARATE_SERVER_MUST_BE_LOCAL } from '@/utils/providers';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export interface NumberRule {
  min: number;
  max?: number;
  /** The minimum itself is not allowed (top_p > 0). */
  minExclusive?: boolean;
  integer?: boolean;
  /** An empty field means "no value of my own" (null), e.g. a price that falls back on the known one. */
  emptyIsNull?: boolean;
}

/** Numbers as people type them: spaces, a decimal comma and thousands separators are fine. */
export function parseNumberField(text: string, rule: NumberRule): Parsed<number | null> {
  const trimmed = text.trim().replace(/[\s_]/g, '');
  if (trimmed === '') {
    return rule.emptyIsNull ? { ok: true, value: null } : { ok: false, error: 'Enter a number.' };
  }
  // "0,5" is a decimal comma; "10,000" is a thousands separator.
  const normalised = /^\d{1,3}(,\d{3})+$/.test(trimmed)
    ? trimmed.replace(/,/g, '')
    : trimmed.replace(',', '.');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(normalised)) return { ok: false, error: 'Enter a number.' };
  const value = Number(normalised);
  if (!Number.isFinite(value)) return { ok: false, error: 'Enter a number.' };
  if (rule.integer && !Number.isInteger(value)) return { ok: false, error: 'Enter a whole number.' };
  const range = describeRange(rule);
  if (rule.minExclusive ? value <= rule.min : value < rule.min) return { ok: false, error: range };
  if (rule.max !== undefined && value > rule.max) return { ok: false, error: range };
  return { ok: true, value };
}

function describeRange(rule: NumberRule): string {
  const fmt = (n: number) => n.toLocaleString('en-US');
  if (rule.max === undefined) {
    return rule.minExclusive ? `Enter a number above ${fmt(rule.min)}.` : `Enter ${fmt(rule.min)} or more.`;
  }
  return rule.minExclusive
    ? `Enter a number above ${fmt(rule.min)} and at most ${fmt(rule.max)}.`
    : `Enter a number from ${fmt(rule.min)} to ${fmt(rule.max)}.`;
}

/** The numeric Advanced settings, with the bounds `SettingsSchema` enforces. */
export const ADVANCED_NUMBER_RULES = {
  temperature: { min: 0, max: 2 },
  topP: { min: 0, max: 1, minExclusive: true },
  maxTokensRewrite: { min: 16, max: 100_000, integer: true },
  maxTokensChat: { min: 16, max: 100_000, integer: true },
  requestsPerMinute: { min: 0, max: 10_000, integer: true },
  priceInputPerM: { min: 0, max: 1_000_000, emptyIsNull: true },
  priceOutputPerM: { min: 0, max: 1_000_000, emptyIsNull: true },
  priceCachedInputPerM: { min: 0, max: 1_000_000, emptyIsNull: true },
  checkPriceInputPerM: { min: 0, max: 1_000_000, emptyIsNull: true },
  checkPriceOutputPerM: { min: 0, max: 1_000_000, emptyIsNull: true },
  checkPriceCachedInputPerM: { min: 0, max: 1_000_000, emptyIsNull: true },
  dailyLimitUSD: { min: 0, max: 1_000_000, emptyIsNull: true },
  monthlyLimitUSD: { min: 0, max: 1_000_000, emptyIsNull: true },
} as const satisfies Record<Exclude<keyof AdvancedSettings, 'chatSystemMessage'>, NumberRule>;

export type AdvancedNumberKey = keyof typeof ADVANCED_NUMBER_RULES;

export const MAX_CHAT_SYSTEM_MESSAGE = 8000;

/**
 * A site as the user may paste it ("https://www.example.com/page", "Example.com") reduced to the
 * hostname that `isSiteEnabled` matches (subdomains included).
 */
export function parseSite(input: string, existing: readonly string[]): Parsed<string> {
  const text = input.trim();
  if (!text) return { ok: false, error: 'Enter a site, for example example.com.' };
  let host: string;
  try {
    host = new URL(/^[a-z][a-z\d+.-]*:\/\//i.test(text) ? text : `https://${text}`).hostname.toLowerCase();
  } catch {
    return { ok: false, error: `“${text}” is not a site address. Enter something like example.com.` };
  }
  if (!host || host.length > 253 || !/^(\[[\da-f:.]+\]|[\p{L}\d-]+(\.[\p{L}\d-]+)*)$/iu.test(host)) {
    return { ok: false, error: `“${text}” is not a site address. Enter something like example.com.` };
  }
  if (existing.includes(host)) return { ok: false, error: `${host} is already in the list.` };
  return { ok: true, value: host };
}

/** A dictionary word: one entry, no surrounding spaces, at most 100 characters. */
export function parseWord(input: string, existing: readonly string[]): Parsed<string> {
  const word = input.trim();
  if (!word) return { ok: false, error: 'Enter a word.' };
  if (word.length > 100) return { ok: false, error: 'A dictionary entry can be at most 100 characters.' };
  if (existing.includes(word)) return { ok: false, error: `“${word}” is already in your dictionary.` };
  return { ok: true, value: word };
}

/** The Translate rewrite's target language. */
export function parseLanguage(input: string): Parsed<string> {
  const language = input.trim();
  if (!language) return { ok: false, error: 'Enter a language, for example Spanish.' };
  if (language.length > 60) return { ok: false, error: 'A language name can be at most 60 characters.' };
  return { ok: true, value: language };
}

/**
 * A custom prompt from the add/edit form. `editing` is the index being replaced, so a prompt may
 * keep its own name.
 */
export function parseCustomPrompt(
  name: string,
  instruction: string,
  existing: readonly CustomPrompt[],
  editing: number | null,
): { ok: true; value: CustomPrompt } | { ok: false; field: 'name' | 'instruction'; error: string } {
  const cleanName = name.trim();
  const cleanInstruction = instruction.trim();
  if (!cleanName)
    return { ok: false, field: 'name', error: 'Give the prompt a name; it is shown in the menu.' };
  if (cleanName.length > 60)
    return { ok: false, field: 'name', error: 'A name can be at most 60 characters.' };
  const clash = existing.findIndex(
    (prompt, index) => index !== editing && prompt.name.toLowerCase() === cleanName.toLowerCase(),
  );
  if (clash >= 0)
    return { ok: false, field: 'name', error: `There is already a prompt named “${cleanName}”.` };
  if (!cleanInstruction) {
    return { ok: false, field: 'instruction', error: 'Write the instruction the model should follow.' };
  }
  if (cleanInstruction.length > 2000) {
    return { ok: false, field: 'instruction', error: 'An instruction can be at most 2,000 characters.' };
  }
  return { ok: true, value: { name: cleanName, instruction: cleanInstruction } };
}

/** How a number is shown back in a field: no trailing zeros, no exponent for normal values. */
export function formatNumber(value: number | null): string {
  return value === null ? '' : String(value);
}

/** Trailing slashes are dropped so `…/v1/` and `…/v1` are the same server. */
export function normaliseBaseURL(input: string): string {
  return input.trim().replace(/\/+$/, '');
}

/** The check server field: empty (the server above) or a local server's base URL. */
export function parseCheckServer(text: string): Parsed<string> {
  const trimmed = text.trim();
  if (!trimmed) return { ok: true, value: '' };
  const checked = checkBaseURL(trimmed);
  if (!checked.ok) return { ok: false, error: checked.error };
  if (!checked.local) return { ok: false, error: SEPARATE_SERVER_MUST_BE_LOCAL };
  return { ok: true, value: trimmed.replace(/\/+$/, '') };
}
