/**
 * Hunspell spellers (hunspell-asm: Hunspell 1.7 compiled to wasm), one per language, built the
 * first time a language is needed and kept. Measured in Node against nspell on the same
 * dictionaries (closing note of issue 11): hunspell-asm loads German in ≈ 0.24 s / 23 MB where
 * nspell takes 1.9 s / 95 MB and misses German compounds, and French in ≈ 0.27 s / 25 MB where
 * nspell takes 6.1 s / 594 MB; Portuguese and Italian did not load in nspell within two minutes.
 */
import type { DictionaryLanguage } from './languages';
import type { Speller } from './spelling';

/** A language's .aff and .dic file contents (fetched from the build, or read from node_modules in tests). */
export type ReadDictionary = (language: DictionaryLanguage) => Promise<{ aff: Uint8Array; dic: Uint8Array }>;

interface HunspellFactory {
  mountBuffer(contents: ArrayBufferView, fileName?: string): string;
  unmount(path: string): void;
  create(affPath: string, dicPath: string): Speller & { dispose(): void };
}

export interface LoadedSpeller {
  speller: Speller;
  /** Milliseconds from asking to ready (file read + Hunspell's parse). */
  loadMs: number;
}

export class Spellers {
  readonly #read: ReadDictionary;
  #factory: Promise<HunspellFactory> | null = null;
  readonly #spellers = new Map<DictionaryLanguage, Promise<LoadedSpeller>>();

  constructor(read: ReadDictionary) {
    this.#read = read;
  }

  /** The speller for `language`, loading it on first use; a failed load is retried next time. */
  get(language: DictionaryLanguage): Promise<LoadedSpeller> {
    let loading = this.#spellers.get(language);
    if (!loading) {
      loading = this.#load(language);
      this.#spellers.set(language, loading);
      loading.catch(() => this.#spellers.delete(language));
    }
    return loading;
  }

  /** Languages whose speller is ready or loading. */
  loaded(): DictionaryLanguage[] {
    return [...this.#spellers.keys()];
  }

  async #load(language: DictionaryLanguage): Promise<LoadedSpeller> {
    const started = performance.now();
    this.#factory ??= import('hunspell-asm').then(
      ({ loadModule }) => loadModule() as Promise<HunspellFactory>,
    );
    this.#factory.catch(() => (this.#factory = null));
    const [factory, files] = await Promise.all([this.#factory, this.#read(language)]);
    const aff = factory.mountBuffer(files.aff, `${language}.aff`);
    const dic = factory.mountBuffer(files.dic, `${language}.dic`);
    try {
      const speller = factory.create(aff, dic);
      return { speller, loadMs: performance.now() - started };
    } finally {
      // Hunspell has read both files into its own tables: the copies in wasm memory can go.
      factory.unmount(aff);
      factory.unmount(dic);
    }
  }
}
