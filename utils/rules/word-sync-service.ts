/**
 * The background's side of "Sync my words" (the format and the merge are word-sync.ts): on start, on
 * every change of the words or rules here (after a pause), and on every change that arrives in
 * `storage.sync` from another browser, the two are merged and both sides brought to the result.
 */
import browser from 'webextension-polyfill';
import { storage } from 'wxt/utils/storage';
import { getSettings, MAX_DICTIONARY_WORDS, updateSettings, watchSettings, type Settings } from '../settings';
import { ruleIdOf } from './style-rules';
import { mergeRuleLines } from './word-list';
import {
  decodeWords,
  encodeWords,
  mergeWords,
  sameDocument,
  staleChunkKeys,
  SYNC_META_KEY,
  type WordsDocument,
} from './word-sync';

export interface WordSyncStatus {
  state: 'synced' | 'too-large' | 'failed';
  /** Size of the document in bytes. */
  bytes: number;
  at: number;
  message?: string;
}

/** What this browser and the synced copy last agreed on (the merge's base). */
const baseItem = storage.defineItem<WordsDocument | null>('local:wordSyncBase', { fallback: null });
export const wordSyncStatusItem = storage.defineItem<WordSyncStatus | null>('local:wordSyncStatus', {
  fallback: null,
});

const documentOf = (settings: Pick<Settings, 'dictionary' | 'styleRules'>): WordsDocument => ({
  words: settings.dictionary,
  rules: settings.styleRules,
});

const mergeRules = (mine: string, theirs: string) =>
  mergeRuleLines(mine, theirs.split(/\r?\n/), ruleIdOf).text;

/** One round: merge, then write what changed on either side. */
export async function syncWordsOnce(): Promise<void> {
  const settings = await getSettings();
  if (!settings.syncWords) return;
  const local = documentOf(settings);
  const stored = await browser.storage.sync.get(null);
  const remote = decodeWords(stored);
  const base = await baseItem.getValue();
  const merged = remote ? mergeWords(local, remote, base, mergeRules) : local;
  // Never past the dictionary's cap: what does not fit stays in the synced copy only.
  merged.words = merged.words.slice(0, MAX_DICTIONARY_WORDS);
  if (!sameDocument(merged, local))
    await updateSettings({ dictionary: merged.words, styleRules: merged.rules });
  const encoded = encodeWords(merged);
  if (!encoded.ok) {
    await wordSyncStatusItem.setValue({ state: 'too-large', bytes: encoded.bytes, at: Date.now() });
    return;
  }
  if (!sameDocument(merged, remote)) {
    await browser.storage.sync.set(encoded.items);
    const stale = staleChunkKeys(stored, encoded.chunks);
    if (stale.length) await browser.storage.sync.remove(stale);
  }
  await baseItem.setValue(merged);
  await wordSyncStatusItem.setValue({ state: 'synced', bytes: encoded.bytes, at: Date.now() });
}

/** Pause after a local change before writing (the browser allows 120 sync writes a minute). */
const LOCAL_PAUSE_MS = 1000;

export function registerWordSync(): void {
  let chain: Promise<void> = Promise.resolve();
  const run = () => {
    chain = chain.then(syncWordsOnce).catch(async (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      console.warn('Redline: word sync', message);
      await wordSyncStatusItem.setValue({ state: 'failed', bytes: 0, at: Date.now(), message });
    });
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last = '';
  watchSettings((settings) => {
    const key = JSON.stringify([settings.syncWords, settings.dictionary, settings.styleRules]);
    if (!settings.syncWords || key === last) return;
    last = key;
    clearTimeout(timer);
    timer = setTimeout(run, LOCAL_PAUSE_MS);
  });
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'sync' && SYNC_META_KEY in changes) run();
  });
  run();
}
