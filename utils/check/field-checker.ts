import type { LocalCheckResult } from '../messaging';
import { diffText, mergeSuggestions, remapSuggestion, splitParagraphs, suggestionId } from '../text';
import type { ParagraphRequest, RawSuggestion, Suggestion } from './types';

/** What the badge shows. */
export type CheckStatus =
  { state: 'idle' } | { state: 'checking' } | { state: 'ready' } | { state: 'error'; message: string };

export interface FieldCheckerDeps {
  checkLocal(paragraphs: ParagraphRequest[]): Promise<LocalCheckResult>;
  /** Pause after the last keystroke before checking. */
  debounceMs: number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Paragraphs per request: a 100k field goes out in a few bounded batches, never whole at once. */
const BATCH_PARAGRAPHS = 40;

/**
 * The check loop of one field, with no DOM: text goes in (`setText`), placed suggestions come out
 * (`onUpdate`). Only paragraphs whose hash has no cached result are checked; results are cached by
 * paragraph hash, so a result lands wherever its exact paragraph still stands and nowhere else.
 * Between checks, shown suggestions are remapped through each edit and dropped if their text changed.
 */
export class FieldChecker {
  private text = '';
  private suggestions: Suggestion[] = [];
  private readonly localCache = new Map<string, RawSuggestion[]>();
  private readonly inFlight = new Set<string>();
  /** Dismissed suggestions, remapped through edits like shown ones; gone once their text changes. */
  private dismissed: Suggestion[] = [];
  private timer: unknown = null;
  private status: CheckStatus = { state: 'idle' };
  private readonly listeners = new Set<() => void>();
  private generation = 0;
  private disposed = false;

  constructor(private readonly deps: FieldCheckerDeps) {}

  getText(): string {
    return this.text;
  }

  getSuggestions(): readonly Suggestion[] {
    return this.suggestions;
  }

  getStatus(): CheckStatus {
    return this.status;
  }

  onUpdate(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The field's text changed (or is seen for the first time). Cheap: no checking happens here. */
  setText(next: string): void {
    if (this.disposed || next === this.text) return;
    const edit = diffText(this.text, next);
    this.text = next;
    const remap = (list: Suggestion[]) =>
      list.flatMap((s) => {
        const moved = remapSuggestion(s, edit, next);
        return moved ? [moved] : [];
      });
    this.suggestions = remap(this.suggestions);
    this.dismissed = remap(this.dismissed);
    this.emit();
    this.schedule();
  }

  /** Check now (first focus), without waiting for the debounce. */
  checkNow(): void {
    this.cancelTimer();
    void this.run();
  }

  dismiss(id: string): void {
    const suggestion = this.suggestions.find((s) => s.id === id);
    if (suggestion) this.dismissed.push(suggestion);
    this.suggestions = this.suggestions.filter((s) => s.id !== id);
    this.emit();
  }

  /** Settings changed (ignored rule, dictionary, dialect…): forget cached results and check again. */
  invalidate(): void {
    this.localCache.clear();
    this.generation++;
    this.inFlight.clear();
    this.checkNow();
  }

  dispose(): void {
    this.disposed = true;
    this.cancelTimer();
    this.listeners.clear();
  }

  private schedule(): void {
    this.cancelTimer();
    this.timer = this.deps.setTimeout(() => {
      this.timer = null;
      void this.run();
    }, this.deps.debounceMs);
  }

  private cancelTimer(): void {
    if (this.timer !== null) this.deps.clearTimeout(this.timer);
    this.timer = null;
  }

  private async run(): Promise<void> {
    if (this.disposed) return;
    const paragraphs = splitParagraphs(this.text);
    const missing = new Map<string, ParagraphRequest>();
    for (const p of paragraphs) {
      if (!this.localCache.has(p.hash) && !this.inFlight.has(p.hash))
        missing.set(p.hash, { hash: p.hash, text: p.text });
    }
    this.place();
    if (missing.size === 0) {
      if (this.inFlight.size === 0) this.setStatus({ state: 'ready' });
      return;
    }
    this.setStatus({ state: 'checking' });
    const batches: ParagraphRequest[][] = [];
    const all = [...missing.values()];
    for (let i = 0; i < all.length; i += BATCH_PARAGRAPHS) batches.push(all.slice(i, i + BATCH_PARAGRAPHS));
    await Promise.all(batches.map((batch) => this.checkBatch(batch)));
  }

  private async checkBatch(batch: ParagraphRequest[]): Promise<void> {
    const generation = this.generation;
    for (const p of batch) this.inFlight.add(p.hash);
    let result: LocalCheckResult;
    try {
      result = await this.deps.checkLocal(batch);
    } catch (error) {
      result = {
        ok: false,
        code: 'unavailable',
        message: error instanceof Error ? error.message : String(error),
      };
    }
    if (this.disposed || generation !== this.generation) return;
    for (const p of batch) this.inFlight.delete(p.hash);
    if (result.ok) {
      for (const r of result.results) this.localCache.set(r.hash, r.suggestions);
      this.place();
      if (this.inFlight.size === 0) this.setStatus({ state: 'ready' });
    } else if (result.code === 'disabled') {
      this.setStatus({ state: 'ready' });
    } else {
      this.setStatus({ state: 'error', message: result.message });
    }
  }

  /** Places cached results on the paragraphs that stand now; the text at each span is verified. */
  private place(): void {
    const placed: Suggestion[] = [];
    // A suggestion that still stands where it stood keeps its id (an open card stays open) even when
    // its paragraph was re-checked after an edit elsewhere in it.
    const key = (s: Pick<Suggestion, 'start' | 'end' | 'rule' | 'replacement'>) =>
      `${s.start}:${s.end}:${s.rule}:${s.replacement}`;
    const shown = new Map(this.suggestions.map((s) => [key(s), s]));
    const dismissed = new Set(this.dismissed.map(key));
    // The same paragraph text can stand twice in a field: the occurrence keeps ids unique.
    const seen = new Map<string, number>();
    for (const p of splitParagraphs(this.text)) {
      const occurrence = seen.get(p.hash) ?? 0;
      seen.set(p.hash, occurrence + 1);
      const cached = this.localCache.get(p.hash);
      if (!cached) {
        // Being re-checked: keep what was shown there (remapped through the edit) until results land.
        for (const s of this.suggestions) if (s.start >= p.start && s.end <= p.end) placed.push(s);
        continue;
      }
      for (const raw of cached) {
        const start = p.start + raw.start;
        const end = p.start + raw.end;
        if (this.text.slice(start, end) !== raw.original) continue;
        const candidate = { ...raw, start, end };
        if (dismissed.has(key(candidate))) continue;
        const previous = shown.get(key(candidate));
        if (previous && previous.original === raw.original) {
          placed.push(previous);
          continue;
        }
        const base = suggestionId(p.hash, raw.start, raw.rule, raw.replacement);
        placed.push({ ...candidate, id: occurrence ? `${base}-${occurrence}` : base });
      }
    }
    this.suggestions = mergeSuggestions([placed]);
    this.emit();
  }

  private setStatus(status: CheckStatus): void {
    this.status = status;
    this.emit();
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}
