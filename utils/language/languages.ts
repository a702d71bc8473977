/**
 * The languages Redline checks locally: English through harper.js, the others through Hunspell
 * dictionaries (wooorm's `dictionary-*` packages, copied into the build by wxt.config.ts). The
 * detector (`detect.ts`) knows many more; text in those is left to the model.
 */

export const LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'de', name: 'German' },
  { code: 'fr', name: 'French' },
  { code: 'es', name: 'Spanish' },
  { code: 'pt', name: 'Portuguese' },
  { code: 'it', name: 'Italian' },
  { code: 'nl', name: 'Dutch' },
] as const;

export type LanguageCode = (typeof LANGUAGES)[number]['code'];
/** A language with a Hunspell dictionary (every checked language but English). */
export type DictionaryLanguage = Exclude<LanguageCode, 'en'>;

export const LANGUAGE_CODES: readonly LanguageCode[] = LANGUAGES.map((l) => l.code);
export const DICTIONARY_LANGUAGES = LANGUAGE_CODES.filter((c): c is DictionaryLanguage => c !== 'en');

export function isLanguageCode(code: string): code is LanguageCode {
  return (LANGUAGE_CODES as readonly string[]).includes(code);
}

/** "de" → "German"; a code Redline does not check is named by `Intl.DisplayNames`, or itself. */
export function languageLabel(code: string): string {
  const known = LANGUAGES.find((l) => l.code === code);
  if (known) return known.name;
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** Where the build puts a language's dictionary (see the `build:publicAssets` hook). */
export function dictionaryPaths(code: DictionaryLanguage): { aff: string; dic: string } {
  return { aff: `/dictionaries/${code}.aff`, dic: `/dictionaries/${code}.dic` };
}
