/**
 * What a model's check reply may become: validated items anchored on their `original` text in the
 * paragraphs that were sent. Nothing a model says is shown unless it passes here.
 */
import { z } from 'zod';
import type { ParagraphResult, RawSuggestion } from '../text/types';
import { CATEGORIES, type Category } from '../settings';
import { anchorAll } from '../text';

/** Longest strings an item may carry: a suggestion, not an essay (or a leaked prompt). */
const MAX_ORIGINAL = 500;
const MAX_REPLACEMENT = 1000;
const MAX_EXPLANATION = 400;
/** Suggestions one reply may carry; the rest are dropped (a text of 2,500 characters needs far fewer). */
export const MAX_ITEMS = 50;

/**
 * One suggestion as the model is asked to write it: the single source of the reply's JSON schema
 * (`suggestionsJsonSchema`) and of what is accepted (`ItemSchema`, which adds bounds).
 */
export function suggestionShape(categories: readonly Category[]) {
  return z
    .object({
      original: z.string(),
      replacement: z.string(),
      category: z.enum(categories as [Category, ...Category[]]),
      explanation: z.string(),
    })
    .strict();
}

/** The JSON schema of the reply (strict mode: every property required, no others). */
export function suggestionsJsonSchema(categories: readonly Category[]): Record<string, unknown> {
  const reply = z.object({ suggestions: z.array(suggestionShape(categories)) }).strict();
  // `$schema` is for validators; providers' strict mode wants the schema alone.
  const { $schema: _dialect, ...schema } = z.toJSONSchema(reply, { target: 'draft-7' });
  return schema;
}

const ItemSchema = suggestionShape(CATEGORIES)
  .extend({
    original: z.string().min(1).max(MAX_ORIGINAL),
    replacement: z.string().max(MAX_REPLACEMENT),
    explanation: z.string().max(MAX_EXPLANATION),
  })
  // Strict servers send exactly these four; lenient ones may add fields, which are ignored.
  .strip();

export type CheckItem = z.infer<typeof ItemSchema>;

/** One item of a reply, validated and bounded; null when it does not pass. */
export function checkItem(raw: unknown): CheckItem | null {
  const item = ItemSchema.safeParse(raw);
  return item.success ? item.data : null;
}

export type ParsedReply = { ok: true; items: CheckItem[]; dropped: number } | { ok: false };

/**
 * The JSON object in a reply: the whole content, or (for servers asked in plain words) the first
 * fenced or bare `{...}` in it. Reasoning models' `<think>` sections are skipped.
 */
function extractJson(content: string): unknown {
  const text = content.replace(/<think>[\s\S]*?<\/think>/g, '').trim();
  const candidates = [text];
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(text);
  if (fenced?.[1]) candidates.push(fenced[1].trim());
  const first = text.indexOf('{');
  const last = text.lastIndexOf('}');
  if (first !== -1 && last > first) candidates.push(text.slice(first, last + 1));
  for (const candidate of candidates) {
    try {
      return JSON.parse(candidate) as unknown;
    } catch {
      // Try the next way of reading it.
    }
  }
  return undefined;
}

/** Parses a reply; items that fail the schema are dropped one by one, a reply of another shape fails whole. */
export function parseCheckReply(content: string | null | undefined): ParsedReply {
  if (!content) return { ok: false };
  const json = extractJson(content);
  const list = z.object({ suggestions: z.array(z.unknown()) }).safeParse(json);
  if (!list.success) return { ok: false };
  const items: CheckItem[] = [];
  for (const raw of list.data.suggestions) {
    if (items.length === MAX_ITEMS) break;
    const item = checkItem(raw);
    if (item) items.push(item);
  }
  return { ok: true, items, dropped: list.data.suggestions.length - items.length };
}

/** Line breaks and spaces a model may have tidied: the anchored text must match exactly anyway. */
const cleanExplanation = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * Places items in the paragraphs they came from. Items are searched in the order the model gave
 * them across the paragraphs in the order they were sent (the model reports "in the order they
 * appear"), so repeated words map to successive occurrences. Items whose `original` is in no
 * paragraph, that change nothing, or whose category is not wanted are dropped.
 */
export function anchorCheckItems(
  paragraphs: readonly { hash: string; text: string }[],
  items: readonly CheckItem[],
  wanted: readonly Category[],
): ParagraphResult[] {
  const results = paragraphs.map((p) => ({ hash: p.hash, suggestions: [] as RawSuggestion[] }));
  const usable = items.filter((item) => wanted.includes(item.category) && item.original !== item.replacement);
  // Joined with a separator, so an `original` can never span two paragraphs (one containing it is dropped).
  const SEPARATOR = '\u0000';
  const joined = paragraphs.map((p) => p.text).join(SEPARATOR);
  const starts: number[] = [];
  let offset = 0;
  for (const p of paragraphs) {
    starts.push(offset);
    offset += p.text.length + SEPARATOR.length;
  }
  const spans = anchorAll(
    joined,
    usable.map((item) => ({ original: item.original.includes(SEPARATOR) ? '' : item.original })),
  );
  spans.forEach((span, i) => {
    const item = usable[i];
    if (!span || !item) return;
    // The paragraph the span starts in; a span crossing into the next one cannot happen (separator).
    let index = starts.length - 1;
    while (index > 0 && (starts[index] as number) > span.start) index--;
    const base = starts[index] as number;
    const target = results[index];
    if (!target) return;
    target.suggestions.push({
      start: span.start - base,
      end: span.end - base,
      original: item.original,
      replacement: item.replacement,
      category: item.category,
      explanation: cleanExplanation(item.explanation),
      rule: `llm:${item.category}`,
      source: 'llm',
    });
  });
  // Two items on one span: the first wins (a model repeating itself).
  for (const result of results) {
    const seen = new Set<string>();
    result.suggestions = result.suggestions.filter((s) => {
      const key = `${s.start}:${s.end}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }
  return results;
}
