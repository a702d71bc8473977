/**
 * The local checker service: one lazily built harper linter, configured from the user's settings,
 * linting paragraph by paragraph with a per-paragraph cache. It never touches `browser.*`: the
 * linter factory comes in as a parameter and the settings with each call (see `register.ts` and
 * `offscreen-host.ts`; tests pass a Node linter).
 */
import type { Dialect as HarperDialect, Linter } from 'harper.js';
import type { CheckResult } from '../messaging/protocol';
import type { ParagraphRequest, ParagraphResult, RawSuggestion } from '../text/types';
import type { Settings } from '../settings';
import { filterSuggestions, hostnameOf, lintsToSuggestions } from './lint-mapping';
import {
  lintConfigFor,
  linterOptionsFrom,
  linterOptionsKey,
  toHarperDialect,
  type LinterOptions,
} from './linter-config';
import { LruCache } from './lru-cache';
import { matchStyleRules, parseStyleRules, withoutOverlaps, type StyleRule } from '../rules/style-rules';
import { languagesOf } from '../language/detect';
import { LanguageChecks, type LanguageDeps } from '../language/language-checks';
import type { LanguageCode } from '../language/languages';

/** The last rules source parsed, and its rules (the same text comes with every check). */
let lastRules: { source: string; rules: StyleRule[] } = { source: '', rules: [] };
function parsedRules(source: string): StyleRule[] {
  if (lastRules.source !== source) lastRules = { source, rules: parseStyleRules(source).rules };
  return lastRules.rules;
}

export interface LocalCheckerDeps {
  /** A new harper linter for `dialect`; its (slow) setup runs when the checker first needs it. */
  createLinter: (dialect: HarperDialect) => Linter;
  /** Milliseconds; injectable for tests of the retry pause. */
  now?: () => number;
  /** Language detection and Hunspell spelling; without it every paragraph is English (harper only). */
  languages?: LanguageDeps;
}

/** The settings the local checker reads; callers pass the current ones with every call. */
export type CheckerSettings = Pick<
  Settings,
  | 'localChecker'
  | 'dialect'
  | 'dictionary'
  | 'ignoredRules'
  | 'siteIgnoredRules'
  | 'categories'
  | 'styleRules'
  | 'languages'
  | 'languagesDeclined'
  | 'siteLanguages'
>;

export function checkerSettings(settings: CheckerSettings): CheckerSettings {
  const { localChecker, dialect, dictionary, ignoredRules, siteIgnoredRules, categories, styleRules } =
    settings;
  const { languages, languagesDeclined, siteLanguages } = settings;
  return {
    localChecker,
    dialect,
    dictionary,
    ignoredRules,
    siteIgnoredRules,
    categories,
    styleRules,
    languages,
    languagesDeclined,
    siteLanguages,
  };
}

/** What the background's handlers need, wherever the linter runs (here, or in an offscreen document). */
export interface LocalCheckBackend {
  warm(settings: CheckerSettings): Promise<{ ready: boolean }>;
  /** `scope` keeps one site's cached results from another's (see `LocalChecker.check`). */
  check(
    paragraphs: readonly ParagraphRequest[],
    settings: CheckerSettings,
    scope: string,
  ): Promise<CheckResult>;
  configure(settings: CheckerSettings): Promise<void>;
  /** The languages of each text (codes, in order of appearance), for the model's prompt. */
  languagesOf(texts: readonly string[], settings: CheckerSettings, scope: string): Promise<string[][]>;
}

export const DISABLED_MESSAGE = 'The local checker is off in settings.';

/** Paragraph texts remembered, and their total characters (≈ 2 bytes each). */
const CACHE_ENTRIES = 3000;
const CACHE_CHARS = 3_000_000;
/** After a failed setup, answer "unavailable" at once for this long instead of retrying on every pause. */
const RETRY_AFTER_MS = 30_000;
/**
 * Form fields hold prose, not Markdown: Markdown parsing would flag a line starting with `#` as a
 * heading in need of title case. (Harper's own Chrome extension lints page text as plaintext too.)
 */
const LINT_OPTIONS = { language: 'plaintext' } as const;

/** Linter options with their key, computed once per request (the dictionary can hold 5,000 words). */
interface Target {
  options: LinterOptions;
  key: string;
}

function targetFrom(settings: Pick<Settings, 'dialect' | 'dictionary' | 'ignoredRules'>): Target {
  const options = linterOptionsFrom(settings);
  return { options, key: linterOptionsKey(options) };
}

export class LocalChecker implements LocalCheckBackend {
  readonly #deps: LocalCheckerDeps;
  readonly #now: () => number;
  /** Every linter operation runs through this chain: a reconfiguration never lands mid-request. */
  #queue: Promise<unknown> = Promise.resolve();
  #linter: Linter | null = null;
  /** What the current linter was last configured with (a fresh linter: its dialect, no words, no disabled rules). */
  #applied: Target | null = null;
  #knownRules: string[] | null = null;
  /** Unfiltered suggestions by paragraph text, valid for `#cacheKey`'s linter options. */
  readonly #cache = new LruCache<string, RawSuggestion[]>(CACHE_ENTRIES, CACHE_CHARS, (text) => text.length);
  #cacheKey = '';
  /** Why the last setup failed, and when. */
  #failure: { detail: string; at: number } | null = null;
  /** Texts a lint threw on: answered as clean from then on, across linter rebuilds. */
  readonly #failedTexts = new LruCache<string, true>(100, 200_000, (text) => text.length);

  readonly #languages: LanguageChecks | null;

  constructor(deps: LocalCheckerDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? (() => Date.now());
    this.#languages = deps.languages ? new LanguageChecks(deps.languages) : null;
  }

  /**
   * The languages of each text, detected (or the site's pinned one); English when unsure. Needs no
   * linter, so it does not wait in the queue behind a check.
   */
  async languagesOf(texts: readonly string[], settings: CheckerSettings, scope: string): Promise<string[][]> {
    const languages = this.#languages;
    if (!languages) return texts.map(() => ['en']);
    const hostname = hostnameOf(scope);
    return Promise.all(
      texts.map(async (text) => languagesOf(await languages.spans(text, settings, hostname))),
    );
  }

  /** Builds and configures the linter now, so the first check does not wait for it. */
  async warm(settings: CheckerSettings): Promise<{ ready: boolean }> {
    if (!settings.localChecker) return { ready: false };
    try {
      await Promise.all([
        this.#enqueue(() => this.#ready(targetFrom(settings))),
        this.#languages?.warm(settings),
        this.#deps.languages?.detect(),
      ]);
      return { ready: true };
    } catch {
      return { ready: false };
    }
  }

  /**
   * Lints each paragraph on its own (results in request order, offsets relative to the paragraph).
   * A request that arrives during setup waits for it; a failed setup answers `unavailable`.
   *
   * The cache is keyed by the site that asked and the paragraph's text, not by the hash the page
   * sent: a hash a page made up (or a collision) must never return suggestions, and with them text,
   * computed for another page's paragraph, and a page must not learn by timing whether a paragraph
   * was checked on another site.
   */
  async check(
    paragraphs: readonly ParagraphRequest[],
    settings: CheckerSettings,
    scope = '',
  ): Promise<CheckResult> {
    const rules = parsedRules(settings.styleRules);
    // The person's own rules need no linter: with the local checker off they still run.
    const ruled = (text: string) => filterSuggestions(matchStyleRules(text, rules), settings, scope);
    if (!settings.localChecker) {
      if (!rules.length) return { ok: false, code: 'disabled', message: DISABLED_MESSAGE, off: true };
      return { ok: true, results: paragraphs.map(({ hash, text }) => ({ hash, suggestions: ruled(text) })) };
    }
    const target = targetFrom(settings);
    const hostname = hostnameOf(scope);
    const turnedOn = new Set<LanguageCode>();
    try {
      const results = await this.#enqueue(async (): Promise<ParagraphResult[]> => {
        const out: ParagraphResult[] = [];
        for (const { hash, text } of paragraphs) {
          const spans = this.#languages
            ? await this.#languages.spans(text, settings, hostname)
            : [{ start: 0, end: text.length, language: 'en' }];
          for (const code of this.#languages?.newLanguages(spans, settings) ?? []) turnedOn.add(code);
          const enabled = [...settings.languages, ...turnedOn];
          const checked = await this.#languages?.check(text, spans, enabled, settings.dictionary);
          const english =
            spans.some((span) => span.language === 'en') && (!this.#languages || enabled.includes('en'));
          const harper = english ? await this.#lintParagraph(text, target, scope) : [];
          const local = checked ? [...harper.filter(checked.keepEnglish), ...checked.spelling] : harper;
          const linted = filterSuggestions(local, settings, scope);
          const own = ruled(text);
          out.push({
            hash,
            suggestions: own.length
              ? [...withoutOverlaps(linted, own), ...own].sort((a, b) => a.start - b.start || a.end - b.end)
              : linted.sort((a, b) => a.start - b.start || a.end - b.end),
          });
        }
        return out;
      });
      return turnedOn.size ? { ok: true, results, turnedOn: [...turnedOn] } : { ok: true, results };
    } catch (error) {
      return { ok: false, code: 'unavailable', message: unavailableMessage(error) };
    }
  }

  /**
   * Settings changed: rebuild nothing that was not built, reconfigure a live linter now (off the
   * typing path), and free the linter's memory when the user turns the checker off.
   */
  configure(settings: CheckerSettings): Promise<void> {
    return this.#enqueue(async () => {
      if (!settings.localChecker) {
        await this.#dispose();
        return;
      }
      if (this.#linter) await this.#ready(targetFrom(settings));
    }).catch(() => undefined);
  }

  /** Frees the linter (tests; turning the checker off). */
  dispose(): Promise<void> {
    return this.#enqueue(() => this.#dispose());
  }

  #enqueue<T>(job: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(job, job);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #lintParagraph(text: string, target: Target, scope: string): Promise<RawSuggestion[]> {
    const linter = await this.#ready(target);
    if (text.trim() === '') return [];
    const key = `${scope}\u0000${text}`;
    const cached = this.#cache.get(key) ?? (this.#failedTexts.get(text) ? [] : undefined);
    if (cached) return cached;
    let suggestions: RawSuggestion[];
    try {
      suggestions = await lintText(linter, text);
    } catch (error) {
      // A lint that throws may have left the wasm linter in a bad state: rebuild it for the next
      // paragraph, and answer this text as clean from now on so that it cannot fail again.
      console.warn('Redline: the local checker failed on a paragraph; restarting it.', error);
      await this.#dispose();
      this.#failedTexts.set(text, true);
      return [];
    }
    this.#cache.set(key, suggestions);
    return suggestions;
  }

  /** The linter, built and configured for `target`. Runs inside the queue only. */
  async #ready(target: Target): Promise<Linter> {
    const { options } = target;
    if (!this.#linter) {
      if (this.#failure && this.#now() - this.#failure.at < RETRY_AFTER_MS)
        throw new Error(this.#failure.detail);
      const started = this.#now();
      const linter = this.#deps.createLinter(toHarperDialect(options.dialect));
      try {
        await linter.setup();
        this.#knownRules ??= Object.keys(await linter.getDefaultLintConfig());
      } catch (error) {
        this.#failure = { detail: errorDetail(error), at: this.#now() };
        await linter.dispose().catch(() => undefined);
        throw error;
      }
      this.#failure = null;
      this.#linter = linter;
      this.#applied = targetFrom({ dialect: options.dialect, dictionary: [], ignoredRules: [] });
      console.debug(`Redline: local checker ready in ${Math.round(this.#now() - started)} ms.`);
    }
    const linter = this.#linter;
    await this.#apply(linter, target);
    return linter;
  }

  async #apply(linter: Linter, target: Target): Promise<void> {
    const applied = this.#applied?.options;
    if (this.#applied?.key !== target.key) {
      const { options } = target;
      // setDialect rebuilds harper's inner linter, which forgets the words and the rule config.
      const dialectChanged = applied?.dialect !== options.dialect;
      if (dialectChanged) await linter.setDialect(toHarperDialect(options.dialect));
      if (dialectChanged || !sameList(applied?.disabledRules, options.disabledRules)) {
        await linter.setLintConfig(lintConfigFor(this.#knownRules ?? [], options.disabledRules));
      }
      if (dialectChanged || !sameList(applied?.words, options.words)) {
        await linter.clearWords();
        if (options.words.length > 0) await linter.importWords(options.words);
      }
      this.#applied = target;
    }
    if (this.#cacheKey !== target.key) this.#resetCache(target.key);
  }

  #resetCache(key: string): void {
    this.#cache.clear();
    this.#cacheKey = key;
  }

  async #dispose(): Promise<void> {
    const linter = this.#linter;
    this.#linter = null;
    this.#applied = null;
    this.#resetCache('');
    await linter?.dispose().catch(() => undefined);
  }
}

/** Every rule's suggestions on one paragraph, in text order; harper's lint objects are freed. */
async function lintText(linter: Linter, text: string): Promise<RawSuggestion[]> {
  const groups = await linter.organizedLints(text, LINT_OPTIONS);
  const suggestions: RawSuggestion[] = [];
  for (const [ruleName, lints] of Object.entries(groups)) {
    if (lints.length === 0) continue;
    suggestions.push(...lintsToSuggestions(lints, text, ruleName));
    for (const lint of lints) lint.free();
  }
  return suggestions.sort((a, b) => a.start - b.start || a.end - b.end);
}

const sameList = (a: readonly string[] | undefined, b: readonly string[]): boolean =>
  a !== undefined && a.length === b.length && a.every((item, i) => item === b[i]);

const errorDetail = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function unavailableMessage(error: unknown): string {
  return `The local checker could not start (${errorDetail(error)}).`;
}
