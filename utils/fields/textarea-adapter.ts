import type { FieldAdapter, ReplaceResult, Span } from './adapter';
import { ChangeNotifier } from './change-notifier';
import { clipRects, mergeLineRects } from './line-rects';
import { TextMirror, type TextControl } from './mirror';
import { VisibleBox } from './visible-box';

/** How often a focused field's value is compared, to notice changes made by the page's scripts. */
const POLL_MS = 300;
/** Keep comparing this long after blur: "click Send → the page clears the field" happens then. */
const POLL_AFTER_BLUR_MS = 2_000;

/** Lines this close (px) outside the visible box are still measured (rounding, partly visible lines). */
const WINDOW_MARGIN_PX = 4;

interface FieldGeometry {
  /** The field's and the page's scroll offsets when it was read: a scroll in the same task reads again. */
  scrollLeft: number;
  scrollTop: number;
  pageX: number;
  pageY: number;
  /** Viewport position of the copy's origin: the field's border box, less its scroll. */
  x: number;
  y: number;
  /** The field's scale (CSS transform, zoom) against its layout size. */
  sx: number;
  sy: number;
  /** The field's visible box, viewport coordinates. */
  clip: DOMRect;
}

export interface TextareaAdapterOptions {
  /**
   * Where the hidden measuring copy goes: an element or shadow root of Redline's own that is rendered
   * (not `display: none`). Without one the adapter makes its own zero-sized shadow host in the page.
   */
  mirrorHost?: HTMLElement | ShadowRoot;
}

/**
 * A `<textarea>` or a text `<input>`. Text is `.value`; geometry comes from a hidden copy laid out like
 * the field (a textarea's text has no DOM nodes to measure); edits go through the browser's own
 * editing command so that Ctrl+Z undoes them and frameworks see ordinary input events.
 */
export class TextareaAdapter implements FieldAdapter {
  private readonly changes = new ChangeNotifier();
  private readonly mirror: TextMirror;
  private readonly box: VisibleBox;
  private readonly abort = new AbortController();
  private readonly resize: ResizeObserver | null;
  private lastValue: string;
  private poll = 0;
  private pollUntil = 0;
  private disposed = false;
  /**
   * The field's geometry, read once per task: the overlay measures each underline of a frame in turn,
   * and reading the field's box, scale and clip box again for each of 50 underlines cost more than the
   * underlines themselves. Dropped at the end of the task (microtask), on input and on scroll.
   */
  private geometry: FieldGeometry | null = null;

  constructor(
    readonly element: TextControl,
    options: TextareaAdapterOptions = {},
  ) {
    this.lastValue = element.value;
    this.mirror = new TextMirror(element, options.mirrorHost);
    this.box = new VisibleBox(element);
    const signal = this.abort.signal;
    const changed = () => {
      this.mirror.invalidateText();
      this.geometry = null;
      this.changes.schedule(() => this.takeValue());
    };
    element.addEventListener('input', changed, { signal });
    element.addEventListener('change', changed, { signal });
    element.addEventListener('focus', () => this.onFocus(), { signal });
    element.addEventListener('blur', () => this.onBlur(), { signal });
    const view = element.ownerDocument.defaultView;
    // A style that changes on focus or a web font that arrives moves the text without an input event.
    const restyle = () => {
      this.mirror.invalidateStyle();
      this.box.invalidate();
      this.geometry = null;
    };
    element.addEventListener('focus', restyle, { signal });
    element.addEventListener('blur', restyle, { signal });
    element.ownerDocument.fonts?.addEventListener('loadingdone', restyle, { signal });
    this.resize = view?.ResizeObserver ? new view.ResizeObserver(restyle) : null;
    this.resize?.observe(element);
  }

  getText(): string {
    return this.element.value;
  }

  onChange(listener: () => void): () => void {
    const unsubscribe = this.changes.subscribe(listener);
    if (this.element.matches(':focus')) this.startPolling();
    return unsubscribe;
  }

  rectsFor(span: Span): DOMRect[] {
    return this.rectsForMany([span])[0] ?? [];
  }

  /** `rectsFor` for many spans of this field in one layout pass (call from an animation frame). */
  rectsForMany(spans: readonly Span[]): DOMRect[][] {
    const field = this.element;
    if (this.disposed || !field.isConnected) return spans.map(() => []);
    const { x, y, sx, sy, clip } = this.measureGeometry();
    // Only the lines that can be seen are measured: a 100k-character field shows a dozen of its lines,
    // and asking the layout for the rects of the others only to clip them all away is most of the cost.
    // The window is the clip box in the copy's (unscrolled, untransformed) coordinates, a little larger.
    // Nothing visible: an empty window (the copy is still brought up to date).
    const shown = clip.width > 0 && clip.height > 0;
    const local = this.mirror.measure(
      field.value,
      spans,
      shown
        ? { top: (clip.top - y) / sy - WINDOW_MARGIN_PX, bottom: (clip.bottom - y) / sy + WINDOW_MARGIN_PX }
        : { top: Infinity, bottom: -Infinity },
    );
    return local.map((rects) =>
      clipRects(
        mergeLineRects(
          rects.map((r) => ({
            left: x + r.left * sx,
            top: y + r.top * sy,
            right: x + r.right * sx,
            bottom: y + r.bottom * sy,
          })),
        ),
        clip,
      ),
    );
  }

  visibleBox(): DOMRect {
    if (this.disposed || !this.element.isConnected) return new DOMRect();
    return DOMRect.fromRect(this.measureGeometry().clip);
  }

  /** The field's box, scroll, scale and visible box: read once per task (layout reads). */
  private measureGeometry(): FieldGeometry {
    const field = this.element;
    const view = field.ownerDocument.defaultView;
    const scrollLeft = field.scrollLeft;
    const scrollTop = field.scrollTop;
    const pageX = view?.scrollX ?? 0;
    const pageY = view?.scrollY ?? 0;
    const cached = this.geometry;
    if (
      cached &&
      cached.scrollLeft === scrollLeft &&
      cached.scrollTop === scrollTop &&
      cached.pageX === pageX &&
      cached.pageY === pageY
    ) {
      return cached;
    }
    const box = field.getBoundingClientRect();
    // A CSS transform or zoom scales the field but not the copy.
    const sx = field.offsetWidth ? box.width / field.offsetWidth : 1;
    const sy = field.offsetHeight ? box.height / field.offsetHeight : 1;
    const geometry: FieldGeometry = {
      scrollLeft,
      scrollTop,
      pageX,
      pageY,
      x: box.left - scrollLeft * sx,
      y: box.top - scrollTop * sy,
      sx,
      sy,
      clip: this.box.measure(),
    };
    if (!cached) queueMicrotask(() => (this.geometry = null));
    else this.mirror.invalidatePosition(); // scrolled within this task: the copy's box moved too
    this.geometry = geometry;
    return geometry;
  }

  caretOffset(): number | null {
    const field = this.element;
    if (!field.matches(':focus')) return null;
    try {
      return field.selectionDirection === 'backward' ? field.selectionStart : field.selectionEnd;
    } catch {
      return null; // types without a selection API (email)
    }
  }

  replace(span: Span, expected: string, text: string): ReplaceResult {
    const field = this.element;
    if (this.disposed || !field.isConnected) return { ok: false, reason: 'detached' };
    const before = field.value;
    const { start, end } = span;
    if (!(start >= 0 && start <= end && end <= before.length) || before.slice(start, end) !== expected) {
      return { ok: false, reason: 'stale' };
    }
    const after = before.slice(0, start) + text + before.slice(end);
    if (after === before) return { ok: true };
    const doc = field.ownerDocument;
    this.mirror.invalidateText();
    field.focus({ preventScroll: true });

    // 1. The browser's editing command: undoable, and the page sees a trusted input event.
    if (select(field, start, end)) {
      execEdit(doc, text);
    } else if (field.matches(':focus')) {
      // Inputs of type email have no selection API: replace the whole value the same way.
      field.select();
      execEdit(doc, after);
    }
    if (field.value === after) {
      this.placeCaret(start + text.length);
      return { ok: true };
    }
    if (field.value !== before) {
      // Half done (a maxlength, a script that rewrote it): take it back.
      restore(field, before);
      return { ok: false, reason: 'failed' };
    }

    // 2. Nothing happened (the command is unavailable here): set the value as the framework expects,
    //    through the native setter, and announce it. Ctrl+Z may not undo this one.
    const beforeInput = new InputEvent('beforeinput', {
      bubbles: true,
      cancelable: true,
      composed: true,
      inputType: 'insertReplacementText',
      data: text,
    });
    if (!field.dispatchEvent(beforeInput)) return { ok: false, reason: 'failed' };
    setNativeValue(field, after);
    field.dispatchEvent(
      new InputEvent('input', {
        bubbles: true,
        composed: true,
        inputType: 'insertReplacementText',
        data: text,
      }),
    );
    if (field.value === after) {
      this.placeCaret(start + text.length);
      return { ok: true };
    }
    if (field.value !== before) {
      setNativeValue(field, before);
      field.dispatchEvent(
        new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertReplacementText' }),
      );
    }
    return { ok: false, reason: 'failed' };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.abort.abort();
    this.resize?.disconnect();
    this.stopPolling();
    this.changes.clear();
    this.mirror.dispose();
  }

  /** True when the value differs from the one last announced (and remembers the new one). */
  private takeValue(): boolean {
    const value = this.element.value;
    if (value === this.lastValue) return false;
    this.lastValue = value;
    return true;
  }

  private placeCaret(offset: number): void {
    const field = this.element;
    try {
      if (field.selectionStart !== offset || field.selectionEnd !== offset)
        field.setSelectionRange(offset, offset);
    } catch {
      // no selection API for this input type
    }
  }

  private onFocus(): void {
    this.changes.schedule(() => this.takeValue());
    if (this.changes.size) this.startPolling();
  }

  private onBlur(): void {
    this.changes.schedule(() => this.takeValue());
    this.pollUntil = Date.now() + POLL_AFTER_BLUR_MS;
  }

  private startPolling(): void {
    this.pollUntil = Infinity;
    if (this.poll) return;
    const view = this.element.ownerDocument.defaultView;
    if (!view) return;
    // Compares one string reference at low frequency, only while the field is in use: the cheapest way
    // to notice `field.value = ''` by the page, which fires no event.
    this.poll = view.setInterval(() => {
      if (this.element.value !== this.lastValue) this.changes.schedule(() => this.takeValue());
      if (Date.now() > this.pollUntil && !this.element.matches(':focus')) this.stopPolling();
    }, POLL_MS);
  }

  private stopPolling(): void {
    if (this.poll) this.element.ownerDocument.defaultView?.clearInterval(this.poll);
    this.poll = 0;
  }
}

/** Selects [start, end) in the field; false for input types without a selection API. */
function select(field: TextControl, start: number, end: number): boolean {
  try {
    field.setSelectionRange(start, end);
    return field.selectionStart === start && field.selectionEnd === end;
  } catch {
    return false;
  }
}

/**
 * Replaces the selection like typing does. A deletion is the Delete command (an ordinary
 * `deleteContentBackward` for the page), not an empty `insertText`.
 */
export function execEdit(doc: Document, text: string): boolean {
  try {
    return text === '' ? doc.execCommand('delete') : doc.execCommand('insertText', false, text);
  } catch {
    return false;
  }
}

/** Puts `value` back, undoably when the browser's undo stack has our edit on top. */
function restore(field: TextControl, value: string): void {
  const doc = field.ownerDocument;
  try {
    doc.execCommand('undo');
  } catch {
    // fall through to the setter
  }
  if (field.value === value) return;
  setNativeValue(field, value);
  field.dispatchEvent(
    new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertReplacementText' }),
  );
}

/**
 * Sets the value through the element's own prototype setter, not the instance property: React (and
 * others) track the value on the instance, and only a change it did not see makes its `onChange` fire.
 */
function setNativeValue(field: TextControl, value: string): void {
  let proto: object | null = Object.getPrototypeOf(field) as object | null;
  while (proto) {
    const setter = Object.getOwnPropertyDescriptor(proto, 'value')?.set;
    if (setter) {
      setter.call(field, value);
      return;
    }
    proto = Object.getPrototypeOf(proto) as object | null;
  }
  field.value = value;
}
