/**
 * Measures the active field's underlines in animation frames (never in input handlers) and writes
 * what the overlay shows into its store. Rects are viewport coordinates: a scroll or resize marks
 * every one dirty; a keystroke only moves what comes after it.
 */
import type { Box, OverlayStore, UnderlineView } from '@/components/overlay/store';
import type { Suggestion } from '@/utils/text/types';
import type { FieldAdapter } from '@/utils/fields/adapter';
import type { FieldSession } from './field-session';
import { MAX_PARAGRAPH_CHARS } from '@/utils/text';

/** Underlines after an edit point move with the text; they are re-measured once typing pauses. */
const RELAYOUT_AFTER_TYPING_MS = 120;

const toBox = (r: DOMRect): Box => ({ x: r.left, y: r.top, width: r.width, height: r.height });

const sameBox = (a: Box | null, b: Box | null) =>
  a === b || (!!a && !!b && a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height);

const sameUnderlines = (a: readonly UnderlineView[], b: readonly UnderlineView[]) =>
  a.length === b.length &&
  a.every(
    (u, i) =>
      u.suggestion === b[i]?.suggestion &&
      u.rects.length === b[i].rects.length &&
      u.rects.every((r, j) => sameBox(r, b[i]?.rects[j] ?? null)),
  );

type BatchAdapter = FieldAdapter & { rectsForMany?(spans: readonly Suggestion[]): DOMRect[][] };

export class OverlayLayout {
  private session: FieldSession | null = null;
  private frame = 0;
  private relayoutTimer = 0;
  /** Underlines starting at or after this offset are hidden until re-measured (the text moved). */
  private hiddenFrom = Infinity;
  /** …except those ending before this offset, measured since the last keystroke (`resultsChanged`). */
  private revealUntil = -Infinity;
  /** Rects measured last frame; a keystroke cannot move text on the lines before it. */
  private measured = new Map<Suggestion, Box[]>();
  /** Scroll, resize or a new field: every rect must be measured again. */
  private geometryDirty = true;
  /** Text before this offset has not moved since `measured` was taken. */
  private stableBefore = Infinity;

  constructor(
    private readonly store: OverlayStore,
    private readonly view: Window,
  ) {}

  /** The field whose underlines are shown (null: none). */
  follow(session: FieldSession | null): void {
    this.session = session;
    this.measured = new Map();
    this.geometryDirty = true;
    this.hiddenFrom = Infinity;
    this.revealUntil = -Infinity;
    this.schedule();
  }

  /** The text changed at `editStart`: what follows is hidden until measured again after a pause. */
  typed(editStart: number): void {
    this.hiddenFrom = Math.min(this.hiddenFrom, editStart);
    this.revealUntil = -Infinity;
    const text = this.session?.checker.getText() ?? '';
    this.stableBefore = Math.min(this.stableBefore, text.lastIndexOf('\n', editStart - 1) + 1);
    this.relayoutSoon();
    this.schedule();
  }

  /**
   * New results (not a keystroke), such as a check at a word's end while the person types on: the
   * underlines within a paragraph's reach after the edit point are measured where the text stands
   * now and shown at once; the rest of the field waits for the typing pause as before, so a long
   * field is not measured again at every word.
   */
  resultsChanged(): void {
    if (this.hiddenFrom !== Infinity) this.revealUntil = this.hiddenFrom + MAX_PARAGRAPH_CHARS;
    this.schedule();
  }

  /** Something moved (scroll, resize): every rect again, next frame. */
  moved(): void {
    this.geometryDirty = true;
    this.schedule();
  }

  /** Measures every underline again once typing or redrawing has paused. */
  relayoutSoon(): void {
    this.view.clearTimeout(this.relayoutTimer);
    this.relayoutTimer = this.view.setTimeout(() => {
      this.hiddenFrom = Infinity;
      this.revealUntil = -Infinity;
      this.geometryDirty = true;
      this.schedule();
    }, RELAYOUT_AFTER_TYPING_MS);
  }

  schedule(): void {
    if (this.frame) return;
    this.frame = this.view.requestAnimationFrame(() => {
      this.frame = 0;
      this.layout();
    });
  }

  dispose(): void {
    this.view.cancelAnimationFrame(this.frame);
    this.view.clearTimeout(this.relayoutTimer);
    this.frame = 0;
    this.session = null;
  }

  /** Reads geometry for the active field, once per frame. */
  private layout(): void {
    const session = this.session;
    if (!session || !session.field.isConnected) {
      this.store.setState({ underlines: [], field: null, card: null });
      return;
    }
    const suggestions = session.checker.getSuggestions();
    const box = session.adapter.visibleBox();
    const visible = box.width > 0 && box.height > 0;
    const shown = visible
      ? suggestions.filter(
          (s) => (s.start < this.hiddenFrom && s.end <= this.hiddenFrom) || s.end <= this.revealUntil,
        )
      : [];
    // Measure only what may have moved, in one batch.
    const reuse = !this.geometryDirty;
    const todo = shown.filter((s) => !(reuse && s.end <= this.stableBefore && this.measured.has(s)));
    const adapter = session.adapter as BatchAdapter;
    const fresh = adapter.rectsForMany ? adapter.rectsForMany(todo) : todo.map((s) => adapter.rectsFor(s));
    const next = new Map<Suggestion, Box[]>();
    todo.forEach((s, i) =>
      next.set(s, (fresh[i] ?? []).filter((r) => r.width > 0 && r.height > 0).map(toBox)),
    );
    const underlines: UnderlineView[] = [];
    for (const suggestion of shown) {
      const rects = next.get(suggestion) ?? this.measured.get(suggestion) ?? [];
      next.set(suggestion, rects);
      if (rects.length) underlines.push({ suggestion, rects });
    }
    this.measured = next;
    this.geometryDirty = false;
    this.stableBefore = Infinity;
    const previous = this.store.getState();
    const { card } = previous;
    // An open card stays while its suggestion stands (the checker keeps it pinned); it goes when
    // its text changed, unless it is saying why something did not happen.
    const cardStillValid = !card || suggestions.some((s) => s.id === card.id) || Boolean(card.notice);
    const field = visible ? toBox(box) : null;
    // Nothing moved: keep the same objects so React re-renders nothing.
    this.store.setState({
      underlines: sameUnderlines(previous.underlines, underlines) ? previous.underlines : underlines,
      field: sameBox(previous.field, field) ? previous.field : field,
      status: session.checker.getStatus(),
      model: session.checker.getModelState(),
      count: suggestions.length,
      ...(cardStillValid ? {} : { card: null }),
    });
    if (!cardStillValid) session.checker.pin(null);
  }
}
