import type { LlmCheckResult, LocalCheckResult } from '../messaging';
import type { TextEdit } from '../text';
import {
  diffText,
  looksEnglish,
  mergeSuggestions,
  remapSuggestion,
  splitParagraphs,
  suggestionId,
  type Paragraph,
} from '../text';
import type { CheckerSource, ParagraphRequest, RawSuggestion, Suggestion } from '../text/types';

/** What the badge shows. */
export type CheckStatus =
  { state: 'idle' } | { state: 'checking' } | { state: 'ready' } | { state: 'error'; message: string };

/** The model checker's state, shown next to the count: on, off (local checks only), or failing. */
export type ModelState =
  | { state: 'on' }
  | { state: 'off'; message: string }
  | { state: 'error'; message: string; code: string; retrying: boolean };

/** An LLM check in flight: its result, and a way to abort it (the server sees the connection close). */
export interface LlmRequest {
  result: Promise<LlmCheckResult>;
  cancel(): void;
}

export interface FieldCheckerDeps {
  checkLocal(paragraphs: ParagraphRequest[]): Promise<LocalCheckResult>;
  /** Absent: local checks only. */
  checkLlm?(paragraphs: ParagraphRequest[]): LlmRequest;
  /** Where the caret is: the model checks the paragraph being written first. */
  caretOffset?(): number | null;
  /** Pause after the last keystroke before checking. */
  debounceMs: number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now?(): number;
}

/** Paragraphs per local request: a 100k field goes out in a few bounded batches, never whole at once. */
const BATCH_PARAGRAPHS = 40;
/** An LLM request carries a few paragraphs, up to this many characters (≈ 600 tokens). */
const LLM_BATCH_CHARS = 2500;
const LLM_BATCH_PARAGRAPHS = 8;
/** LLM requests one field may have in flight; the rest wait their turn. */
const LLM_MAX_IN_FLIGHT = 2;
/** Paragraphs shorter than this (a greeting, a signature) are not worth a model request. */
const LLM_MIN_CHARS = 8;
/** Back-off after a failed model request: 1 s, 2 s, 4 s… up to a minute. */
const RETRY_BASE_MS = 1000;
const RETRY_MAX_MS = 60_000;
/** Failures that only the person can fix (key, model, URL): no retry until the settings change. */
const NEEDS_SETTINGS = new Set([
  'unauthorized',
  'forbidden',
  'origin-refused',
  'model-not-found',
  'not-found',
  'bad-request',
  'no-model',
  'bad-url',
]);

interface InFlightLlm {
  request: LlmRequest;
  /** The paragraphs sent, tracked through edits; null once an edit touched one. */
  spans: ({ start: number; end: number } | null)[];
  hashes: string[];
  cancelled: boolean;
}

/**
 * The check loop of one field, with no DOM: text goes in (`setText`), placed suggestions come out
 * (`onUpdate`). Two checkers, the local one and the model, each with results cached by paragraph
 * hash: only paragraphs with no cached result are checked, and a result lands wherever its exact
 * paragraph still stands and nowhere else. Between checks, shown suggestions are remapped through
 * each edit and dropped if their text changed; a model request whose paragraphs all changed is aborted.
 */
export class FieldChecker {
  private text = '';
  private suggestions: Suggestion[] = [];
  private readonly cache: Record<CheckerSource, Map<string, RawSuggestion[]>> = {
    local: new Map(),
    llm: new Map(),
  };
  private readonly localInFlight = new Set<string>();
  private llmInFlight: InFlightLlm[] = [];
  /** Dismissed suggestions, remapped through edits like shown ones; gone once their text changes. */
  private dismissed: Suggestion[] = [];
  private timer: unknown = null;
  private retryTimer: unknown = null;
  private status: CheckStatus = { state: 'idle' };
  /** The local checker's last failure (cleared by its next success). */
  private localError: string | null = null;
  private model: ModelState;
  private llmFailures = 0;
  /** No model request before this time (429 `retry-after`, back-off after a failure). */
  private llmBlockedUntil = 0;
  private readonly listeners = new Set<() => void>();
  private generation = 0;
  private disposed = false;

  constructor(private readonly deps: FieldCheckerDeps) {
    this.model = deps.checkLlm ? { state: 'on' } : { state: 'off', message: '' };
  }

  getText(): string {
    return this.text;
  }

  getSuggestions(): readonly Suggestion[] {
    return this.suggestions;
  }

  getStatus(): CheckStatus {
    return this.status;
  }

  getModelState(): ModelState {
    return this.model;
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
    this.abortSuperseded(edit);
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

  /** Settings changed (ignored rule, dictionary, tone, model, key…): forget results and check again. */
  invalidate(): void {
    this.cache.local.clear();
    this.cache.llm.clear();
    this.generation++;
    this.localInFlight.clear();
    for (const flight of this.llmInFlight) this.cancelFlight(flight);
    this.llmInFlight = [];
    this.model = this.deps.checkLlm ? { state: 'on' } : this.model;
    this.llmFailures = 0;
    this.llmBlockedUntil = 0;
    this.cancelRetry();
    // What the model said under the old settings (tone, categories) no longer holds.
    this.suggestions = this.suggestions.filter((s) => s.source === 'local');
    this.checkNow();
  }

  dispose(): void {
    this.disposed = true;
    this.cancelTimer();
    this.cancelRetry();
    for (const flight of this.llmInFlight) this.cancelFlight(flight);
    this.llmInFlight = [];
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

  private cancelRetry(): void {
    if (this.retryTimer !== null) this.deps.clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  private async run(): Promise<void> {
    if (this.disposed) return;
    const paragraphs = splitParagraphs(this.text);
    this.place(paragraphs);
    const local = this.runLocal(paragraphs);
    this.runLlm(paragraphs);
    this.updateStatus();
    await local;
  }

  private async runLocal(paragraphs: Paragraph[]): Promise<void> {
    const missing = new Map<string, ParagraphRequest>();
    for (const p of paragraphs) {
      if (this.cache.local.has(p.hash) || this.localInFlight.has(p.hash)) continue;
      // The local checker knows English only: other languages are left to the model.
      if (!looksEnglish(p.text)) this.cache.local.set(p.hash, []);
      else missing.set(p.hash, { hash: p.hash, text: p.text });
    }
    if (missing.size === 0) return;
    const all = [...missing.values()];
    const batches: ParagraphRequest[][] = [];
    for (let i = 0; i < all.length; i += BATCH_PARAGRAPHS) batches.push(all.slice(i, i + BATCH_PARAGRAPHS));
    await Promise.all(batches.map((batch) => this.checkLocalBatch(batch)));
  }

  private async checkLocalBatch(batch: ParagraphRequest[]): Promise<void> {
    const generation = this.generation;
    for (const p of batch) this.localInFlight.add(p.hash);
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
    for (const p of batch) this.localInFlight.delete(p.hash);
    if (result.ok) {
      this.localError = null;
      for (const r of result.results) this.cache.local.set(r.hash, r.suggestions);
      this.place();
    } else if (result.code === 'disabled') {
      this.localError = null;
    } else {
      this.localError = result.message;
    }
    this.updateStatus();
  }

  /** Starts model requests for paragraphs with no result yet, nearest the caret first. */
  private runLlm(paragraphs: Paragraph[]): void {
    const check = this.deps.checkLlm;
    if (!check || this.model.state === 'off') return;
    if (this.model.state === 'error' && !this.model.retrying) return;
    const now = this.now();
    if (now < this.llmBlockedUntil) {
      this.scheduleRetry(this.llmBlockedUntil - now);
      return;
    }
    const sending = new Set(this.llmInFlight.flatMap((f) => f.hashes));
    const todo = paragraphs.filter((p) => {
      if (this.cache.llm.has(p.hash) || sending.has(p.hash)) return false;
      if (p.text.trim().length < LLM_MIN_CHARS) {
        this.cache.llm.set(p.hash, []);
        return false;
      }
      sending.add(p.hash);
      return true;
    });
    const caret = this.deps.caretOffset?.() ?? null;
    if (caret !== null) todo.sort((a, b) => distanceTo(a, caret) - distanceTo(b, caret));
    while (todo.length && this.llmInFlight.length < LLM_MAX_IN_FLIGHT) {
      const batch: Paragraph[] = [];
      let chars = 0;
      while (todo.length && batch.length < LLM_BATCH_PARAGRAPHS) {
        const next = todo[0] as Paragraph;
        if (batch.length && chars + next.text.length > LLM_BATCH_CHARS) break;
        batch.push(next);
        chars += next.text.length;
        todo.shift();
      }
      batch.sort((a, b) => a.start - b.start);
      this.sendLlm(check, batch);
    }
  }

  private sendLlm(check: NonNullable<FieldCheckerDeps['checkLlm']>, batch: Paragraph[]): void {
    const generation = this.generation;
    const request = check(batch.map((p) => ({ hash: p.hash, text: p.text })));
    const flight: InFlightLlm = {
      request,
      spans: batch.map((p) => ({ start: p.start, end: p.end })),
      hashes: batch.map((p) => p.hash),
      cancelled: false,
    };
    this.llmInFlight.push(flight);
    void request.result
      .catch((error: unknown): LlmCheckResult => ({
        ok: false,
        code: 'unknown',
        message: error instanceof Error ? error.message : String(error),
      }))
      .then((result) => this.onLlmResult(flight, result, generation));
  }

  private onLlmResult(flight: InFlightLlm, result: LlmCheckResult, generation: number): void {
    this.llmInFlight = this.llmInFlight.filter((f) => f !== flight);
    if (this.disposed || flight.cancelled || generation !== this.generation) return;
    if (result.ok) {
      for (const r of result.results) this.cache.llm.set(r.hash, r.suggestions);
      this.llmFailures = 0;
      this.model = { state: 'on' };
      this.place();
    } else if (result.code === 'aborted') {
      // Superseded; the paragraphs that still stand are sent again below.
    } else if (result.off) {
      this.model = { state: 'off', message: result.message };
      this.suggestions = this.suggestions.filter((s) => s.source === 'local');
    } else {
      const retrying = !NEEDS_SETTINGS.has(result.code);
      this.model = { state: 'error', message: result.message, code: result.code, retrying };
      if (retrying) {
        const backoff = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** this.llmFailures);
        const wait =
          result.retryAfter !== undefined ? Math.min(RETRY_MAX_MS, result.retryAfter * 1000) : backoff;
        this.llmFailures++;
        this.llmBlockedUntil = this.now() + wait;
      }
    }
    // More paragraphs may be waiting for a free slot (or for the retry).
    this.runLlm(splitParagraphs(this.text));
    this.updateStatus();
  }

  private scheduleRetry(ms: number): void {
    if (this.retryTimer !== null) return;
    this.retryTimer = this.deps.setTimeout(() => {
      this.retryTimer = null;
      void this.run();
    }, ms);
  }

  /** A model request none of whose paragraphs still stands is aborted at once, not when it answers. */
  private abortSuperseded(edit: TextEdit): void {
    if (this.llmInFlight.length === 0) return;
    const delta = edit.inserted - edit.removed;
    for (const flight of this.llmInFlight) {
      flight.spans = flight.spans.map((span) => {
        if (!span) return null;
        // Touching a paragraph anywhere, even typing right after its last character, changes it.
        if (edit.start <= span.end && edit.start + edit.removed >= span.start) return null;
        return edit.start > span.end ? span : { start: span.start + delta, end: span.end + delta };
      });
      if (flight.spans.every((span) => span === null)) this.cancelFlight(flight);
    }
    this.llmInFlight = this.llmInFlight.filter((f) => !f.cancelled);
  }

  private cancelFlight(flight: InFlightLlm): void {
    flight.cancelled = true;
    flight.request.cancel();
  }

  /** Places cached results on the paragraphs that stand now; the text at each span is verified. */
  private place(paragraphs: Paragraph[] = splitParagraphs(this.text)): void {
    // A suggestion that still stands where it stood keeps its id (an open card stays open) even when
    // its paragraph was re-checked after an edit elsewhere in it.
    const key = (s: Pick<Suggestion, 'start' | 'end' | 'rule' | 'replacement'>) =>
      `${s.start}:${s.end}:${s.rule}:${s.replacement}`;
    const shown = new Map(this.suggestions.map((s) => [key(s), s]));
    const dismissed = new Set(this.dismissed.map(key));
    const placed: Record<CheckerSource, Suggestion[]> = { local: [], llm: [] };
    const modelOn = this.model.state !== 'off';
    // The same paragraph text can stand twice in a field: the occurrence keeps ids unique.
    const seen = new Map<string, number>();
    for (const p of paragraphs) {
      const occurrence = seen.get(p.hash) ?? 0;
      seen.set(p.hash, occurrence + 1);
      for (const source of ['local', 'llm'] as const) {
        if (source === 'llm' && !modelOn) continue;
        const cached = this.cache[source].get(p.hash);
        if (!cached) {
          // Being re-checked: keep what was shown there (remapped through the edit) until results land.
          for (const s of this.suggestions)
            if (s.source === source && s.start >= p.start && s.end <= p.end) placed[source].push(s);
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
            placed[source].push(previous);
            continue;
          }
          const base = suggestionId(p.hash, raw.start, raw.rule, raw.replacement);
          placed[source].push({ ...candidate, id: occurrence ? `${base}-${occurrence}` : base });
        }
      }
    }
    this.suggestions = mergeSuggestions([placed.local, placed.llm]);
    this.emit();
  }

  private updateStatus(): void {
    if (this.localInFlight.size > 0 || this.llmInFlight.length > 0) this.setStatus({ state: 'checking' });
    else if (this.localError !== null) this.setStatus({ state: 'error', message: this.localError });
    else this.setStatus({ state: 'ready' });
  }

  private setStatus(status: CheckStatus): void {
    this.status = status;
    this.emit();
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}

function distanceTo(p: Paragraph, offset: number): number {
  if (offset >= p.start && offset <= p.end) return 0;
  return Math.min(Math.abs(offset - p.start), Math.abs(offset - p.end));
}
