/**
 * The local checker's languages: which language each part of a paragraph is in, Hunspell spelling
 * for the parts in an enabled language other than English, and what harper's English lints may
 * keep (not a word that is correct in another enabled language, nothing outside English text).
 * Used by `LocalChecker` inside its queue; no `browser.*` here.
 */
import type { RawSuggestion, Span } from '../text/types';
import type { Settings } from '../settings';
import { pinnedLanguage } from '../settings';
import { languageSpans, type Detect, type LanguageSpan } from './detect';
import { DICTIONARY_LANGUAGES, type DictionaryLanguage, type LanguageCode } from './languages';
import { spellingSuggestions, type Speller } from './spelling';
import type { Spellers } from './spellers';

export type LanguageSettings = Pick<
  Settings,
  'languages' | 'languagesDeclined' | 'siteLanguages' | 'dictionary'
>;

export interface LanguageDeps {
  /** The detector, loaded on first use. */
  detect: () => Promise<Detect>;
  spellers: Spellers;
}

export interface ParagraphLanguages {
  spans: LanguageSpan[];
  /** Suggestions for the spans Hunspell checked. */
  spelling: RawSuggestion[];
  /** Whether one of harper's suggestions on this paragraph stands (see `LanguageChecks.check`). */
  keepEnglish: (suggestion: RawSuggestion) => boolean;
}

const isDictionaryLanguage = (code: string): code is DictionaryLanguage =>
  (DICTIONARY_LANGUAGES as readonly string[]).includes(code);

const inside = (spans: readonly Span[], s: Span): boolean =>
  spans.some((span) => s.start >= span.start && s.end <= span.end);

export class LanguageChecks {
  readonly #deps: LanguageDeps;
  readonly #suggestCache = new Map<string, string[]>();

  constructor(deps: LanguageDeps) {
    this.#deps = deps;
  }

  /** The paragraph's language spans: the site's pinned language, or detected (English when unsure). */
  async spans(text: string, settings: LanguageSettings, hostname: string): Promise<LanguageSpan[]> {
    const pinned = pinnedLanguage(settings, hostname);
    if (pinned) return [{ start: 0, end: text.length, language: pinned }];
    return languageSpans(text, await this.#deps.detect(), { fallback: 'en' });
  }

  /**
   * Languages found in `spans` that Redline can check but the person has not enabled (nor turned
   * off): the caller turns them on.
   */
  newLanguages(spans: readonly LanguageSpan[], settings: LanguageSettings): LanguageCode[] {
    return [
      ...new Set(
        spans
          .map((s) => s.language)
          .filter(
            (code): code is DictionaryLanguage =>
              isDictionaryLanguage(code) &&
              !settings.languages.includes(code) &&
              !settings.languagesDeclined.includes(code),
          ),
      ),
    ];
  }

  /** Loads the spellers of the enabled languages now (so the first check does not wait). */
  async warm(settings: LanguageSettings): Promise<void> {
    await Promise.all(
      settings.languages.filter(isDictionaryLanguage).map((code) => this.#deps.spellers.get(code)),
    );
  }

  /**
   * Hunspell spelling for the spans in `enabled` languages other than English, and the filter for
   * harper's lints: only inside English spans (all of the paragraph when it has no other), and a
   * spelling lint on a word that another enabled language spells correctly is dropped (names and
   * foreign words in an English sentence).
   */
  async check(
    text: string,
    spans: readonly LanguageSpan[],
    enabled: readonly LanguageCode[],
    dictionary: readonly string[],
  ): Promise<ParagraphLanguages> {
    const spellers = new Map<string, Speller>();
    for (const code of enabled.filter(isDictionaryLanguage)) {
      spellers.set(code, (await this.#deps.spellers.get(code)).speller);
    }
    const words = new Set(dictionary.map((w) => w.toLowerCase()));
    const spelling: RawSuggestion[] = [];
    for (const span of spans) {
      const speller = spellers.get(span.language);
      if (!speller) continue;
      const others = new Map([...spellers].filter(([code]) => code !== span.language));
      spelling.push(
        ...spellingSuggestions(text, span, {
          language: span.language,
          speller,
          others,
          dictionary: words,
          suggestCache: this.#suggestCache,
        }),
      );
    }
    const english = spans.filter((s) => s.language === 'en');
    const mixed = english.length !== spans.length;
    const keepEnglish = (s: RawSuggestion): boolean => {
      if (mixed && !inside(english, s)) return false;
      if (s.category !== 'spelling' || !s.word) return true;
      const word = s.word.replace(/’/g, "'");
      for (const speller of spellers.values()) if (speller.spell(word)) return false;
      return true;
    };
    return { spans: [...spans], spelling, keepEnglish };
  }
}
