import type { CheckResult } from '../messaging/protocol';
import type { TextEdit } from '../text';
import {
  diffText,
  mergeSuggestions,
  remapSpan,
  remapSuggestion,
  splitParagraphs,
  suggestionId,
  type Paragraph,
} from '../text';
import type {
  CheckerSource,
  ParagraphRequest,
  ParagraphResult,
  RawSuggestion,
  Span,
  Suggestion,
} from '../text/types';

/** What the badge shows. */
export type CheckStatus =
  { state: 'idle' } | { state: 'checking' } | { state: 'ready' } | { state: 'error'; message: string };

/** The model checker's state, shown next to the count: on, off (local checks only, and why), or failing. */
export type ModelState =
  | { state: 'on' }
  | { state: 'off'; message: string }
  | { state: 'error'; message: string; code: string; retrying: boolean };

/** A check in flight: its result, and a way to abort it (the background drops it; the server sees the close). */
export interface CheckCall {
  result: Promise<CheckResult>;
  cancel(): void;
}

/** Which checkers may run now (see `FieldCheckerDeps.gate`). */
export interface CheckGate {
  local: boolean;
  model: boolean;
}

export interface FieldCheckerDeps {
  checkLocal(paragraphs: ParagraphRequest[]): CheckCall;
  /**
   * Absent: local checks only. `onPartial` hears the suggestions complete so far while the reply
   * streams (per paragraph sent, all of them each time); the call's result is the answer.
   */
  checkLlm?(paragraphs: ParagraphRequest[], onPartial?: (results: ParagraphResult[]) => void): CheckCall;
  /**
   * Asked before every check: whether the field may be checked at all (it is still eligible and
   * visible) and whether its text may go to the model (a person wrote it). Absent: both.
   */
  gate?(): CheckGate;
  /** Where the caret is: the model checks the paragraph being written first. */
  caretOffset?(): number | null;
  /** Pause after the last keystroke before checking. */
  debounceMs: number;
  setTimeout(callback: () => void, ms: number): unknown;
  /**
   * Runs `callback` before the next frame (requestAnimationFrame in a page): the check at a word's
   * end reads the field's geometry (is it visible?) there, where the frame lays the page out anyway,
   * not in the input handler. Absent: at once.
   */
  nextFrame?(callback: () => void): void;
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
/**
 * Back-off after a failed request: 1 s, 2 s, 4 s… up to a minute. Never less than a second, whatever
 * a server's `retry-after` says (0 included), and a lost connection counts as a failure: neither can
 * turn into a tight loop of requests.
 */
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
  'not-granted',
]);
const LOST_MESSAGE = 'Redline’s background is not answering. Trying again shortly.';

interface InFlight {
  source: CheckerSource;
  call: CheckCall;
  /** The paragraphs sent, tracked through edits; null once an edit touched one. */
  spans: ({ start: number; end: number } | null)[];
  hashes: string[];
  cancelled: boolean;
}

/** Failures of one checker in a row, and no request before `blockedUntil`. */
interface Backoff {
  failures: number;
  blockedUntil: number;
}

const messageOf = (status: CheckStatus): string | undefined =>
  status.state === 'error' ? status.message : undefined;

/** What changed when a checker's listeners are called: the text, the suggestions, or only the status. */
export type UpdateCause = 'text' | 'results' | 'status';

/**
 * Whether `edit` (turning some text into `next`) ended a word: it inserted a space, a line break or
 * clause punctuation, or several characters at once (a paste, an autocompletion, a dictation).
 * Typing a letter or deleting does not: that word may still be in the making.
 */
/** What ends a word: white space and clause punctuation; not an apostrophe or a hyphen (don't, e-mail). */
const WORD_END = /[\s.,;:!?…)\]}"“”«»]/u;

export function endsWord(next: string, edit: TextEdit): boolean {
  if (edit.inserted === 0) return false;
  if (edit.inserted > 1) return true;
  return WORD_END.test(next.charAt(edit.start));
}

/**
 * The check loop of one field, with no DOM: text goes in (`setText`), placed suggestions come out
 * (`onUpdate`). Two checkers, the local one and the model, each with results cached by paragraph
 * hash: only paragraphs with no cached result are checked, and a result lands wherever its exact
 * paragraph still stands and nowhere else. Between checks, shown suggestions are remapped through
 * each edit and dropped if their text changed; a request whose paragraphs all changed is aborted.
 */
export class FieldChecker {
  private text = '';
  private suggestions: Suggestion[] = [];
  private readonly cache: Record<CheckerSource, Map<string, RawSuggestion[]>> = {
    local: new Map(),
    llm: new Map(),
  };
  private inFlight: InFlight[] = [];
  /** Dismissed suggestions, remapped through edits like shown ones; gone once their text changes. */
  private dismissed: Suggestion[] = [];
  /** The suggestion whose card is open: it wins every collision while its text stands. */
  private pinned: string | null = null;
  private timer: unknown = null;
  private retryTimer: unknown = null;
  private status: CheckStatus = { state: 'idle' };
  /** The local checker's last failure (cleared by its next success). */
  private localError: string | null = null;
  /** The local checker is switched off in settings: not an error. */
  private localOff = false;
  private model: ModelState;
  private readonly backoff: Record<CheckerSource, Backoff> = {
    local: { failures: 0, blockedUntil: 0 },
    llm: { failures: 0, blockedUntil: 0 },
  };
  private readonly listeners = new Set<(cause: UpdateCause) => void>();
  private generation = 0;
  private disposed = false;
  /** Model suggestions of paragraphs whose reply is still streaming, by paragraph hash. */
  private readonly early = new Map<string, RawSuggestion[]>();
  /** Set by `endWord`: the next change counts as the end of a word. */
  private wordEnded = false;
  /** Where a local check waits for the next frame (`checkLocalSoon`), in the current text. */
  private localSoon: Span | null = null;
  private frameAsked = false;

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

  /** `listener` hears every change, and what it was (`UpdateCause`). */
  onUpdate(listener: (cause: UpdateCause) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The field's text changed (or is seen for the first time). Cheap: the checks wait for the pause,
   * except the local one when the change ended a word (`endsWord`): that one goes at once.
   */
  setText(next: string): void {
    if (this.disposed || next === this.text) return;
    const edit = diffText(this.text, next);
    const boundary = this.wordEnded || endsWord(next, edit);
    const changed = { start: edit.start, end: edit.start + edit.inserted };
    this.wordEnded = false;
    this.text = next;
    const remap = (list: Suggestion[]) =>
      list.flatMap((s) => {
        const moved = remapSuggestion(s, edit, next);
        return moved ? [moved] : [];
      });
    this.suggestions = remap(this.suggestions);
    this.dismissed = remap(this.dismissed);
    this.abortSuperseded(edit);
    this.emit('text');
    this.schedule();
    // A word begun since the last one ended: no check before it ends too (nothing half-typed is checked).
    if (this.localSoon) this.localSoon = boundary ? (remapSpan(this.localSoon, edit) ?? changed) : null;
    if (boundary) this.checkLocalSoon(changed);
  }

  /** The lines of `changed` get a local check before the next frame (one per frame, spans merged). */
  private checkLocalSoon(changed: Span): void {
    const pending = this.localSoon;
    this.localSoon = pending
      ? { start: Math.min(pending.start, changed.start), end: Math.max(pending.end, changed.end) }
      : changed;
    if (this.frameAsked) return;
    this.frameAsked = true;
    const run = () => {
      this.frameAsked = false;
      const span = this.localSoon;
      this.localSoon = null;
      if (span && !this.disposed) this.runLocalNow(span);
    };
    if (this.deps.nextFrame) this.deps.nextFrame(run);
    else run();
  }

  /**
   * An accepted suggestion ended a word, whatever it inserted: the local checker looks at once, and
   * again at the next change if the field reports the edit later (rich editors draw it a moment after).
   */
  endWord(): void {
    this.wordEnded = true;
    this.checkLocalSoon({ start: 0, end: this.text.length });
  }

  /**
   * An accept the field refused and took back: the suggestion stands again where its text stands
   * again, with its id, so the card saying why stays on it (found again by a check, it would get the
   * id of its paragraph's current text, and the card would lose it).
   */
  reinstate(suggestion: Suggestion): void {
    if (this.disposed || this.text.slice(suggestion.start, suggestion.end) !== suggestion.original) return;
    if (this.suggestions.some((s) => s.id === suggestion.id)) return;
    this.suggestions = mergeSuggestions([this.suggestions, [suggestion]], suggestion.id);
    this.emit('results');
  }

  /** Check now (first focus, a person's first touch), without waiting for the debounce. */
  checkNow(): void {
    this.cancelTimer();
    this.run();
  }

  dismiss(id: string): void {
    const suggestion = this.suggestions.find((s) => s.id === id);
    if (suggestion) this.dismissed.push(suggestion);
    this.suggestions = this.suggestions.filter((s) => s.id !== id);
    this.emit();
  }

  /** Keeps `id` (an open card) in place through every check that lands, while its text stands. */
  pin(id: string | null): void {
    this.pinned = id;
  }

  /** Settings changed (ignored rule, dictionary, tone, model, key…): forget results and check again. */
  invalidate(): void {
    this.cache.local.clear();
    this.cache.llm.clear();
    this.early.clear();
    this.generation++;
    for (const flight of this.inFlight) this.cancelFlight(flight);
    this.inFlight = [];
    this.model = this.deps.checkLlm ? { state: 'on' } : this.model;
    this.localOff = false;
    this.backoff.local = { failures: 0, blockedUntil: 0 };
    this.backoff.llm = { failures: 0, blockedUntil: 0 };
    this.cancelRetry();
    // What the model said under the old settings (tone, categories) no longer holds.
    this.suggestions = this.suggestions.filter((s) => s.source === 'local');
    this.checkNow();
  }

  dispose(): void {
    this.disposed = true;
    this.cancelTimer();
    this.cancelRetry();
    for (const flight of this.inFlight) this.cancelFlight(flight);
    this.inFlight = [];
    this.listeners.clear();
  }

  private schedule(): void {
    this.cancelTimer();
    this.timer = this.deps.setTimeout(() => {
      this.timer = null;
      this.run();
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

  /**
   * A word just ended: the local checker sees the changed paragraphs now; the model still waits for
   * the pause (its timer runs on). The word under the caret is never checked half-typed: this runs
   * only once it has ended.
   */
  private runLocalNow(changed: Span): void {
    const gate = this.deps.gate?.() ?? { local: true, model: true };
    if (!gate.local) return;
    // Only the lines the change touched: a keystroke in a 100k field does not split or hash the rest
    // (lines are split on their own, so their paragraphs are the whole text's).
    const from = this.text.lastIndexOf('\n', changed.start - 1) + 1;
    const next = this.text.indexOf('\n', changed.end);
    const to = next === -1 ? this.text.length : next;
    const paragraphs = splitParagraphs(this.text.slice(from, to)).map((p) => ({
      ...p,
      start: p.start + from,
      end: p.end + from,
    }));
    // No "Checking…" flash in the badge for a check that takes a few milliseconds.
    this.runLocal(paragraphs);
  }

  private run(): void {
    if (this.disposed) return;
    const gate = this.deps.gate?.() ?? { local: true, model: true };
    const paragraphs = splitParagraphs(this.text);
    this.place(paragraphs);
    if (gate.local) {
      this.runLocal(paragraphs);
      if (gate.model) this.runLlm(paragraphs);
    }
    this.updateStatus();
  }

  /** Which of `source`'s paragraphs have no result and no request yet. */
  private missing(source: CheckerSource, paragraphs: Paragraph[]): Paragraph[] {
    const sending = new Set(this.inFlight.filter((f) => f.source === source).flatMap((f) => f.hashes));
    const seen = new Set<string>();
    return paragraphs.filter((p) => {
      if (this.cache[source].has(p.hash) || sending.has(p.hash) || seen.has(p.hash)) return false;
      seen.add(p.hash);
      return true;
    });
  }

  /** True when `source` may send now; otherwise a retry is scheduled for when it may. */
  private mayRequest(source: CheckerSource): boolean {
    const wait = this.backoff[source].blockedUntil - this.now();
    if (wait <= 0) return true;
    this.scheduleRetry(wait);
    return false;
  }

  private runLocal(paragraphs: Paragraph[]): void {
    if (this.localOff || !this.mayRequest('local')) return;
    // Every paragraph goes: the local checker's host finds its languages (utils/language).
    const todo = this.missing('local', paragraphs);
    for (let i = 0; i < todo.length; i += BATCH_PARAGRAPHS) {
      this.send('local', this.deps.checkLocal, todo.slice(i, i + BATCH_PARAGRAPHS));
    }
  }

  /** Starts model requests for paragraphs with no result yet, nearest the caret first. */
  private runLlm(paragraphs: Paragraph[]): void {
    const check = this.deps.checkLlm;
    if (!check || this.model.state === 'off') return;
    if (this.model.state === 'error' && !this.model.retrying) return;
    if (!this.mayRequest('llm')) return;
    const todo = this.missing('llm', paragraphs).filter((p) => {
      if (p.text.trim().length >= LLM_MIN_CHARS) return true;
      this.cache.llm.set(p.hash, []);
      return false;
    });
    const caret = this.deps.caretOffset?.() ?? null;
    if (caret !== null) todo.sort((a, b) => distanceTo(a, caret) - distanceTo(b, caret));
    const llmInFlight = () => this.inFlight.filter((f) => f.source === 'llm').length;
    while (todo.length && llmInFlight() < LLM_MAX_IN_FLIGHT) {
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
      this.send('llm', check, batch);
    }
  }

  private send(
    source: CheckerSource,
    check: (paragraphs: ParagraphRequest[], onPartial?: (results: ParagraphResult[]) => void) => CheckCall,
    batch: Paragraph[],
  ): void {
    const generation = this.generation;
    const hashes = batch.map((p) => p.hash);
    // The model's suggestions as its reply streams: shown at once, not cached (the answer is).
    const onPartial = (results: ParagraphResult[]) => {
      if (this.disposed || flight.cancelled || generation !== this.generation) return;
      for (const r of results) if (hashes.includes(r.hash)) this.early.set(r.hash, r.suggestions);
      this.place();
    };
    const requests = batch.map((p) => ({ hash: p.hash, text: p.text }));
    const flight: InFlight = {
      source,
      call: source === 'llm' ? check(requests, onPartial) : check(requests),
      spans: batch.map((p) => ({ start: p.start, end: p.end })),
      hashes,
      cancelled: false,
    };
    this.inFlight.push(flight);
    void flight.call.result
      .catch((error: unknown): CheckResult => ({
        ok: false,
        code: 'unknown',
        message: error instanceof Error ? error.message : String(error),
      }))
      .then((result) => this.onResult(flight, result, generation));
  }

  private onResult(flight: InFlight, result: CheckResult, generation: number): void {
    this.inFlight = this.inFlight.filter((f) => f !== flight);
    const streamed = flight.source === 'llm' ? this.forgetEarly(flight) : [];
    if (this.disposed || flight.cancelled || generation !== this.generation) return;
    const { source } = flight;
    // A reply that fails after streaming takes what it showed with it now, not at the next pause.
    if (!result.ok && streamed.length) {
      const gone = new Set(streamed.map((s) => `${s.start}:${s.end}:${s.replacement}`));
      this.suggestions = this.suggestions.filter(
        (s) => s.source !== 'llm' || !gone.has(`${s.start}:${s.end}:${s.replacement}`),
      );
      this.place();
    }
    if (result.ok) {
      for (const r of result.results) this.cache[source].set(r.hash, r.suggestions);
      this.backoff[source].failures = 0;
      if (source === 'llm') this.model = { state: 'on' };
      else this.localError = null;
      this.place();
    } else if (result.code === 'aborted') {
      // Superseded; the paragraphs that still stand are sent again below.
    } else if (result.off) {
      if (source === 'llm') {
        this.model = { state: 'off', message: result.message };
        this.suggestions = this.suggestions.filter((s) => s.source === 'local');
      } else {
        this.localOff = true;
        this.localError = null;
      }
    } else {
      const retrying = !NEEDS_SETTINGS.has(result.code);
      const message = result.code === 'lost' ? LOST_MESSAGE : result.message;
      if (source === 'llm') this.model = { state: 'error', message, code: result.code, retrying };
      else this.localError = message;
      if (retrying) this.backOff(source, result.retryAfter);
    }
    // More paragraphs may be waiting for a free slot (or for the retry). While the pause is still
    // running (a word-end check answered mid-typing), the pause sends them: the model waits for it.
    if (this.timer === null) this.run();
    else this.updateStatus();
  }

  private backOff(source: CheckerSource, retryAfter: number | undefined): void {
    const state = this.backoff[source];
    const exponential = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** state.failures);
    const asked = retryAfter !== undefined ? Math.min(RETRY_MAX_MS, retryAfter * 1000) : exponential;
    state.failures++;
    state.blockedUntil = this.now() + Math.max(RETRY_BASE_MS, asked);
  }

  private scheduleRetry(ms: number): void {
    if (this.retryTimer !== null) return;
    this.retryTimer = this.deps.setTimeout(() => {
      this.retryTimer = null;
      this.run();
    }, ms);
  }

  /** A request none of whose paragraphs still stands is aborted at once, not when it answers. */
  private abortSuperseded(edit: TextEdit): void {
    if (this.inFlight.length === 0) return;
    const delta = edit.inserted - edit.removed;
    for (const flight of this.inFlight) {
      flight.spans = flight.spans.map((span) => {
        if (!span) return null;
        // Touching a paragraph anywhere, even typing right after its last character, changes it.
        if (edit.start <= span.end && edit.start + edit.removed >= span.start) return null;
        return edit.start > span.end ? span : { start: span.start + delta, end: span.end + delta };
      });
      if (flight.spans.every((span) => span === null)) this.cancelFlight(flight);
    }
    this.inFlight = this.inFlight.filter((f) => !f.cancelled);
  }

  private cancelFlight(flight: InFlight): void {
    flight.cancelled = true;
    flight.call.cancel();
    if (flight.source === 'llm') this.forgetEarly(flight);
  }

  /** What a model reply showed while streaming goes with it (its answer, if any, is in the cache). */
  private forgetEarly(flight: InFlight): { start: number; end: number; replacement: string }[] {
    const shown: { start: number; end: number; replacement: string }[] = [];
    flight.hashes.forEach((hash, i) => {
      const span = flight.spans[i];
      const raws = this.early.get(hash);
      this.early.delete(hash);
      // Where they stand now (the span follows edits), as `place` put them in the field.
      if (span && raws)
        for (const raw of raws)
          shown.push({
            start: span.start + raw.start,
            end: span.start + raw.end,
            replacement: raw.replacement,
          });
    });
    return shown;
  }

  /** Places cached results on the paragraphs that stand now; the text at each span is verified. */
  private place(paragraphs: Paragraph[] = splitParagraphs(this.text)): void {
    // A suggestion that still stands where it stood keeps its object and id (an open card stays open)
    // even when its paragraph was re-checked, or the other checker now reports the same fix.
    const key = (s: Pick<Suggestion, 'start' | 'end' | 'replacement'>) =>
      `${s.start}:${s.end}:${s.replacement}`;
    const shown = new Map(this.suggestions.map((s) => [`${s.source}|${key(s)}`, s]));
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
        // The model's reply still streaming: what it has said so far, over what was shown there.
        const early = cached || source === 'local' ? undefined : this.early.get(p.hash);
        if (!cached) {
          // Being re-checked: keep what was shown there (remapped through the edit) until results land.
          const covered = (s: Suggestion) =>
            early?.some((e) => p.start + e.start < s.end && s.start < p.start + e.end) ?? false;
          for (const s of this.suggestions)
            if (s.source === source && s.start >= p.start && s.end <= p.end && !covered(s))
              placed[source].push(s);
          if (!early) continue;
        }
        for (const raw of cached ?? early ?? []) {
          const start = p.start + raw.start;
          const end = p.start + raw.end;
          if (this.text.slice(start, end) !== raw.original) continue;
          const candidate = { ...raw, start, end };
          if (dismissed.has(key(candidate))) continue;
          const previous = shown.get(`${source}|${key(candidate)}`);
          if (previous && previous.original === raw.original && previous.rule === raw.rule) {
            placed[source].push(previous);
            continue;
          }
          const base = suggestionId(p.hash, raw.start, raw.end, raw.replacement);
          placed[source].push({ ...candidate, id: occurrence ? `${base}-${occurrence}` : base });
        }
      }
    }
    const pinned = this.pinned;
    const merged = mergeSuggestions([placed.local, placed.llm], pinned ?? undefined);
    // Nothing changed: keep the same array, so nothing downstream re-renders.
    const same =
      merged.length === this.suggestions.length && merged.every((s, i) => s === this.suggestions[i]);
    if (!same) this.suggestions = merged;
    this.emit(same ? 'status' : 'results');
  }

  private updateStatus(): void {
    if (this.inFlight.length > 0) this.setStatus({ state: 'checking' });
    else if (this.localError !== null) this.setStatus({ state: 'error', message: this.localError });
    else this.setStatus({ state: 'ready' });
  }

  private setStatus(status: CheckStatus): void {
    // Unchanged: nothing to tell (the badge would re-render for nothing at every word's end).
    if (status.state === this.status.state && messageOf(status) === messageOf(this.status)) return;
    this.status = status;
    this.emit('status');
  }

  private emit(cause: UpdateCause = 'results'): void {
    for (const listener of this.listeners) listener(cause);
  }
}

function distanceTo(p: Paragraph, offset: number): number {
  if (offset >= p.start && offset <= p.end) return 0;
  return Math.min(Math.abs(offset - p.start), Math.abs(offset - p.end));
}
