import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { getSettings, updateSettings } from '../../settings';
import {
  checksum,
  decodeWords,
  encodeWords,
  mergeWords,
  staleChunkKeys,
  SYNC_CHUNK_PREFIX,
  SYNC_MAX_BYTES,
  SYNC_META_KEY,
  type WordsDocument,
} from '../word-sync';
import { syncWordsOnce, wordSyncStatusItem } from '../word-sync-service';

const doc = (words: string[], rules = ''): WordsDocument => ({ words, rules });
const keepMine = (mine: string, theirs: string) => `${mine}\n${theirs}`;

describe('encodeWords / decodeWords', () => {
  it('round-trips, in chunks each under the per-item quota (key and JSON quoting counted)', () => {
    const words = Array.from({ length: 3000 }, (_, i) => `wörd-"${i}"-${'x'.repeat(i % 17)}`);
    const encoded = encodeWords(doc(words, 'utilize => use # plain words'));
    if (!encoded.ok) throw new Error('over quota');
    expect(encoded.chunks).toBeGreaterThan(5);
    for (const [key, value] of Object.entries(encoded.items)) {
      expect(new TextEncoder().encode(key + JSON.stringify(value)).length).toBeLessThanOrEqual(8192);
    }
    expect(decodeWords(encoded.items)).toEqual(doc(words, 'utilize => use # plain words'));
  });

  it('refuses a document over the total quota, saying its size', () => {
    const encoded = encodeWords(doc(Array.from({ length: 5000 }, (_, i) => `${'long'.repeat(5)}${i}`)));
    expect(encoded.ok).toBe(false);
    expect(encoded.bytes).toBeGreaterThan(SYNC_MAX_BYTES);
  });

  it('reads nothing from a half-written or damaged copy', () => {
    const encoded = encodeWords(doc(Array.from({ length: 2000 }, (_, i) => `word${i}`)));
    if (!encoded.ok) throw new Error('over quota');
    const missing = { ...encoded.items };
    delete missing[`${SYNC_CHUNK_PREFIX}1`];
    expect(decodeWords(missing)).toBeNull();
    // Another browser's newer chunk 0 with this one's meta: the checksum tells.
    const mixed = { ...encoded.items, [`${SYNC_CHUNK_PREFIX}0`]: `{"words":["other"],"rules":""}` };
    expect(decodeWords(mixed)).toBeNull();
    expect(decodeWords({})).toBeNull();
    expect(
      decodeWords({
        [SYNC_META_KEY]: { v: 1, chunks: 1, sum: checksum('x') },
        [`${SYNC_CHUNK_PREFIX}0`]: 'x',
      }),
    ).toBeNull();
  });

  it('names the chunk keys a shorter document leaves behind', () => {
    const stored = {
      [SYNC_META_KEY]: {},
      'redline-words-0': '',
      'redline-words-1': '',
      'redline-words-2': '',
      other: 1,
    };
    expect(staleChunkKeys(stored, 1)).toEqual(['redline-words-1', 'redline-words-2']);
  });
});

describe('mergeWords', () => {
  it('keeps words added on either side and drops words removed on either side since they last agreed', () => {
    const base = doc(['alpha', 'beta', 'gamma']);
    const local = doc(['alpha', 'gamma', 'delta']); // beta removed, delta added here
    const remote = doc(['alpha', 'beta', 'epsilon']); // gamma removed, epsilon added there
    expect(mergeWords(local, remote, base, keepMine).words).toEqual(['alpha', 'delta', 'epsilon']);
  });

  it('with no common past, keeps everything from both, once in any case', () => {
    expect(mergeWords(doc(['Zorblax', 'nginx']), doc(['zorblax', 'Quuxly']), null, keepMine).words).toEqual([
      'Zorblax',
      'nginx',
      'Quuxly',
    ]);
  });

  it('rules: the side that changed wins; both changed → merged', () => {
    const base = doc([], 'a => b');
    expect(mergeWords(doc([], 'a => b'), doc([], 'c => d'), base, keepMine).rules).toBe('c => d');
    expect(mergeWords(doc([], 'x => y'), doc([], 'a => b'), base, keepMine).rules).toBe('x => y');
    expect(mergeWords(doc([], 'x => y'), doc([], 'c => d'), base, keepMine).rules).toBe('x => y\nc => d');
  });
});

describe('syncWordsOnce (fake browser storage)', () => {
  beforeEach(() => fakeBrowser.reset());

  it('does nothing until the person turns sync on', async () => {
    await updateSettings({ dictionary: ['Zorblax'] });
    await syncWordsOnce();
    expect(await fakeBrowser.storage.sync.get(null)).toEqual({});
  });

  it('writes this browser’s words, merges another browser’s, and never syncs anything else', async () => {
    await fakeBrowser.storage.local.set({ apiKey: 'sk-secret-never-synced' });
    await updateSettings({
      syncWords: true,
      dictionary: ['Zorblax'],
      styleRules: 'utilize => use',
      tone: 'formal',
    });
    await syncWordsOnce();
    const first = await fakeBrowser.storage.sync.get(null);
    expect(decodeWords(first)).toEqual(doc(['Zorblax'], 'utilize => use'));
    expect(JSON.stringify(first)).not.toMatch(/sk-secret|formal/);
    expect(await wordSyncStatusItem.getValue()).toMatchObject({ state: 'synced' });

    // Another browser removes Zorblax and adds Quuxly; here, nginx was added meanwhile.
    const other = encodeWords(doc(['Quuxly'], 'utilize => use'));
    if (!other.ok) throw new Error('over quota');
    await fakeBrowser.storage.sync.set(other.items);
    await updateSettings({ dictionary: ['Zorblax', 'nginx'] });
    await syncWordsOnce();
    expect((await getSettings()).dictionary).toEqual(['nginx', 'Quuxly']);
    expect(decodeWords(await fakeBrowser.storage.sync.get(null))).toEqual(
      doc(['nginx', 'Quuxly'], 'utilize => use'),
    );
  });

  it('says so when the words are too many for the browser’s sync, and writes nothing', async () => {
    const words = Array.from({ length: 5000 }, (_, i) => `${'long'.repeat(5)}${i}`);
    await updateSettings({ syncWords: true, dictionary: words });
    await syncWordsOnce();
    expect(await fakeBrowser.storage.sync.get(null)).toEqual({});
    expect(await wordSyncStatusItem.getValue()).toMatchObject({ state: 'too-large' });
  });
});
