/**
 * The local checker with its languages: real harper for English, real eld for detection, real
 * Hunspell (hunspell-asm) over the dictionaries in node_modules for the others.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { LocalLinter } from 'harper.js';
import { binary } from 'harper.js/binary';
import { DEFAULT_SETTINGS, type Settings } from '../../settings';
import type { LanguageCode } from '../../language/languages';
import { nodeLanguages } from '../../language/__tests__/node-languages';
import { checkerSettings, LocalChecker } from '../local-checker';

let checker: LocalChecker;
beforeAll(() => {
  checker = new LocalChecker({
    createLinter: (dialect) => new LocalLinter({ binary, dialect }),
    languages: nodeLanguages(),
  });
}, 180_000);

const settingsWith = (changes: Partial<Settings>) => checkerSettings({ ...DEFAULT_SETTINGS, ...changes });

async function check(text: string, changes: Partial<Settings> = {}, site = 'https://example.com') {
  const result = await checker.check([{ hash: 'h', text }], settingsWith(changes), site);
  if (!result.ok) throw new Error(result.message);
  const suggestions = result.results[0]!.suggestions.map((s) => `${s.original} → ${s.replacement}`);
  return { suggestions, turnedOn: result.turnedOn ?? [], raw: result.results[0]!.suggestions };
}

const GERMAN_WRONG = 'Gestern habe ich einen langen Spazirgang durch den Wald gemacht.';
const FRENCH_WRONG = 'Nous avons vraimant aimé la promenade dans la forêt hier soir.';
const ENGLISH_WRONG = 'She dont like the new office at all, and he agree with her.';
const GERMAN_RIGHT = 'Die Kinder spielten im Garten, während ihre Eltern das Abendessen kochten.';
const both: LanguageCode[] = ['en', 'de', 'fr'];

describe('LocalChecker with languages', () => {
  it('checks each paragraph in its language: Hunspell for German and French, harper for English', async () => {
    expect((await check(GERMAN_WRONG, { languages: both })).suggestions).toEqual([
      'Spazirgang → Spaziergang',
    ]);
    expect((await check(FRENCH_WRONG, { languages: both })).suggestions).toEqual(['vraimant → vraiment']);
    expect((await check(GERMAN_RIGHT, { languages: both })).suggestions).toEqual([]);
    const english = await check(ENGLISH_WRONG, { languages: both });
    expect(english.suggestions.length).toBeGreaterThan(0);
    expect(
      english.raw.every((s) => s.rule.startsWith('local:') && !s.rule.startsWith('local:Spelling-')),
    ).toBe(true);
  }, 60_000);

  it('checks a mixed paragraph sentence by sentence', async () => {
    const english = 'I wrote to the landlord about the broken heating last week. ';
    const spanish = 'Todavía no me ha contestado y hace mucho frío en el apartamneto.';
    const { raw } = await check(english + spanish, { languages: ['en', 'es'] });
    expect(raw.map((s) => [s.original, s.replacement, s.rule])).toEqual([
      ['apartamneto', 'apartamento', 'local:Spelling-es'],
    ]);
    expect(
      await checker.languagesOf([english + spanish, GERMAN_RIGHT], settingsWith({}), 'https://example.com'),
    ).toEqual([['en', 'es'], ['de']]);
  }, 60_000);

  it('turns on a language the first time it is typed, unless the person turned it off', async () => {
    const first = await check(GERMAN_WRONG, { languages: ['en'] });
    expect(first.turnedOn).toEqual(['de']);
    expect(first.suggestions).toEqual(['Spazirgang → Spaziergang']);
    const declined = await check(GERMAN_WRONG, { languages: ['en'], languagesDeclined: ['de'] });
    expect(declined).toMatchObject({ turnedOn: [], suggestions: [] });
  }, 60_000);

  it('does not flag a word of another enabled language inside an English sentence', async () => {
    const text = 'We met for a quick Mittagessen before the long meeting.';
    const withoutGerman = await check(text, { languages: ['en'], languagesDeclined: ['de'] });
    expect(withoutGerman.raw.some((s) => s.original === 'Mittagessen')).toBe(true);
    const withGerman = await check(text, { languages: ['en', 'de'] });
    expect(withGerman.raw.some((s) => s.original === 'Mittagessen')).toBe(false);
  }, 60_000);

  it('uses the language pinned for the site, and only there', async () => {
    const short = 'Bis morgen, Spazirgang!';
    const pinned = { languages: both, siteLanguages: [{ site: 'example.com', language: 'de' as const }] };
    expect((await check(short, pinned)).suggestions).toEqual(['Spazirgang → Spaziergang']);
    expect(
      (await check(short, pinned, 'https://other.org')).raw.every((s) => s.rule !== 'local:Spelling-de'),
    ).toBe(true);
  }, 60_000);

  it('leaves the personal dictionary’s words and ignored rules alone in every language', async () => {
    expect((await check(GERMAN_WRONG, { languages: both, dictionary: ['spazirgang'] })).suggestions).toEqual(
      [],
    );
    expect(
      (await check(GERMAN_WRONG, { languages: both, ignoredRules: ['local:Spelling-de'] })).suggestions,
    ).toEqual([]);
  }, 60_000);
});
