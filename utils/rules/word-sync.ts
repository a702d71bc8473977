/**
 * "Sync my words": the personal dictionary and the style rules in `storage.sync`, so that they follow
 * the person to their other browsers without an account of Redline's. Nothing else goes there: never
 * the key, never page text, never other settings.
 *
 * The document is JSON split into chunks under the browser's per-item quota (8 KB, key included),
 * with a meta item naming how many chunks there are and a checksum, so a half-written document
 * (another browser still writing) is never read as whole. Two browsers that both changed the words
 * since they last agreed are merged three ways against that last agreed state: a word added on either
 * side is kept, a word removed on either side goes; rules changed on both sides keep this browser's
 * and add the other's lines for words that have no rule here.
 *
 * Pure: the background (word-sync-service.ts) moves the data; this file decides what it is.
 */

export const SYNC_META_KEY = 'redline-words';
export const SYNC_CHUNK_PREFIX = 'redline-words-';
/** chrome.storage.sync.QUOTA_BYTES_PER_ITEM, with room to spare. */
const ITEM_BYTES = 8000;
/** chrome.storage.sync.QUOTA_BYTES (102,400), less room for the meta item and other keys. */
export const SYNC_MAX_BYTES = 95_000;

export interface WordsDocument {
  words: string[];
  rules: string;
}

export interface SyncMeta {
  v: 1;
  chunks: number;
  /** Checksum of the whole document's JSON: the chunks read belong to one write. */
  sum: string;
}

const bytes = (text: string) => new TextEncoder().encode(text).length;

/** UTF-8 bytes of one character inside a JSON string (`"` → `\"`, controls → `\u00XX`). */
const costs = new Map<string, number>();
function jsonCost(char: string): number {
  let cost = costs.get(char);
  if (cost === undefined) {
    cost = bytes(JSON.stringify(char)) - 2;
    if (costs.size < 10_000) costs.set(char, cost);
  }
  return cost;
}

/** FNV-1a over UTF-16 code units, as hex: enough to tell two writes apart. */
export function checksum(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${text.length.toString(36)}-${hash.toString(36)}`;
}

export type Encoded =
  { ok: true; items: Record<string, unknown>; chunks: number; bytes: number } | { ok: false; bytes: number };

/** The storage.sync items for a document, or its size when it is over the quota. */
export function encodeWords(doc: WordsDocument): Encoded {
  const json = JSON.stringify({ words: doc.words, rules: doc.rules });
  const total = bytes(json);
  if (total > SYNC_MAX_BYTES) return { ok: false, bytes: total };
  const items: Record<string, unknown> = {};
  let chunk = '';
  let chunkBytes = 0;
  let index = 0;
  const flush = () => {
    items[`${SYNC_CHUNK_PREFIX}${index}`] = chunk;
    index += 1;
    chunk = '';
    chunkBytes = 0;
  };
  for (const char of json) {
    // The quota counts the key and the JSON of the value: its quotes, and each character escaped.
    const cost = jsonCost(char);
    if (chunk && bytes(`${SYNC_CHUNK_PREFIX}${index}`) + 2 + chunkBytes + cost > ITEM_BYTES) flush();
    chunk += char;
    chunkBytes += cost;
  }
  flush();
  const meta: SyncMeta = { v: 1, chunks: index, sum: checksum(json) };
  items[SYNC_META_KEY] = meta;
  return { ok: true, items, chunks: index, bytes: total };
}

/** Chunk keys a document of `chunks` chunks leaves unused from an earlier, longer one. */
export function staleChunkKeys(stored: Record<string, unknown>, chunks: number): string[] {
  return Object.keys(stored).filter((key) => {
    if (!key.startsWith(SYNC_CHUNK_PREFIX)) return false;
    const n = Number(key.slice(SYNC_CHUNK_PREFIX.length));
    return Number.isInteger(n) && n >= chunks;
  });
}

/** The document in `stored`, or null when there is none or it is incomplete or damaged. */
export function decodeWords(stored: Record<string, unknown>): WordsDocument | null {
  const meta = stored[SYNC_META_KEY] as Partial<SyncMeta> | undefined;
  if (!meta || meta.v !== 1 || !Number.isInteger(meta.chunks) || (meta.chunks ?? 0) < 1) return null;
  let json = '';
  for (let i = 0; i < (meta.chunks as number); i++) {
    const part = stored[`${SYNC_CHUNK_PREFIX}${i}`];
    if (typeof part !== 'string') return null;
    json += part;
  }
  if (checksum(json) !== meta.sum) return null;
  try {
    const doc = JSON.parse(json) as Partial<WordsDocument>;
    if (!Array.isArray(doc.words) || typeof doc.rules !== 'string') return null;
    return { words: doc.words.filter((w): w is string => typeof w === 'string'), rules: doc.rules };
  } catch {
    return null;
  }
}

/**
 * Three-way merge: `base` is what this browser and the synced copy last agreed on (null: never:
 * everything on either side is kept).
 */
export function mergeWords(
  local: WordsDocument,
  remote: WordsDocument,
  base: WordsDocument | null,
  mergeRules: (mine: string, theirs: string) => string,
): WordsDocument {
  const baseWords = new Set(base?.words ?? []);
  const localWords = new Set(local.words);
  const remoteWords = new Set(remote.words);
  const removed = new Set([
    ...[...baseWords].filter((w) => !localWords.has(w)),
    ...[...baseWords].filter((w) => !remoteWords.has(w)),
  ]);
  const words: string[] = [];
  const seen = new Set<string>();
  for (const word of [...local.words, ...remote.words]) {
    const key = word.toLowerCase();
    if (removed.has(word) || seen.has(key)) continue;
    seen.add(key);
    words.push(word);
  }
  let rules: string;
  if (local.rules === remote.rules) rules = local.rules;
  else if (base && local.rules === base.rules) rules = remote.rules;
  else if (base && remote.rules === base.rules) rules = local.rules;
  else rules = mergeRules(local.rules, remote.rules);
  return { words, rules };
}

export const sameDocument = (a: WordsDocument | null, b: WordsDocument | null): boolean =>
  a !== null &&
  b !== null &&
  a.rules === b.rules &&
  a.words.length === b.words.length &&
  a.words.every((word, i) => word === b.words[i]);
