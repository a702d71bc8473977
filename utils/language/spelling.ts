/**
 * Spelling in a language with a Hunspell dictionary: the words of one language span, each checked
 * against the language's speller (and against the other enabled languages' spellers: a French word
 * quoted in a Spanish sentence is not a mistake), mapped to Redline's suggestions. Pure: the
 * spellers come in (`spellers.ts` builds them from hunspell-asm; tests do the same in Node).
 */
import type { RawSuggestion, Span } from '../text/types';
import { languageLabel } from './languages';

/** What Redline needs of a speller (hunspell-asm's `Hunspell`). */
export interface Speller {
  spell(word: string): boolean;
  suggest(word: string): string[];
}

export interface SpellContext {
  /** The span's language and its speller. */
  language: string;
  speller: Speller;
  /** The other enabled languages' spellers, by code (English: harper's word test, when there is one). */
  others: ReadonlyMap<string, Pick<Speller, 'spell'>>;
  /** The personal dictionary, lower-cased. */
  dictionary: ReadonlySet<string>;
  /** Suggestions already computed, by `${language}\u0000${word}` (Hunspell's suggest takes 50–300 ms). */
  suggestCache: Map<string, string[]>;
}

/** Words with inner apostrophes and hyphens (l'équipe, disse-me, Marketing-Team): Hunspell knows them whole. */
const WORD = /\p{L}[\p{L}\p{M}]*(?:['’-]\p{L}[\p{L}\p{M}]*)*/gu;
/** German writes every noun with a capital: a capitalised word there is checked, not taken for a name. */
const CAPITALISED_NOUNS = new Set(['de']);
const SUGGEST_CACHE_LIMIT = 2000;

export const spellingRuleId = (language: string): string => `local:Spelling-${language}`;

/**
 * Not a word to check: code (`getUser`, `max_retries`, `file.txt`, `@name`, `#tag`), acronyms
 * (README), words with digits, and, outside German, capitalised words inside a sentence (names).
 */
function skip(text: string, start: number, word: string, language: string): boolean {
  const before = text[start - 1] ?? ' ';
  const after = text[start + word.length] ?? ' ';
  if (/[\p{N}_@#/\\.]/u.test(before) || /[\p{N}_@/\\]/u.test(after)) return true;
  if (after === '.' && /\p{L}/u.test(text[start + word.length + 1] ?? '')) return true;
  if (/\p{Ll}\p{Lu}/u.test(word)) return true;
  if (word.length > 1 && word === word.toUpperCase()) return true;
  if (!CAPITALISED_NOUNS.has(language) && /^\p{Lu}/u.test(word) && !sentenceStart(text, start)) return true;
  return false;
}

/** Whether only spaces, quotes and brackets stand between `start` and the sentence's beginning. */
function sentenceStart(text: string, start: number): boolean {
  for (let i = start - 1; i >= 0; i--) {
    const ch = text[i] as string;
    if (/[\s"'“”‘’«»„(¿¡[-]/u.test(ch)) continue;
    return /[.!?:;…]/u.test(ch);
  }
  return true;
}

/** Hunspell's dictionaries spell the apostrophe in ASCII. */
const forSpeller = (word: string): string => word.replace(/’/g, "'");

function isKnown(word: string, context: SpellContext): boolean {
  if (context.dictionary.has(word.toLowerCase())) return true;
  const plain = forSpeller(word);
  if (context.speller.spell(plain)) return true;
  for (const other of context.others.values()) if (other.spell(plain)) return true;
  return false;
}

function suggestionsFor(word: string, context: SpellContext): string[] {
  const key = `${context.language}\u0000${word}`;
  let found = context.suggestCache.get(key);
  if (!found) {
    found = context.speller.suggest(forSpeller(word));
    if (context.suggestCache.size >= SUGGEST_CACHE_LIMIT) context.suggestCache.clear();
    context.suggestCache.set(key, found);
  }
  return found;
}

/**
 * Spelling suggestions for the words of `text` inside `span`; offsets are the paragraph's. A word
 * Hunspell has no suggestion for is still flagged (with nothing to accept but the dictionary).
 */
export function spellingSuggestions(text: string, span: Span, context: SpellContext): RawSuggestion[] {
  const out: RawSuggestion[] = [];
  const part = text.slice(span.start, span.end);
  const name = languageLabel(context.language);
  for (const match of part.matchAll(WORD)) {
    const word = match[0];
    const start = span.start + match.index;
    if (skip(text, start, word, context.language) || isKnown(word, context)) continue;
    const replacement = suggestionsFor(word, context).find((s) => s !== word);
    const base = {
      start,
      end: start + word.length,
      original: word,
      category: 'spelling' as const,
      rule: spellingRuleId(context.language),
      source: 'local' as const,
      word,
    };
    out.push(
      replacement
        ? {
            ...base,
            replacement: replacement.replace(/'/g, word.includes('’') ? '’' : "'"),
            explanation: `“${word}” is not in the ${name} dictionary. Did you mean “${replacement}”?`,
          }
        : {
            ...base,
            replacement: '',
            flagOnly: true,
            explanation: `“${word}” is not in the ${name} dictionary.`,
          },
    );
  }
  return out;
}
