/**
 * The person's own style rules, one per line in the options page:
 *
 *     utilize => use            # plain words
 *     in order to => to
 *     very                      # only flagged: there is nothing to replace it with
 *
 * `avoid => prefer`, the `=> prefer` optional (then the word is only flagged), an optional `# note`
 * shown as the explanation. Whole words only. A rule written in lower case matches any case and
 * its replacement follows the case found ("Utilize" → "Use", "UTILIZE" → "USE"); a rule with a
 * capital letter matches exactly as written. Lines starting with `#` are comments.
 *
 * Pure: the local checker (local-checker.ts) runs `matchStyleRules` on every paragraph, the options
 * page reports `parseStyleRules`'s problems, and the model prompt lists the rules.
 */
import type { RawSuggestion } from '../text/types';

export const MAX_STYLE_RULES = 500;
export const MAX_STYLE_RULES_CHARS = 50_000;
const MAX_PHRASE = 100;
const MAX_NOTE = 300;

export interface StyleRule {
  /** As written, spaces collapsed. */
  avoid: string;
  /** null: only flag. */
  prefer: string | null;
  note: string;
  /** 1-based line in the source. */
  line: number;
  /** `rule:<avoid, lower case>`: what "Ignore rule" stores. */
  id: string;
  /** A capital letter in `avoid`: match exactly as written. */
  exactCase: boolean;
}

export interface RuleProblem {
  line: number;
  message: string;
}

export interface ParsedRules {
  rules: StyleRule[];
  problems: RuleProblem[];
}

const collapse = (text: string) => text.trim().replace(/\s+/g, ' ');
const WORD_CHAR = /[\p{L}\p{N}_]/u;

export function parseStyleRules(source: string): ParsedRules {
  const rules: StyleRule[] = [];
  const problems: RuleProblem[] = [];
  if (source.length > MAX_STYLE_RULES_CHARS) {
    problems.push({
      line: 1,
      message: `Too long: at most ${MAX_STYLE_RULES_CHARS.toLocaleString('en')} characters.`,
    });
    return { rules, problems };
  }
  const seen = new Map<string, number>();
  source.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const text = raw.trim();
    if (!text || text.startsWith('#')) return;
    const hash = text.indexOf('#');
    const body = hash >= 0 ? text.slice(0, hash) : text;
    const note = hash >= 0 ? collapse(text.slice(hash + 1)) : '';
    const arrow = body.indexOf('=>');
    const avoid = collapse(arrow >= 0 ? body.slice(0, arrow) : body);
    const prefer = arrow >= 0 ? collapse(body.slice(arrow + 2)) : null;
    const problem = (message: string) => problems.push({ line, message });
    if (!avoid) return problem('Nothing to avoid before “=>”.');
    if (prefer === '') return problem('Nothing after “=>”. To only flag the words, leave out “=>”.');
    if (prefer?.includes('=>')) return problem('More than one “=>”.');
    if (avoid.length > MAX_PHRASE || (prefer?.length ?? 0) > MAX_PHRASE)
      return problem(`Words longer than ${MAX_PHRASE} characters.`);
    if (note.length > MAX_NOTE) return problem(`A note longer than ${MAX_NOTE} characters.`);
    if (!WORD_CHAR.test(avoid.at(0) ?? '') || !WORD_CHAR.test(avoid.at(-1) ?? ''))
      return problem(`“${avoid}” must start and end with a letter or digit.`);
    if (prefer !== null && prefer === avoid) return problem('The same words on both sides of “=>”.');
    const id = `rule:${avoid.toLowerCase()}`;
    const earlier = seen.get(id);
    if (earlier !== undefined) return problem(`“${avoid}” already has a rule on line ${earlier}.`);
    if (rules.length >= MAX_STYLE_RULES) return problem(`More than ${MAX_STYLE_RULES} rules.`);
    seen.set(id, line);
    rules.push({ avoid, prefer, note, line, id, exactCase: avoid !== avoid.toLowerCase() });
  });
  return { rules, problems };
}

/** One line per problem, for the options page. */
export function describeProblems(problems: readonly RuleProblem[]): string {
  return problems.map((p) => `Line ${p.line}: ${p.message}`).join(' ');
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const patternCache = new Map<string, RegExp>();
function patternFor(rule: StyleRule): RegExp {
  const key = `${rule.exactCase ? 'c' : 'i'}${rule.avoid}`;
  let pattern = patternCache.get(key);
  if (!pattern) {
    const words = rule.avoid.split(' ').map(escapeRegExp).join('\\s+');
    pattern = new RegExp(`(?<![\\p{L}\\p{N}_])${words}(?![\\p{L}\\p{N}_])`, rule.exactCase ? 'gu' : 'giu');
    if (patternCache.size > 2000) patternCache.clear();
    patternCache.set(key, pattern);
  }
  pattern.lastIndex = 0;
  return pattern;
}

/** `prefer` in the case of what was found, for rules written in lower case. */
export function matchCase(found: string, prefer: string): string {
  const letters = found.replace(/[^\p{L}]/gu, '');
  if (letters.length > 1 && letters === letters.toUpperCase() && letters !== letters.toLowerCase())
    return prefer.toUpperCase();
  const first = found.charAt(0);
  if (first !== first.toLowerCase()) return prefer.charAt(0).toUpperCase() + prefer.slice(1);
  return prefer;
}

/** Every rule's matches in `text`, in text order; where two rules overlap, the earlier (then longer) wins. */
export function matchStyleRules(text: string, rules: readonly StyleRule[]): RawSuggestion[] {
  if (!rules.length || !text.trim()) return [];
  const found: RawSuggestion[] = [];
  for (const rule of rules) {
    for (const match of text.matchAll(patternFor(rule))) {
      const start = match.index;
      const original = match[0];
      const replacement =
        rule.prefer === null ? '' : rule.exactCase ? rule.prefer : matchCase(original, rule.prefer);
      found.push({
        start,
        end: start + original.length,
        original,
        replacement,
        ...(rule.prefer === null ? { flagOnly: true } : {}),
        category: 'style',
        explanation:
          rule.note ||
          (rule.prefer === null
            ? `Your rule: avoid “${rule.avoid}”.`
            : `Your rule: “${rule.prefer}”, not “${rule.avoid}”.`),
        rule: rule.id,
        source: 'local',
      });
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: RawSuggestion[] = [];
  for (const suggestion of found) {
    const last = kept.at(-1);
    if (last && suggestion.start < last.end) continue;
    kept.push(suggestion);
  }
  return kept;
}

/** Suggestions of another checker that overlap one of the person's rules: the person's rule wins. */
export function withoutOverlaps(
  suggestions: readonly RawSuggestion[],
  ruled: readonly RawSuggestion[],
): RawSuggestion[] {
  if (!ruled.length) return [...suggestions];
  return suggestions.filter((s) => !ruled.some((r) => s.start < r.end && r.start < s.end));
}

/** The rules as the model is told them (one per line), or '' when there are none. */
export function rulesForPrompt(rules: readonly StyleRule[]): string {
  return rules
    .map((r) => (r.prefer === null ? `- avoid “${r.avoid}”` : `- write “${r.prefer}”, not “${r.avoid}”`))
    .join('\n');
}

/** The rule id a single line makes (`rule:<avoid>`), or null when it is no rule. */
export function ruleIdOf(line: string): string | null {
  return parseStyleRules(line).rules[0]?.id ?? null;
}
