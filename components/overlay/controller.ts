import browser from 'webextension-polyfill';
import { FieldChecker } from '@/utils/check/field-checker';
import type { Suggestion } from '@/utils/text/types';
import type { FieldAdapter, ReplaceResult } from '@/utils/fields/adapter';
import { createAdapter } from '@/utils/fields/create-adapter';
import { fieldFromEvent, ineligibleReason, type EditableField } from '@/utils/fields/eligibility';
import { sendMessage } from '@/utils/messaging';
import { diffText } from '@/utils/text';
import { LlmPort } from './llm-port';
import type { Box, OverlayStore, UnderlineView } from './store';

/** Pause after the last keystroke before the field is checked. */
export const CHECK_DEBOUNCE_MS = 300;
/** Underlines after an edit point move with the text; they are re-measured once typing pauses. */
const RELAYOUT_AFTER_TYPING_MS = 120;

/** One field Redline watches: its adapter and its check loop. */
class FieldSession {
  readonly adapter: FieldAdapter;
  readonly checker: FieldChecker;
  private composing = false;
  private readonly abort = new AbortController();

  constructor(
    readonly field: EditableField,
    llm: LlmPort,
    onTextChange: (editStart: number) => void,
  ) {
    this.adapter = createAdapter(field);
    this.checker = new FieldChecker({
      checkLocal: (paragraphs) => sendMessage('check.local', { paragraphs }),
      checkLlm: (paragraphs) => llm.check(paragraphs),
      caretOffset: () => this.adapter.caretOffset(),
      debounceMs: CHECK_DEBOUNCE_MS,
      setTimeout: (callback, ms) => window.setTimeout(callback, ms),
      clearTimeout: (handle) => window.clearTimeout(handle as number),
    });
    const signal = this.abort.signal;
    // IME composition never triggers work: the text is taken once the composition ends.
    field.addEventListener('compositionstart', () => (this.composing = true), { signal });
    field.addEventListener(
      'compositionend',
      () => {
        this.composing = false;
        this.takeText(onTextChange);
      },
      { signal },
    );
    const unsubscribe = this.adapter.onChange(() => {
      if (!this.composing) this.takeText(onTextChange);
    });
    signal.addEventListener('abort', unsubscribe);
    this.checker.setText(this.adapter.getText());
    this.checker.checkNow();
  }

  private takeText(onTextChange: (editStart: number) => void): void {
    const before = this.checker.getText();
    const after = this.adapter.getText();
    if (before === after) return;
    const { start } = diffText(before, after);
    this.checker.setText(after);
    onTextChange(start);
  }

  dispose(): void {
    this.abort.abort();
    this.checker.dispose();
    this.adapter.dispose();
  }
}

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

/**
 * Connects fields to the overlay store: follows focus, runs each field's checks, measures
 * underlines in animation frames (never in input handlers), and carries out the card's actions.
 */
export class OverlayController {
  private readonly sessions = new WeakMap<EditableField, FieldSession>();
  private active: FieldSession | null = null;
  private unsubscribeChecker: (() => void) | null = null;
  private frame = 0;
  private relayoutTimer = 0;
  /** Underlines starting at or after this offset are hidden until re-measured (the text moved). */
  private hiddenFrom = Infinity;
  /** Rects measured last frame; a keystroke cannot move text on the lines before it. */
  private measured = new Map<Suggestion, Box[]>();
  /** Scroll, resize or a new field: every rect must be measured again. */
  private geometryDirty = true;
  /** Text before this offset has not moved since `measured` was taken. */
  private stableBefore = Infinity;
  private readonly abort = new AbortController();
  private readonly llm = new LlmPort();
  private enabled = true;

  constructor(
    private readonly store: OverlayStore,
    private readonly doc: Document,
  ) {
    const signal = this.abort.signal;
    doc.addEventListener('focusin', (event) => this.onFocusIn(event), { capture: true, signal });
    // Scrolling anything (page, field, a scrolled container) moves underlines.
    // Every measured rectangle is in viewport coordinates, so all of them must be measured again.
    const moved = () => {
      this.geometryDirty = true;
      this.scheduleLayout();
    };
    doc.defaultView?.addEventListener('scroll', moved, { capture: true, passive: true, signal });
    doc.defaultView?.addEventListener('resize', moved, { passive: true, signal });
    doc.addEventListener('keydown', (event) => this.onKeyDown(event), { capture: true, signal });
    const onMessage = (message: unknown) => {
      if ((message as { kind?: string } | null)?.kind === 'config.changed') void this.onConfigChanged();
    };
    browser.runtime.onMessage.addListener(onMessage);
    signal.addEventListener('abort', () => browser.runtime.onMessage.removeListener(onMessage));
    store.setState({ actions: this.actions() });
  }

  /** Starts watching `field` (the content script found it eligible on a site that is on). */
  attach(field: EditableField): void {
    if (!this.enabled) return;
    let session = this.sessions.get(field);
    if (!session) {
      session = new FieldSession(field, this.llm, (editStart) => this.onTyping(editStart));
      this.sessions.set(field, session);
      this.watchGeometry(field);
    }
    if (this.active === session) return;
    this.unsubscribeChecker?.();
    this.active = session;
    this.store.setState({ card: null, menuOpen: false });
    this.unsubscribeChecker = session.checker.onUpdate(() => this.scheduleLayout());
    this.geometryDirty = true;
    this.scheduleLayout();
  }

  /** Once per field: its own scrolling (which does not bubble) and resizing move its underlines. */
  private watchGeometry(field: EditableField): void {
    const moved = () => {
      if (this.active?.field !== field) return;
      this.geometryDirty = true;
      this.scheduleLayout();
    };
    field.addEventListener('scroll', moved, { passive: true, signal: this.abort.signal });
    const observer = new ResizeObserver(moved);
    observer.observe(field);
    this.abort.signal.addEventListener('abort', () => observer.disconnect());
    if (field.localName === 'textarea' || field.localName === 'input') return;
    // Rich editors redraw their DOM (a toolbar toggles a mark, a plugin adds a widget) without any
    // change of text: underlines are measured again once the DOM has been still for a moment.
    const redrawn = new MutationObserver(() => {
      if (this.active?.field === field) this.relayoutSoon();
    });
    redrawn.observe(field, { subtree: true, childList: true, attributes: true, characterData: true });
    this.abort.signal.addEventListener('abort', () => redrawn.disconnect());
  }

  /** Measures every underline again once typing or redrawing has paused. */
  private relayoutSoon(): void {
    window.clearTimeout(this.relayoutTimer);
    this.relayoutTimer = window.setTimeout(() => {
      this.hiddenFrom = Infinity;
      this.geometryDirty = true;
      this.scheduleLayout();
    }, RELAYOUT_AFTER_TYPING_MS);
  }

  dispose(): void {
    this.abort.abort();
    this.unsubscribeChecker?.();
    this.active?.dispose();
    this.active = null;
    this.llm.dispose();
    cancelAnimationFrame(this.frame);
    this.store.setState({ underlines: [], field: null, card: null, menuOpen: false });
  }

  private onFocusIn(event: Event): void {
    const field = fieldFromEvent(event);
    if (field && !ineligibleReason(field)) this.attach(field);
  }

  private onTyping(editStart: number): void {
    this.hiddenFrom = Math.min(this.hiddenFrom, editStart);
    const text = this.active?.checker.getText() ?? '';
    this.stableBefore = Math.min(this.stableBefore, text.lastIndexOf('\n', editStart - 1) + 1);
    this.relayoutSoon();
    this.scheduleLayout();
  }

  private scheduleLayout(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.layout();
    });
  }

  /** Reads geometry for the active field, once per frame. */
  private layout(): void {
    const session = this.active;
    if (!session || !session.field.isConnected) {
      this.store.setState({ underlines: [], field: null, card: null });
      return;
    }
    const suggestions = session.checker.getSuggestions();
    const box = session.adapter.visibleBox();
    const visible = box.width > 0 && box.height > 0;
    const shown = visible
      ? suggestions.filter((s) => s.start < this.hiddenFrom && s.end <= this.hiddenFrom)
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
  }

  private find(id: string): Suggestion | undefined {
    return this.active?.checker.getSuggestions().find((s) => s.id === id);
  }

  private onKeyDown(event: KeyboardEvent): void {
    // Alt+Enter in a checked field opens the card of the suggestion nearest the caret.
    if (event.key !== 'Enter' || !event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const session = this.active;
    if (!session || fieldFromEvent(event) !== session.field) return;
    const caret = session.adapter.caretOffset() ?? 0;
    const nearest = [...session.checker.getSuggestions()].sort(
      (a, b) => distance(a, caret) - distance(b, caret),
    )[0];
    if (!nearest) return;
    event.preventDefault();
    event.stopPropagation();
    this.store.getState().actions.openCard(nearest.id, true);
  }

  private async onConfigChanged(): Promise<void> {
    const status = await sendMessage('site.status', {}).catch(() => null);
    if (status && !status.enabled) {
      this.disable();
      return;
    }
    this.active?.checker.invalidate();
  }

  private disable(): void {
    this.enabled = false;
    this.dispose();
  }

  private focusField(): void {
    this.active?.field.focus({ preventScroll: true });
  }

  private actions() {
    const set = this.store.setState;
    const get = this.store.getState;
    return {
      openCard: (id: string, viaKeyboard: boolean) => set({ card: { id, viaKeyboard }, menuOpen: false }),
      closeCard: (returnFocus: boolean) => {
        set({ card: null });
        if (returnFocus) this.focusField();
      },
      step: (direction: 1 | -1) => {
        const list = this.active?.checker.getSuggestions() ?? [];
        const current = get().card;
        if (!list.length || !current) return;
        const index = list.findIndex((s) => s.id === current.id);
        const next = list[(index + direction + list.length) % list.length];
        if (next) set({ card: { id: next.id, viaKeyboard: current.viaKeyboard } });
      },
      accept: (id: string) => {
        const session = this.active;
        const suggestion = this.find(id);
        if (!session || !suggestion) {
          set({ card: { id, viaKeyboard: false, notice: 'This suggestion no longer applies.' } });
          return;
        }
        const viaKeyboard = get().card?.viaKeyboard ?? false;
        const finish = (result: ReplaceResult) => {
          if (!result.ok) {
            set({
              card: {
                id,
                viaKeyboard,
                notice:
                  result.reason === 'stale'
                    ? 'The text changed since this suggestion was made. Nothing was changed.'
                    : 'This field did not accept the change. Nothing was changed.',
              },
            });
            return;
          }
          if (get().card?.id === id) set({ card: null });
          if (viaKeyboard) this.focusField();
        };
        const outcome = session.adapter.replace(suggestion, suggestion.original, suggestion.replacement);
        // Editors that draw an edit a moment later (Slate, Draft.js) say how it went once they have.
        if (outcome.ok === 'pending') void outcome.settled.then(finish);
        else finish(outcome);
      },
      dismiss: (id: string) => {
        this.active?.checker.dismiss(id);
        set({ card: null });
        this.focusField();
      },
      ignoreRule: (id: string) => {
        const suggestion = this.find(id);
        set({ card: null });
        if (suggestion) void sendMessage('settings.ignoreRule', { rule: suggestion.rule });
        this.focusField();
      },
      addToDictionary: (id: string) => {
        const suggestion = this.find(id);
        set({ card: null });
        if (suggestion)
          void sendMessage('settings.addWord', { word: suggestion.word ?? suggestion.original });
        this.focusField();
      },
      openSettings: () => {
        set({ menuOpen: false });
        void sendMessage('settings.open', {});
      },
      disableSite: () => {
        set({ menuOpen: false });
        void sendMessage('site.disable', {}).then(() => this.disable());
      },
      toggleMenu: (open?: boolean) => set({ menuOpen: open ?? !get().menuOpen, card: null }),
    };
  }
}

function distance(s: Suggestion, caret: number): number {
  if (caret >= s.start && caret <= s.end) return 0;
  return Math.min(Math.abs(caret - s.start), Math.abs(caret - s.end));
}
