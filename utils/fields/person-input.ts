/**
 * Tells a person's work in a field from a script's. Events a page dispatches (and `.click()`) are
 * not trusted; `el.focus()` from a script still fires trusted focus events, so focus proves nothing.
 * A person's keys, pointer, paste, drop and IME commits in the field are trusted and count.
 */

/** Events a person's touch on the field produces: from then on, its text may go to the model. */
const TOUCH_EVENTS = ['pointerdown', 'mousedown', 'click', 'keydown', 'touchstart'] as const;
/** Events a person's writing produces. */
const WRITE_EVENTS = ['keydown', 'beforeinput', 'input', 'paste', 'drop', 'cut', 'compositionend'] as const;
/**
 * A change of text this soon after a person wrote in the field is theirs: editors that draw an edit
 * through React (Slate, Draft.js) change the DOM a frame or two after the person's key.
 */
const WRITE_WINDOW_MS = 1_000;

/**
 * What a person did in fields before Redline's runtime attached to them. The always-injected script
 * keeps it from the page's first event, so the click that focused a field and the paste that followed
 * before the runtime loaded still count as the person's.
 */
export interface PersonTrace {
  /** When the person last touched (`touched`) or wrote in (`wrote`) the field, or undefined. */
  of(field: Element): { touched: boolean; wroteAt: number } | undefined;
}

/** The field an event happened in: the text control or the outermost editable element on its path. */
function fieldOf(event: Event): Element | null {
  let found: Element | null = null;
  for (const node of event.composedPath()) {
    if (!(node instanceof Element)) continue;
    if (node.localName === 'textarea' || node.localName === 'input') return node;
    if ((node as HTMLElement).isContentEditable) found = node;
    else if (found) return found;
  }
  return found;
}

/** Records, for the life of `signal`, the person's touches and writing in every field of `doc`. */
export function tracePersonInput(
  doc: Document,
  signal: AbortSignal,
  now: () => number = () => performance.now(),
): PersonTrace {
  const seen = new WeakMap<Element, { touched: boolean; wroteAt: number }>();
  const record = (event: Event, wrote: boolean) => {
    if (!event.isTrusted) return;
    const field = fieldOf(event);
    if (!field) return;
    const entry = seen.get(field) ?? { touched: false, wroteAt: Number.NEGATIVE_INFINITY };
    entry.touched = true;
    if (wrote) entry.wroteAt = now();
    seen.set(field, entry);
  };
  const options = { capture: true, passive: true, signal };
  for (const type of new Set([...TOUCH_EVENTS, ...WRITE_EVENTS])) {
    const wrote = (WRITE_EVENTS as readonly string[]).includes(type);
    doc.addEventListener(type, (event) => record(event, wrote), options);
  }
  return { of: (field) => seen.get(field) };
}

export class PersonInput {
  /** A person has touched the field since it was attached. */
  engaged = false;
  #wroteAt = Number.NEGATIVE_INFINITY;
  readonly #now: () => number;

  constructor(
    field: HTMLElement,
    signal: AbortSignal,
    /** Called once, at the person's first touch. */
    private readonly onEngaged: () => void,
    now: () => number = () => performance.now(),
    /** What the person did in the field before it was attached (see `PersonTrace`). */
    earlier?: { touched: boolean; wroteAt: number },
  ) {
    this.#now = now;
    if (earlier) {
      this.engaged = earlier.touched;
      this.#wroteAt = earlier.wroteAt;
    }
    const touched = (event: Event) => {
      if (!event.isTrusted || this.engaged) return;
      this.engaged = true;
      this.onEngaged();
    };
    const wrote = (event: Event) => {
      if (event.isTrusted) this.#wroteAt = this.#now();
    };
    const options = { capture: true, passive: true, signal };
    for (const type of TOUCH_EVENTS) field.addEventListener(type, touched, options);
    for (const type of WRITE_EVENTS) field.addEventListener(type, wrote, options);
  }

  /** Whether the person wrote in the field just now (call when its text changed). */
  wroteRecently(): boolean {
    return this.#now() - this.#wroteAt <= WRITE_WINDOW_MS;
  }

  /** An edit the person asked for through Redline (Accept, Replace) is theirs too. */
  acted(): void {
    this.#wroteAt = this.#now();
    if (!this.engaged) {
      this.engaged = true;
      this.onEngaged();
    }
  }
}
