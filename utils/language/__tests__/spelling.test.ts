import { beforeAll, describe, expect, it } from 'vitest';
import type { DictionaryLanguage } from '../languages';
import { spellingRuleId, spellingSuggestions, type Speller, type SpellContext } from '../spelling';
import { Spellers } from '../spellers';
import { readNodeDictionary } from './node-languages';

const spellers = new Spellers(readNodeDictionary);
const loaded = new Map<string, Speller>();
beforeAll(async () => {
  for (const code of ['de', 'fr', 'es', 'pt', 'it', 'nl'] as DictionaryLanguage[]) {
    loaded.set(code, (await spellers.get(code)).speller);
  }
}, 60_000);

function check(language: string, text: string, options: { others?: string[]; dictionary?: string[] } = {}) {
  const context: SpellContext = {
    language,
    speller: loaded.get(language)!,
    others: new Map((options.others ?? []).map((code) => [code, loaded.get(code)!])),
    dictionary: new Set((options.dictionary ?? []).map((w) => w.toLowerCase())),
    suggestCache: new Map(),
  };
  return spellingSuggestions(text, { start: 0, end: text.length }, context);
}
const brief = (list: ReturnType<typeof check>) => list.map((s) => `${s.original} → ${s.replacement}`);

describe('Hunspell spelling', () => {
  it('finds a German misspelling (a capitalised noun) with the right suggestion, and leaves correct German alone', () => {
    const text = 'Gestern habe ich einen langen Spazirgang durch den Wald gemacht.';
    const [s, ...rest] = check('de', text);
    expect(rest).toEqual([]);
    expect(s).toMatchObject({
      original: 'Spazirgang',
      replacement: 'Spaziergang',
      category: 'spelling',
      source: 'local',
      rule: spellingRuleId('de'),
      word: 'Spazirgang',
    });
    expect(text.slice(s!.start, s!.end)).toBe('Spazirgang');
    expect(check('de', 'Die Kinder spielten im Garten, während ihre Eltern das Abendessen kochten.')).toEqual(
      [],
    );
  });

  it('checks French, Spanish, Portuguese, Italian and Dutch', () => {
    expect(brief(check('fr', 'Nous avons vraimant aimé la promenade dans la forêt.'))).toEqual([
      'vraimant → vraiment',
    ]);
    expect(brief(check('es', 'Ayer dimos un paseo por el bosqe con los niños.'))).toEqual(['bosqe → bosque']);
    expect(brief(check('pt', 'Ontem demos tambem um passeio muito bonito pela floresta.'))).toEqual([
      'tambem → também',
    ]);
    expect(brief(check('it', 'Ieri abbiamo fatto una pasegiata nel bosco.'))).toEqual([
      'pasegiata → passeggiata',
    ]);
    expect(brief(check('nl', 'Gisteren hebben we een mooie wandling gemaakt.'))).toEqual([
      'wandling → wandeling',
    ]);
  });

  it('knows elisions and hyphenated words whole, with either apostrophe', () => {
    expect(check('fr', "Aujourd'hui l’équipe s'est réunie pour le week-end.")).toEqual([]);
    expect(check('it', "Il ristorante all'angolo serve una pasta eccellente.")).toEqual([]);
    expect(check('pt', 'Ele disse-me que o restaurante é bom.')).toEqual([]);
  });

  it('skips code words, acronyms, numbers, names inside a sentence, and the personal dictionary', () => {
    expect(check('es', 'La función parseDate usa max_retries y el archivo config.yaml del README.')).toEqual(
      [],
    );
    expect(check('es', 'Creo que Peter llega el 3er día con Xiaoling.')).toEqual([]);
    expect(
      check('fr', 'Nous utilisons Zorblax tous les jours, et zorblax aussi.', { dictionary: ['zorblax'] }),
    ).toEqual([]);
  });

  it('accepts a word another enabled language spells (a French word in a Spanish sentence)', () => {
    const text = 'Comimos en un bistrot muy pequeño cerca del río.';
    expect(check('es', text).map((s) => s.original)).toEqual(['bistrot']);
    expect(check('es', text, { others: ['fr'] })).toEqual([]);
  });

  it('flags a word Hunspell has no suggestion for, with nothing to accept', () => {
    const [s] = check('de', 'Das ist ein qxzqwvvk Beispiel.');
    expect(s).toMatchObject({ original: 'qxzqwvvk', flagOnly: true, replacement: '' });
  });
});
