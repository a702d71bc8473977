/**
 * LLM check results by (site, paragraph text, endpoint, model, tone, dialect, categories, UI
 * language, prompt version): unchanged text is never sent twice. Held in memory and mirrored to
 * `storage.session`, so the service worker's idle stops do not cost a new round of requests,
 * and gone when the browser closes (checked text is not kept on disk).
 *
 * Keyed per site, by SHA-256: a page must not learn by timing whether an exact paragraph was
 * checked on another site, and a key reveals nothing of its text.
 */
import type { RawSuggestion } from '../text/types';
import { LruCache } from '../local-check/lru-cache';

/** ≈ 600 paragraphs of results: a few long documents. */
const MAX_ENTRIES = 600;
const PERSIST_DELAY_MS = 1000;
/** v2: SHA-256 keys per site (v1 keys are not read). */
const SESSION_KEY = 'llmCheckCache2';

export interface SessionArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

type Stored = [key: string, suggestions: RawSuggestion[]][];

export class CheckCache {
  private readonly entries = new LruCache<string, RawSuggestion[]>(MAX_ENTRIES);
  private loaded: Promise<void> | null = null;
  private persistTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly session: SessionArea | undefined) {}

  /**
   * `site` is the origin that asked; `scope` names everything else but the text that shapes a
   * result. The text's own hash is computed here: a page cannot file a result under another text's key.
   */
  static async key(site: string, scope: string, text: string): Promise<string> {
    const bytes = new TextEncoder().encode(`${site}\u0000${scope}\u0000${text}`);
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
    return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
  }

  async get(key: string): Promise<RawSuggestion[] | undefined> {
    await this.load();
    return this.entries.get(key);
  }

  async set(key: string, suggestions: RawSuggestion[]): Promise<void> {
    await this.load();
    this.entries.set(key, suggestions);
    this.schedulePersist();
  }

  private load(): Promise<void> {
    this.loaded ??= (async () => {
      if (!this.session) return;
      try {
        const stored = (await this.session.get(SESSION_KEY))[SESSION_KEY] as Stored | undefined;
        if (!Array.isArray(stored)) return;
        for (const entry of stored) {
          if (Array.isArray(entry) && typeof entry[0] === 'string' && Array.isArray(entry[1]))
            this.entries.set(entry[0], entry[1]);
        }
      } catch {
        // A cache that cannot be read is an empty cache.
      }
    })();
    return this.loaded;
  }

  private schedulePersist(): void {
    if (!this.session || this.persistTimer) return;
    this.persistTimer = setTimeout(() => {
      this.persistTimer = null;
      const snapshot: Stored = [];
      this.entries.forEach((value, key) => snapshot.push([key, value]));
      void this.session?.set({ [SESSION_KEY]: snapshot }).catch(() => undefined);
    }, PERSIST_DELAY_MS);
  }
}
