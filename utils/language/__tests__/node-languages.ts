/** The real detector and Hunspell spellers for Node tests: dictionaries read from node_modules. */
import { readFile } from 'node:fs/promises';
import { loadDetector } from '../detector';
import type { LanguageDeps } from '../language-checks';
import { Spellers } from '../spellers';

export const readNodeDictionary = async (language: string) => {
  const dir = `${process.cwd()}/node_modules/dictionary-${language}`;
  const [aff, dic] = await Promise.all([readFile(`${dir}/index.aff`), readFile(`${dir}/index.dic`)]);
  return { aff: new Uint8Array(aff), dic: new Uint8Array(dic) };
};

export function nodeLanguages(): LanguageDeps {
  return { detect: loadDetector, spellers: new Spellers(readNodeDictionary) };
}
