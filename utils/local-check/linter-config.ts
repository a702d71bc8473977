/**
 * What the harper linter is built from, derived from the user's settings. Pure: the service
 * compares `linterOptionsKey`s to know when to reconfigure and when cached results are stale.
 */
import { Dialect as HarperDialect, type LintConfig } from 'harper.js';
import type { Dialect, Settings } from '../settings';

const LOCAL_RULE_PREFIX = 'local:';

/** The settings that change what harper itself reports (categories are filtered afterwards). */
export interface LinterOptions {
  dialect: Dialect;
  /** The personal dictionary, deduplicated and sorted so that order never forces a relint. */
  words: string[];
  /** Harper rule names (without `local:`) from the ignored rules, sorted. */
  disabledRules: string[];
}

const sortedUnique = (items: Iterable<string>): string[] => [...new Set(items)].sort();

export function linterOptionsFrom(
  settings: Pick<Settings, 'dialect' | 'dictionary' | 'ignoredRules'>,
): LinterOptions {
  return {
    dialect: settings.dialect,
    words: sortedUnique(settings.dictionary),
    disabledRules: sortedUnique(
      settings.ignoredRules
        .filter((rule) => rule.startsWith(LOCAL_RULE_PREFIX))
        .map((rule) => rule.slice(LOCAL_RULE_PREFIX.length)),
    ),
  };
}

/** Equal keys = the linter would report the same lints. */
export function linterOptionsKey(options: LinterOptions): string {
  return JSON.stringify([options.dialect, options.words, options.disabledRules]);
}

const HARPER_DIALECTS: Record<Dialect, HarperDialect> = {
  american: HarperDialect.American,
  british: HarperDialect.British,
  australian: HarperDialect.Australian,
  canadian: HarperDialect.Canadian,
  indian: HarperDialect.Indian,
};

export const toHarperDialect = (dialect: Dialect): HarperDialect => HARPER_DIALECTS[dialect];

/**
 * A complete lint config: every known rule back to its default (`null`), the disabled ones off.
 * Complete rather than a patch so that un-ignoring a rule turns it back on; names harper does not
 * know (a rule removed upstream) are left out.
 */
export function lintConfigFor(knownRules: Iterable<string>, disabledRules: readonly string[]): LintConfig {
  const disabled = new Set(disabledRules);
  const config: LintConfig = {};
  for (const rule of knownRules) config[rule] = disabled.has(rule) ? false : null;
  return config;
}
