/**
 * The personal dictionary as a file: Export writes it, Import reads it back or reads another tool's.
 *
 * Export: one word per line (UTF-8, "\n"), sorted as stored. Style rules, when there are any, follow
 * after a blank line as `#= ` lines — a comment to tools that skip `#` lines, read back by Import.
 *
 * Import reads plain word lists, one entry per line, which is what Harper's user dictionary,
 * LanguageTool's exported dictionary, macOS's ~/Library/Spelling/LocalDictionary and Hunspell's
 * personal dictionaries are; also Hunspell .dic files (a count on the first line, `word/FLAGS`) and
 * Microsoft Office's CUSTOM.DIC (UTF-16 with a byte order mark; see `decodeWordFile`). `#` lines are
 * comments. Entries already there (in any case) are merged; bad lines are reported by number.
 */
import { MAX_DICTIONARY_WORDS } from '../settings';

const MAX_WORD = 100;
/** Reported bad lines, at most (a binary file picked by mistake has thousands). */
const MAX_REPORTED = 20;
/** Larger than any real word list, small enough to read at once. */
export const MAX_IMPORT_BYTES = 2_000_000;
export const RULE_PREFIX = '#= ';

export interface WordImport {
  /** New entries, in file order. */
  added: string[];
  /** Entries already in the dictionary or earlier in the file (compared in any case). */
  duplicates: number;
  /** Lines that are not an entry, by 1-based line number (at most MAX_REPORTED). */
  invalid: { line: number; reason: string }[];
  invalidCount: number;
  /** Entries that did not fit under the dictionary's cap: refused, never dropping the person's words. */
  overCap: number;
  /** Style-rule lines (`#= …`) of a Redline export, without the prefix. */
  rules: string[];
}

/** The file's bytes as text: UTF-16 (LE/BE, with BOM) or UTF-8 (BOM optional). */
export function decodeWordFile(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  return new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F]/;

export function parseWordList(text: string, existing: readonly string[]): WordImport {
  const seen = new Set(existing.map((word) => word.toLowerCase()));
  const result: WordImport = {
    added: [],
    duplicates: 0,
    invalid: [],
    invalidCount: 0,
    overCap: 0,
    rules: [],
  };
  const bad = (line: number, reason: string) => {
    result.invalidCount += 1;
    if (result.invalid.length < MAX_REPORTED) result.invalid.push({ line, reason });
  };
  const lines = text.split(/\r\n|\r|\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.startsWith(RULE_PREFIX)) {
      const rule = raw.slice(RULE_PREFIX.length).trim();
      if (rule) result.rules.push(rule);
      return;
    }
    let entry = raw.trim();
    if (!entry || entry.startsWith('#')) return;
    // Hunspell .dic: the word count on the first line.
    if (line === 1 && /^\d+$/.test(entry) && lines.length > 1) return;
    // Hunspell affix flags and morphology: "Zorblax/MS po:noun".
    entry = entry.replace(/\/[\p{L}\p{N},]*(\s.*)?$/u, '').trim();
    if (!entry) return bad(line, 'no word before “/”');
    if (CONTROL.test(entry)) return bad(line, 'not text (control characters)');
    if (entry.includes('\t')) return bad(line, 'more than one column');
    if (entry.length > MAX_WORD) return bad(line, `longer than ${MAX_WORD} characters`);
    const key = entry.toLowerCase();
    if (seen.has(key)) {
      result.duplicates += 1;
      return;
    }
    seen.add(key);
    if (existing.length + result.added.length >= MAX_DICTIONARY_WORDS) {
      result.overCap += 1;
      return;
    }
    result.added.push(entry);
  });
  return result;
}

/** What Import did, in a sentence or two. */
export function describeImport(result: WordImport, rulesAdded: number): string {
  const parts = [
    `Added ${result.added.length} ${result.added.length === 1 ? 'word' : 'words'}`,
    result.duplicates ? `${result.duplicates} already there` : null,
    rulesAdded ? `${rulesAdded} style ${rulesAdded === 1 ? 'rule' : 'rules'}` : null,
  ].filter(Boolean);
  let text = `${parts.join(', ')}.`;
  if (result.overCap)
    text += ` ${result.overCap} did not fit: the dictionary holds ${MAX_DICTIONARY_WORDS.toLocaleString('en')} words.`;
  if (result.invalidCount) {
    const shown = result.invalid.map((i) => `line ${i.line} (${i.reason})`).join(', ');
    const more =
      result.invalidCount > result.invalid.length
        ? `, and ${result.invalidCount - result.invalid.length} more`
        : '';
    text += ` Skipped ${result.invalidCount} ${result.invalidCount === 1 ? 'line' : 'lines'}: ${shown}${more}.`;
  }
  return text;
}

/** The export file's text: the words, then the style rules' lines, if any. */
export function exportWordList(words: readonly string[], styleRules = ''): string {
  const rules = styleRules
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const body = words.length ? `${words.join('\n')}\n` : '';
  return rules.length ? `${body}\n${rules.map((rule) => `${RULE_PREFIX}${rule}`).join('\n')}\n` : body;
}

/** Rule lines of an import added to the person's rules: the ones whose words have no rule yet. */
export function mergeRuleLines(
  current: string,
  incoming: readonly string[],
  avoidOf: (line: string) => string | null,
): {
  text: string;
  added: number;
} {
  const have = new Set(
    current
      .split(/\r?\n/)
      .map(avoidOf)
      .filter((avoid): avoid is string => avoid !== null),
  );
  const fresh: string[] = [];
  for (const line of incoming) {
    const avoid = avoidOf(line);
    if (avoid === null || have.has(avoid)) continue;
    have.add(avoid);
    fresh.push(line);
  }
  if (!fresh.length) return { text: current, added: 0 };
  const base = current.replace(/\s+$/, '');
  return { text: base ? `${base}\n${fresh.join('\n')}` : fresh.join('\n'), added: fresh.length };
}
