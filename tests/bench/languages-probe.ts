/**
 * `npm run bench`'s language rows, for one language per process (so memory is that language's):
 * the same code the local-check host runs (utils/language: eld, hunspell-asm over the dictionaries
 * the build ships; harper.js for English), in Node. Prints one JSON line.
 *   node --expose-gc probe.mjs <code> <samples.tsv>
 */
import { readFileSync } from 'node:fs';
import { loadDetector } from '../../utils/language/detector';
import { Spellers } from '../../utils/language/spellers';
import { spellingSuggestions } from '../../utils/language/spelling';
import { readNodeDictionary } from '../../utils/language/__tests__/node-languages';
import type { DictionaryLanguage } from '../../utils/language/languages';

const [code = 'de', samplesPath = ''] = process.argv.slice(2);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const rss = () => {
  gc();
  return process.memoryUsage().rss;
};
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

/** 100 words of the language from the labelled set (sentences repeated as needed). */
function hundredWords(): string {
  const sentences = readFileSync(samplesPath, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith(`${code}\t`))
    .map((line) => line.split('\t')[1] as string);
  const words: string[] = [];
  for (let i = 0; words.length < 100; i++)
    words.push(...(sentences[i % sentences.length] as string).split(' '));
  return words.slice(0, 100).join(' ');
}

async function timeRuns(run: () => unknown | Promise<unknown>, runs = 20): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return median(times);
}

async function main() {
  const before = rss();
  let started = performance.now();
  if (code === 'detect') {
    const detect = await loadDetector();
    const loadMs = performance.now() - started;
    const memoryMB = (rss() - before) / 1e6;
    const paragraphs = readFileSync(samplesPath, 'utf8')
      .split('\n')
      .filter((l) => /^[a-z]{2}\t/.test(l));
    const perSentenceMs =
      (await timeRuns(() => paragraphs.forEach((line) => detect(line.split('\t')[1] as string)), 10)) /
      paragraphs.length;
    return { code, loadMs, memoryMB, check100Ms: null, suggestMs: null, perSentenceMs };
  }
  const text = hundredWords();
  if (code === 'en') {
    const { LocalLinter } = await import('harper.js');
    const { binary } = await import('harper.js/binary');
    const linter = new LocalLinter({ binary });
    await linter.setup();
    const loadMs = performance.now() - started;
    const memoryMB = (rss() - before) / 1e6;
    // Harper caches nothing across texts of different content: vary one character per run.
    let n = 0;
    const check100Ms = await timeRuns(() => linter.lint(`${text} ${n++}`, { language: 'plaintext' }));
    return { code, loadMs, memoryMB, check100Ms, suggestMs: null };
  }
  const spellers = new Spellers(readNodeDictionary);
  started = performance.now();
  const { speller } = await spellers.get(code as DictionaryLanguage);
  const loadMs = performance.now() - started;
  const memoryMB = (rss() - before) / 1e6;
  const context = {
    language: code,
    speller,
    others: new Map(),
    dictionary: new Set<string>(),
    suggestCache: new Map<string, string[]>(),
  };
  const check100Ms = await timeRuns(() => spellingSuggestions(text, { start: 0, end: text.length }, context));
  // One unknown word's suggestions (Hunspell's slow path; cached per word after the first time).
  const suggestMs = await timeRuns(() => speller.suggest(`${text.split(' ')[5]}x`), 5);
  return { code, loadMs, memoryMB, check100Ms, suggestMs };
}

void main().then((result) => console.log(JSON.stringify(result)));
