import type { FieldAdapter, PendingReplace, ReplaceResult, Span } from './adapter';
import { ChangeNotifier } from './change-notifier';
import { clipRects, mergeLineRects, type Box } from './line-rects';
import { buildTextModel, cachingStyleReader, type TextModel, type TextStyle } from './text-model';
import { VisibleBox } from './visible-box';

/** A replacement that may go ahead: the field's text before and after it, and its span, selected. */
export interface ReplacePlan {
  before: string;
  after: string;
  range: Range;
}

/** Attributes whose change can show, hide or restyle text (and so change what is read). */
const STYLE_ATTRIBUTES = ['style', 'class', 'hidden', 'contenteditable', 'dir', 'lang'];

/**
 * A contenteditable element. Its text is read from the DOM (blocks and `<br>` as '\n', see
 * `TextModel`), again only after the DOM changed; geometry is `Range.getClientRects()` on the text
 * itself; edits select the span and run the browser's editing command, so Ctrl+Z undoes them.
 */
export class ContentEditableAdapter implements FieldAdapter {
  private readonly changes = new ChangeNotifier();
  private readonly box: VisibleBox;
  private readonly observer: MutationObserver;
  private readonly abort = new AbortController();
  private styles = new WeakMap<Element, TextStyle>();
  private model: TextModel | null = null;
  private range: Range | null = null;
  private disposed = false;

  constructor(readonly element: HTMLElement) {
    this.box = new VisibleBox(element);
    const view = element.ownerDocument.defaultView;
    const Observer = view?.MutationObserver ?? MutationObserver;
    this.observer = new Observer((records) => this.onMutations(records));
    this.observer.observe(element, {
      characterData: true,
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: STYLE_ATTRIBUTES,
    });
    // `input` also covers edits the observer reports late (it runs after the event's microtasks).
    element.addEventListener('input', () => this.invalidate(), { signal: this.abort.signal });
  }

  getText(): string {
    return this.textModel().text;
  }

  onChange(listener: () => void): () => void {
    return this.changes.subscribe(listener);
  }

  /** The current text model (read again if the DOM changed since). */
  textModel(): TextModel {
    // Mutations of this very task are not reported yet; take them so the model is never stale.
    if (this.model && !this.disposed) this.onMutations(this.observer.takeRecords());
    this.model ??= buildTextModel(this.element, cachingStyleReader(this.styles));
    return this.model;
  }

  /** A live Range over `span` (for the CSS Custom Highlight API, or selecting the span). */
  rangeFor(span: Span): Range {
    const model = this.textModel();
    const range = this.element.ownerDocument.createRange();
    const collapsed = span.start === span.end;
    const start = model.offsetToDomPosition(span.start, collapsed ? 'backward' : 'forward');
    const end = collapsed ? start : model.offsetToDomPosition(span.end, 'backward');
    range.setStart(start.node, start.offset);
    range.setEnd(end.node, end.offset);
    return range;
  }

  rectsFor(span: Span): DOMRect[] {
    return this.rectsForMany([span])[0] ?? [];
  }

  /** `rectsFor` for many spans in one layout pass (call from an animation frame). */
  rectsForMany(spans: readonly Span[]): DOMRect[][] {
    if (this.disposed || !this.element.isConnected) return spans.map(() => []);
    const model = this.textModel();
    const range = (this.range ??= this.element.ownerDocument.createRange());
    const clip = this.box.measure();
    return spans.map((span) => {
      const rects: Box[] = [];
      // Piece by piece (one text node each), so that a span across paragraphs does not report the
      // boxes of the elements in between.
      for (const piece of model.pieces(span)) {
        range.setStart(piece.node, piece.start);
        range.setEnd(piece.node, piece.end);
        for (const rect of range.getClientRects()) rects.push(rect);
      }
      return clipRects(mergeLineRects(rects), clip);
    });
  }

  visibleBox(): DOMRect {
    return this.disposed ? new DOMRect() : this.box.measure();
  }

  caretOffset(): number | null {
    const selection = selectionFor(this.element);
    const node = selection?.focusNode;
    if (!selection || !node || selection.rangeCount === 0) return null;
    return this.textModel().domPositionToOffset(node, selection.focusOffset);
  }

  replace(span: Span, expected: string, text: string): ReplaceResult | PendingReplace {
    const plan = this.planReplace(span, expected, text);
    if ('ok' in plan) return plan;
    const { before, after } = plan;
    const root = this.element;
    const doc = root.ownerDocument;

    // 1. The browser's editing command: undoable, and the page sees the DOM change and an input event.
    //    An empty replacement is the Delete command: `insertText` with '' is not a deletion to every editor.
    try {
      if (text === '') doc.execCommand('delete');
      else doc.execCommand('insertText', false, text);
    } catch {
      // fall through to the checks
    }
    let now = this.getText();
    if (now === after) return { ok: true };
    if (now !== before) {
      this.undo();
      return { ok: false, reason: 'failed' };
    }

    // 2. Nothing happened. Offer the edit to the page's editor the standard way; if nobody takes it,
    //    edit the DOM ourselves (not undoable) and say so with an input event.
    const target = this.rangeFor(span);
    const staticRange = new StaticRange({
      startContainer: target.startContainer,
      startOffset: target.startOffset,
      endContainer: target.endContainer,
      endOffset: target.endOffset,
    });
    const init: InputEventInit = {
      bubbles: true,
      cancelable: true,
      composed: true,
      inputType: 'insertReplacementText',
      data: text,
      targetRanges: [staticRange],
    };
    const taken = !root.dispatchEvent(new InputEvent('beforeinput', init));
    now = this.getText();
    if (now === after) return { ok: true };
    if (taken || now !== before) return { ok: false, reason: 'failed' };
    const snapshot = Snapshot.take(target.commonAncestorContainer);
    editRange(target, text);
    root.dispatchEvent(new InputEvent('input', { ...init, cancelable: false }));
    if (this.getText() === after) return { ok: true };
    snapshot.restore();
    this.invalidate();
    return { ok: false, reason: 'failed' };
  }

  /**
   * Checks that `expected` still stands at `span` and selects it in the field, or says why not (an
   * `ok: true` when the edit would change nothing).
   */
  protected planReplace(span: Span, expected: string, text: string): ReplacePlan | ReplaceResult {
    const root = this.element;
    if (this.disposed || !root.isConnected) return { ok: false, reason: 'detached' };
    const before = this.getText();
    const { start, end } = span;
    if (!(start >= 0 && start <= end && end <= before.length) || before.slice(start, end) !== expected) {
      return { ok: false, reason: 'stale' };
    }
    const after = before.slice(0, start) + text + before.slice(end);
    if (after === before) return { ok: true };
    const range = this.rangeFor(span);
    // Text inside a contenteditable=false island is read but never edited, nor edited across.
    if (!isEditableRange(range, root)) return { ok: false, reason: 'failed' };
    const selection = selectionFor(root);
    if (!selection) return { ok: false, reason: 'failed' };
    root.focus({ preventScroll: true });
    selection.removeAllRanges();
    selection.addRange(range);
    return { before, after, range };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.observer.disconnect();
    this.abort.abort();
    this.changes.clear();
    this.model = null;
    this.range = null;
  }

  private onMutations(records: MutationRecord[]): void {
    if (!records.length) return;
    // Reading the records costs nothing; the text is read again only when someone asks for it.
    if (records.some((record) => record.type === 'attributes')) {
      this.styles = new WeakMap();
      this.box.invalidate();
    }
    this.invalidate();
  }

  protected invalidate(): void {
    this.model = null;
    this.changes.schedule();
  }

  /** Takes back a half-done edit with the browser's undo, which leaves its redo for the person. */
  protected undo(): void {
    try {
      this.element.ownerDocument.execCommand('undo');
    } catch {
      // nothing more we can do without guessing
    }
  }
}

/** The selection that can see inside `element`'s tree (a shadow root has its own in Chromium). */
function selectionFor(element: Element): Selection | null {
  const root = element.getRootNode() as Partial<ShadowRoot> & { getSelection?: () => Selection | null };
  if (root.host && typeof root.getSelection === 'function') return root.getSelection();
  return element.ownerDocument.getSelection();
}

/** Every element the range touches inside `root` is editable. */
function isEditableRange(range: Range, root: HTMLElement): boolean {
  const container = range.commonAncestorContainer;
  const top = container.nodeType === 1 ? (container as HTMLElement) : container.parentElement;
  if (!top || !root.contains(top)) return false;
  if (!top.isContentEditable) return false;
  const walker = root.ownerDocument.createTreeWalker(top, 1 /* SHOW_ELEMENT */);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (range.intersectsNode(node) && !(node as HTMLElement).isContentEditable) return false;
  }
  return true;
}

/** Replaces the range's content with `text`, keeping it in the start's text node where there is one. */
function editRange(range: Range, text: string): void {
  range.deleteContents();
  const node = range.startContainer;
  if (text === '') return;
  if (node.nodeType === 3) {
    (node as Text).insertData(range.startOffset, text);
  } else {
    range.insertNode((node.ownerDocument ?? (node as Document)).createTextNode(text));
  }
}

/** A copy of a subtree's children, to put back when a manual edit did not read as expected. */
class Snapshot {
  private constructor(
    private readonly node: Node,
    private readonly copy: Node[] | string,
  ) {}

  static take(node: Node): Snapshot {
    if (node.nodeType === 3) return new Snapshot(node, (node as Text).data);
    return new Snapshot(
      node,
      Array.from(node.childNodes, (child) => child.cloneNode(true)),
    );
  }

  restore(): void {
    if (typeof this.copy === 'string') (this.node as Text).data = this.copy;
    else (this.node as Element).replaceChildren(...this.copy);
  }
}
