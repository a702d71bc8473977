import type { Span } from './adapter';

/** What of an element's style decides the text a person reads in it. */
export interface TextStyle {
  /** `display: none`: nothing inside is read. */
  hidden: boolean;
  /** Block-level: a line ends before it and after it. */
  block: boolean;
  /** How the text directly inside it treats spaces and newlines. */
  whiteSpace: 'collapse' | 'preserve' | 'preserve-breaks';
}

export type StyleReader = (element: Element) => TextStyle;

/**
 * A run of the text that comes from one text node. `length` characters of the text stand for DOM
 * offsets [domStart, domEnd): the same number when the run was copied as is, more when it is one
 * space standing for a collapsed run of white space.
 */
export interface TextSegment {
  start: number;
  length: number;
  node: Text;
  domStart: number;
  domEnd: number;
}

export interface DomPosition {
  node: Node;
  offset: number;
}

/** A piece of one text node covering part of a span. */
export interface DomPiece {
  node: Text;
  start: number;
  end: number;
}

/** Elements whose content is never text a person reads in an editor. */
const SKIPPED = new Set([
  'script',
  'style',
  'template',
  'noscript',
  'textarea',
  'select',
  'svg',
  'math',
  'iframe',
  'object',
]);
const INLINE_DISPLAYS = new Set([
  '',
  'inline',
  'inline-block',
  'inline-flex',
  'inline-grid',
  'inline-table',
  'contents',
  'ruby',
  'ruby-base',
  'ruby-text',
]);
/** Tags that are blocks when no computed style is at hand. */
const BLOCK_TAGS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'dd',
  'details',
  'div',
  'dl',
  'dt',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'td',
  'th',
  'tr',
  'ul',
]);
const COLLAPSIBLE = /[ \t\n\r\f]+/g;
/**
 * Zero-width characters editors put in their DOM to hold the caret, never part of what a person
 * wrote: U+FEFF (Slate's empty leaves, Quill's cursor), U+200B runs (CKEditor 5's inline filler),
 * U+2060 (word joiner, ProseMirror and Lexical caret holders). They are not read.
 */
const FILLER = /[\ufeff\u200b\u2060]+/g;
const HAS_FILLER = /[\ufeff\u200b\u2060]/;
/** White space that collapses into something other than itself (more than one plain space). */
const UNUSUAL_SPACE = /[\t\n\r\f]| {2}/;

/**
 * The text of an editable element as a person reads it, and the way back to the DOM.
 *
 * Blocks and `<br>` become '\n' (lines are joined by one '\n'; an empty line, such as
 * `<div><br></div>`, is an empty line of text; a `<br>` that ends a block adds nothing), white space
 * collapses where CSS collapses it, `&nbsp;` reads as a space, and `display: none` content is left out.
 * Offsets are UTF-16 code units of that text.
 */
export class TextModel {
  private byNode: Map<Text, TextSegment[]> | null = null;

  constructor(
    readonly root: Node,
    readonly text: string,
    readonly segments: readonly TextSegment[],
  ) {}

  /**
   * The DOM position of a text offset. Where the offset falls between two text nodes (or on a line
   * break), `forward` gives the start of what follows and `backward` the end of what precedes.
   */
  offsetToDomPosition(offset: number, affinity: 'forward' | 'backward' = 'forward'): DomPosition {
    const segments = this.segments;
    const first = segments[0];
    const last = segments[segments.length - 1];
    if (!first || !last) return { node: this.root, offset: 0 };
    if (affinity === 'forward') {
      const seg = segments[firstIndex(segments, (s) => s.start + s.length > offset)];
      if (!seg) return { node: last.node, offset: last.domEnd };
      if (seg.start <= offset) return { node: seg.node, offset: domOffset(seg, offset - seg.start) };
      return { node: seg.node, offset: seg.domStart };
    }
    const seg = segments[firstIndex(segments, (s) => s.start >= offset) - 1];
    if (!seg) return { node: first.node, offset: first.domStart };
    if (seg.start + seg.length >= offset)
      return { node: seg.node, offset: domOffset(seg, offset - seg.start) };
    return { node: seg.node, offset: seg.domEnd };
  }

  /** The text offset of a DOM position inside the root, or null when it is outside. */
  domPositionToOffset(node: Node, offset: number): number | null {
    if (node !== this.root && !this.root.contains(node)) return null;
    if (node.nodeType === 3) {
      const list = this.segmentsOf(node as Text);
      if (list) {
        let prev: TextSegment | undefined;
        for (const seg of list) {
          if (offset < seg.domStart) return prev ? prev.start + prev.length : seg.start;
          if (offset <= seg.domEnd) return seg.start + Math.min(seg.length, offset - seg.domStart);
          prev = seg;
        }
        if (prev) return prev.start + prev.length;
      }
    }
    return this.offsetBetweenSegments(node, offset);
  }

  /** The pieces of text nodes that hold `span`, in document order. */
  pieces(span: Span): DomPiece[] {
    const out: DomPiece[] = [];
    const segments = this.segments;
    for (let i = firstIndex(segments, (s) => s.start + s.length > span.start); i < segments.length; i++) {
      const seg = segments[i];
      if (!seg || seg.start >= span.end) break;
      const from = Math.max(span.start, seg.start) - seg.start;
      const to = Math.min(span.end, seg.start + seg.length) - seg.start;
      if (to > from) out.push({ node: seg.node, start: domOffset(seg, from), end: domOffset(seg, to) });
    }
    return out;
  }

  private segmentsOf(node: Text): TextSegment[] | undefined {
    if (!this.byNode) {
      this.byNode = new Map();
      for (const seg of this.segments) {
        const list = this.byNode.get(seg.node);
        if (list) list.push(seg);
        else this.byNode.set(seg.node, [seg]);
      }
    }
    return this.byNode.get(node);
  }

  /** A position that is not inside a read text node: placed by document order among the segments. */
  private offsetBetweenSegments(node: Node, offset: number): number {
    const segments = this.segments;
    const range = (node.ownerDocument ?? (node as Document)).createRange();
    try {
      range.setStart(node, offset);
    } catch {
      return 0;
    }
    const index = firstIndex(segments, (s) => safeComparePoint(range, s.node, s.domStart) >= 0);
    const next = segments[index];
    const prev = segments[index - 1];
    if (!prev) return next ? next.start : 0;
    const prevEnd = prev.start + prev.length;
    if (!next) return prevEnd;
    // Between two lines: the end of the previous one when the position is inside the element that
    // holds it (the caret at the end of a paragraph), else the start of the next.
    return node.contains(prev.node) ? prevEnd : next.start;
  }
}

/** Reads an editable element's text. `styleOf` is asked once per element (pass a caching reader). */
export function buildTextModel(root: Element, styleOf: StyleReader): TextModel {
  const builder = new Builder(styleOf);
  builder.visit(root);
  return new TextModel(root, builder.parts.join(''), builder.segments);
}

/** The style that matters for reading text, from the element's computed style. */
export function computedTextStyle(element: Element): TextStyle {
  const style = element.ownerDocument.defaultView?.getComputedStyle(element);
  if (!style) {
    return { hidden: false, block: BLOCK_TAGS.has(element.localName), whiteSpace: 'collapse' };
  }
  const display = style.display;
  return {
    hidden: display === 'none',
    block: !INLINE_DISPLAYS.has(display),
    whiteSpace: whiteSpaceOf(style),
  };
}

/** A reader that asks `read` once per element until `cache` is dropped. */
export function cachingStyleReader(
  cache: WeakMap<Element, TextStyle>,
  read: StyleReader = computedTextStyle,
): StyleReader {
  return (element) => {
    let style = cache.get(element);
    if (!style) {
      style = read(element);
      cache.set(element, style);
    }
    return style;
  };
}

function whiteSpaceOf(style: CSSStyleDeclaration): TextStyle['whiteSpace'] {
  const collapse = style.getPropertyValue('white-space-collapse');
  if (collapse) {
    if (collapse === 'collapse') return 'collapse';
    if (collapse === 'preserve-breaks') return 'preserve-breaks';
    return 'preserve';
  }
  const legacy = style.whiteSpace;
  if (legacy === 'pre' || legacy === 'pre-wrap' || legacy === 'break-spaces') return 'preserve';
  if (legacy === 'pre-line') return 'preserve-breaks';
  return 'collapse';
}

function domOffset(seg: TextSegment, k: number): number {
  return k >= seg.length ? seg.domEnd : seg.domStart + k;
}

/** Index of the first item for which `test` holds (`test` must be false, then true, along the list). */
function firstIndex<T>(items: readonly T[], test: (item: T) => boolean): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (test(items[mid] as T)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function safeComparePoint(range: Range, node: Node, offset: number): number {
  try {
    return range.comparePoint(node, offset);
  } catch {
    return 1;
  }
}

/**
 * Walks the tree once. Lines are emitted lazily: a line's '\n' is written when the next line turns out
 * to exist (it has text, or a `<br>` ends it), so block boundaries never stack up and the text has no
 * line break at its start or end that a person would not see.
 */
class Builder {
  readonly parts: string[] = [];
  readonly segments: TextSegment[] = [];
  private length = 0;
  private linesEnded = 0;
  private lineStarted = false;
  private lineHasText = false;
  /** Collapsible white space seen since the last text; written as one space if more text follows. */
  private pendingSpace: { node: Text; domStart: number; domEnd: number } | null = null;

  constructor(private readonly styleOf: StyleReader) {}

  visit(parent: Element): void {
    let whiteSpace: TextStyle['whiteSpace'] | null = null;
    for (let child = parent.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 3) {
        whiteSpace ??= this.styleOf(parent).whiteSpace;
        this.readText(child as Text, whiteSpace);
      } else if (child.nodeType === 1) {
        const element = child as Element;
        if (SKIPPED.has(element.localName)) continue;
        const style = this.styleOf(element);
        if (style.hidden) continue;
        if (element.localName === 'br') {
          this.lineBreak();
          continue;
        }
        if (style.block) this.blockBoundary();
        this.visit(element);
        if (style.block) this.blockBoundary();
      }
    }
  }

  private readText(node: Text, whiteSpace: TextStyle['whiteSpace']): void {
    const data = node.data;
    if (!data) return;
    if (HAS_FILLER.test(data)) {
      this.readAround(node, whiteSpace);
      return;
    }
    if (whiteSpace === 'collapse') {
      if (UNUSUAL_SPACE.test(data)) this.readCollapsed(node, 0, data.length);
      else this.readPlain(node, data);
      return;
    }
    this.readPreserved(node, 0, data.length, whiteSpace);
  }

  /** Reads the runs of a node between its filler characters. */
  private readAround(node: Text, whiteSpace: TextStyle['whiteSpace']): void {
    const data = node.data;
    let from = 0;
    FILLER.lastIndex = 0;
    for (let match = FILLER.exec(data); ; match = FILLER.exec(data)) {
      const to = match ? match.index : data.length;
      if (to > from) {
        if (whiteSpace === 'collapse') this.readCollapsed(node, from, to);
        else this.readPreserved(node, from, to, whiteSpace);
      }
      if (!match) break;
      from = match.index + match[0].length;
    }
  }

  /** Newlines are line breaks; between them, spaces are kept or collapsed. */
  private readPreserved(
    node: Text,
    start: number,
    end: number,
    whiteSpace: Exclude<TextStyle['whiteSpace'], 'collapse'>,
  ): void {
    const data = node.data;
    let from = start;
    for (;;) {
      const found = data.indexOf('\n', from);
      const newline = found === -1 || found >= end ? -1 : found;
      const to = newline === -1 ? end : newline;
      if (to > from) {
        if (whiteSpace === 'preserve') this.addText(node, from, to, data.slice(from, to));
        else this.readCollapsed(node, from, to);
      }
      if (newline === -1) break;
      this.lineBreak();
      from = newline + 1;
    }
  }

  /**
   * The common case, one run for the whole node: single spaces between words, so only a space at
   * either end can collapse away.
   */
  private readPlain(node: Text, data: string): void {
    let from = 0;
    let to = data.length;
    if (data.charCodeAt(0) === 32) {
      this.addSpace(node, 0, 1);
      from = 1;
    }
    const trailing = to > from && data.charCodeAt(to - 1) === 32;
    if (trailing) to--;
    if (to > from)
      this.addText(node, from, to, from === 0 && to === data.length ? data : data.slice(from, to));
    if (trailing) this.addSpace(node, to, to + 1);
  }

  private readCollapsed(node: Text, from: number, to: number): void {
    const data = node.data;
    let pos = from;
    while (pos < to) {
      COLLAPSIBLE.lastIndex = pos;
      const match = COLLAPSIBLE.exec(data);
      const spaceStart = match && match.index < to ? match.index : to;
      if (spaceStart > pos) this.addText(node, pos, spaceStart, data.slice(pos, spaceStart));
      if (!match || spaceStart >= to) break;
      const spaceEnd = Math.min(to, match.index + match[0].length);
      this.addSpace(node, spaceStart, spaceEnd);
      pos = spaceEnd;
    }
  }

  private addSpace(node: Text, domStart: number, domEnd: number): void {
    // Spaces at the start of a line are not shown; a run (even across nodes) shows as one space.
    if (!this.lineHasText) return;
    const pending = this.pendingSpace;
    if (pending) {
      if (pending.node === node && pending.domEnd === domStart) pending.domEnd = domEnd;
      return;
    }
    this.pendingSpace = { node, domStart, domEnd };
  }

  private addText(node: Text, domStart: number, domEnd: number, text: string): void {
    this.startLine();
    const pending = this.pendingSpace;
    if (pending) {
      this.pendingSpace = null;
      this.emit(pending.node, pending.domStart, pending.domEnd, ' ');
    }
    this.emit(node, domStart, domEnd, text.includes('\u00a0') ? text.replace(/\u00a0/g, ' ') : text);
    this.lineHasText = true;
  }

  private emit(node: Text, domStart: number, domEnd: number, text: string): void {
    const last = this.segments[this.segments.length - 1];
    const copied = domEnd - domStart === text.length;
    if (
      last &&
      copied &&
      last.node === node &&
      last.start + last.length === this.length &&
      last.domEnd === domStart &&
      last.domEnd - last.domStart === last.length
    ) {
      last.length += text.length;
      last.domEnd = domEnd;
    } else {
      this.segments.push({ start: this.length, length: text.length, node, domStart, domEnd });
    }
    this.parts.push(text);
    this.length += text.length;
  }

  private startLine(): void {
    if (this.lineStarted) return;
    if (this.linesEnded > 0) {
      this.parts.push('\n');
      this.length += 1;
    }
    this.lineStarted = true;
  }

  /** `<br>` or a preserved newline: ends the current line, even an empty one. */
  private lineBreak(): void {
    this.pendingSpace = null;
    this.startLine();
    this.linesEnded++;
    this.lineStarted = false;
    this.lineHasText = false;
  }

  /** A block starts or ends: ends the current line if it has text. */
  private blockBoundary(): void {
    this.pendingSpace = null;
    if (!this.lineHasText) return;
    this.linesEnded++;
    this.lineStarted = false;
    this.lineHasText = false;
  }
}
