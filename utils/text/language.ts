/**
 * Is this paragraph English? The local checker (harper.js) knows only English: run on Spanish it
 * flags nearly every word. The model checks any language, so a wrong "not English" only costs local
 * lints; the test therefore says "not English" only on clear evidence and "English" when unsure.
 *
 * Two signals, no dictionary: the script (Cyrillic, Greek, CJK, Arabic… are not English), and for
 * Latin-script text the share of each language's most frequent function words.
 */

/** The most frequent short words of each language: together they make up a third of running text. */
const FUNCTION_WORDS: Record<string, ReadonlySet<string>> = Object.fromEntries(
  Object.entries({
    en: 'the of and to in is that it for was on are with as be at by this have from or an but not you they we he she his her',
    es: 'el la de que y en los las del se por un una para con no es al lo como más pero sus le ya o este sí porque esta entre cuando muy sin sobre también',
    fr: 'le la les de des du et un une est que qui dans pour pas sur au ce il elle ne se plus par avec son sont mais nous vous ont été cette aussi',
    de: 'der die das und ist nicht ein eine zu den von mit sich des auf für im dem auch es an als wie wir ich sie er nach bei noch aus',
    it: 'il di che la per un una non sono della con del le gli si da questo anche come ma più nel alla ha ho essere quando molto',
    pt: 'de que não uma um para com os as do da em por mais se mas foi ao dos das como está isso também muito ele ela você são',
    nl: 'de het een en van is dat niet op te zijn voor met die er aan ook als maar om bij nog wat naar hij zij wij',
    sv: 'och att det som en på är av för med den till inte har de ett om var men jag hon han vi',
  }).map(([language, words]) => [language, new Set(words.split(' '))]),
);

/** Fewer words than this say too little either way: treated as English. */
const MIN_WORDS = 4;

/**
 * `false` only when the paragraph is clearly in another language (another script, or Latin text
 * whose function words are clearly another language's); `true` otherwise.
 */
export function looksEnglish(text: string): boolean {
  const letters = text.match(/\p{L}/gu);
  if (!letters || letters.length < 2) return true;
  const latin = letters.filter((ch) => /\p{Script=Latin}/u.test(ch)).length;
  // Mostly another script (a Latin brand name inside Russian text does not make it English).
  if (latin / letters.length < 0.5) return false;

  const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  if (words.length < MIN_WORDS) return true;
  const scores = new Map<string, number>();
  for (const [language, list] of Object.entries(FUNCTION_WORDS)) {
    scores.set(language, words.filter((w) => list.has(w)).length);
  }
  const english = scores.get('en') ?? 0;
  let best = 0;
  for (const [language, score] of scores) if (language !== 'en') best = Math.max(best, score);
  // Clearly another language: its function words are frequent and well ahead of English ones.
  return !(best >= 2 && best / words.length >= 0.15 && best >= 2 * english);
}
