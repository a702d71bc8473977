/**
 * One field Redline watches: its adapter (text, geometry, edits), its check loop, and what tells a
 * person's writing from a script's. Everything it listens to goes with `dispose()`.
 */
import { FieldChecker, type CheckGate } from '@/utils/check/field-checker';
import type { FieldAdapter } from '@/utils/fields/adapter';
import { createAdapter } from '@/utils/fields/create-adapter';
import { ineligibleReason, modelRefusal, type EditableField } from '@/utils/fields/eligibility';
import { PersonInput, type PersonTrace } from '@/utils/fields/person-input';
import { hiddenReason } from '@/utils/fields/presence';
import { diffText } from '@/utils/text';
import { checkCall, type PageTransport } from './transport';

export interface FieldSessionDeps {
  transport: PageTransport;
  /** Fields that were ever secrets: refused for life. */
  sensitive: WeakSet<Element>;
  /** What the person did in fields before they were attached. */
  trace?: PersonTrace;
  debounceMs: number;
  /** The field's text changed at `editStart` (underlines after it move). */
  onText(session: FieldSession, editStart: number): void;
  /** The field scrolled, resized or redrew itself without a change of text. */
  onMoved(session: FieldSession, redrawn: boolean): void;
  /** The field may no longer be read (it became a password, opted out…): drop it. */
  onRefused(session: FieldSession): void;
  /** The local checker met languages for the first time in this field and turned them on. */
  onLanguagesTurnedOn?(languages: string[]): void;
}

export class FieldSession {
  readonly adapter: FieldAdapter;
  readonly checker: FieldChecker;
  readonly person: PersonInput;
  /** The settings changed while this field was in the background: check again when it comes back. */
  stale = false;
  private composing = false;
  /** Whether the last change of text came from the person (or was there before they touched it). */
  private byPerson = true;
  private readonly abort = new AbortController();

  constructor(
    readonly field: EditableField,
    private readonly deps: FieldSessionDeps,
  ) {
    const signal = this.abort.signal;
    const view = field.ownerDocument.defaultView as Window;
    this.adapter = createAdapter(field);
    this.person = new PersonInput(
      field,
      signal,
      () => {
        // The person's first touch: what the field holds now is their draft, and the model may see it.
        this.byPerson = true;
        this.checker.checkNow();
      },
      undefined,
      deps.trace?.of(field),
    );
    this.checker = new FieldChecker({
      checkLocal: (paragraphs) => {
        const call = checkCall(deps.transport, 'local', paragraphs);
        void call.result.then((result) => {
          if (result.ok && result.turnedOn?.length) deps.onLanguagesTurnedOn?.(result.turnedOn);
        });
        return call;
      },
      checkLlm: (paragraphs, onPartial) => checkCall(deps.transport, 'llm', paragraphs, onPartial),
      gate: () => this.gate(),
      caretOffset: () => this.adapter.caretOffset(),
      debounceMs: deps.debounceMs,
      setTimeout: (callback, ms) => view.setTimeout(callback, ms),
      clearTimeout: (handle) => view.clearTimeout(handle as number),
      nextFrame: (callback) => void view.requestAnimationFrame(callback),
    });
    // IME composition never triggers work: the text is taken once the composition ends.
    field.addEventListener('compositionstart', () => (this.composing = true), { signal });
    field.addEventListener(
      'compositionend',
      () => {
        this.composing = false;
        this.takeText();
      },
      { signal },
    );
    const unsubscribe = this.adapter.onChange(() => {
      if (!this.composing) this.takeText();
    });
    signal.addEventListener('abort', unsubscribe);
    this.watchGeometry(view, signal);
    this.checker.setText(this.adapter.getText());
    this.checker.checkNow();
  }

  /**
   * Asked before every check. Nothing at all for a field that is refused now (re-checked every time,
   * not only on focus) or that nobody can see; the model only for text a person wrote (or was there
   * when they first touched the field), in a field the page did not mark as not for sharing.
   */
  gate(): CheckGate {
    const field = this.field;
    if (ineligibleReason(field, this.deps.sensitive)) {
      // Not now: a check is running inside the checker; the session goes once it has returned.
      queueMicrotask(() => this.deps.onRefused(this));
      return { local: false, model: false };
    }
    if (hiddenReason(field)) return { local: false, model: false };
    return { local: true, model: this.person.engaged && this.byPerson && !modelRefusal(field) };
  }

  /** Reads the field now (an edit Redline made and took back is not left to the next event). */
  takeText(): void {
    const before = this.checker.getText();
    const after = this.adapter.getText();
    if (before === after) return;
    this.byPerson = this.person.wroteRecently();
    const { start } = diffText(before, after);
    this.checker.setText(after);
    this.deps.onText(this, start);
  }

  /** Its own scrolling (which does not bubble), resizing, and a rich editor redrawing its DOM. */
  private watchGeometry(view: Window, signal: AbortSignal): void {
    const field = this.field;
    const moved = () => this.deps.onMoved(this, false);
    field.addEventListener('scroll', moved, { passive: true, signal });
    const resized = new ResizeObserver(moved);
    resized.observe(field);
    signal.addEventListener('abort', () => resized.disconnect());
    // A field that turns into a password (or gets a secret's name) is dropped at once, not at the next check.
    const attributes = new MutationObserver(() => {
      if (ineligibleReason(field, this.deps.sensitive)) this.deps.onRefused(this);
    });
    attributes.observe(field, { attributes: true, attributeFilter: ['type', 'autocomplete', 'name'] });
    signal.addEventListener('abort', () => attributes.disconnect());
    if (field.localName === 'textarea' || field.localName === 'input') return;
    // Rich editors redraw their DOM (a toolbar toggles a mark, a plugin adds a widget) without any
    // change of text: underlines are measured again once the DOM has been still for a moment.
    const redrawn = new MutationObserver(() => this.deps.onMoved(this, true));
    redrawn.observe(field, { subtree: true, childList: true, attributes: true, characterData: true });
    signal.addEventListener('abort', () => redrawn.disconnect());
  }

  dispose(): void {
    this.abort.abort();
    this.checker.dispose();
    this.adapter.dispose();
  }
}
