import type { Span } from './adapter';
import type { Box } from './line-rects';

export type TextControl = HTMLTextAreaElement | HTMLInputElement;

/**
 * Computed properties that decide where a text control's glyphs fall. `white-space` is copied before
 * its longhands so that whichever the browser knows wins.
 */
const TEXT_LAYOUT_PROPERTIES = [
  'direction',
  'unicode-bidi',
  'writing-mode',
  'text-orientation',
  'font-family',
  'font-size',
  'font-style',
  'font-variant',
  'font-variant-ligatures',
  'font-variant-numeric',
  'font-variant-east-asian',
  'font-weight',
  'font-stretch',
  'font-size-adjust',
  'font-kerning',
  'font-feature-settings',
  'font-variation-settings',
  'font-optical-sizing',
  'font-synthesis',
  'line-height',
  'letter-spacing',
  'word-spacing',
  'text-align',
  'text-align-last',
  'text-indent',
  'text-transform',
  'text-rendering',
  'tab-size',
  'white-space',
  'white-space-collapse',
  'text-wrap-mode',
  'text-wrap-style',
  'word-break',
  'overflow-wrap',
  'line-break',
  'hyphens',
  'padding-top',
  'padding-right',
  'padding-bottom',
  'padding-left',
  'border-top-width',
  'border-right-width',
  'border-bottom-width',
  'border-left-width',
] as const;

/**
 * Keeps the mirror out of the page's layout and sight: a zero-sized, clipped, contained box. Its
 * content is still laid out, so ranges in it still report geometry.
 */
const WRAPPER_CSS =
  'all:initial;position:absolute;top:0;left:0;width:0;height:0;overflow:hidden;contain:strict;' +
  'visibility:hidden;pointer-events:none;user-select:none;';
/** Fixed parts of the mirror's style; the copied ones come first so these always win. */
const MIRROR_FIXED_CSS =
  'position:absolute;top:0;left:0;display:block;margin:0;box-sizing:content-box;height:auto;' +
  'min-width:0;max-width:none;min-height:0;max-height:none;overflow:visible;border-style:solid;' +
  'border-color:transparent;float:none;transform:none;visibility:hidden;';
const BLOCK_CSS = 'display:block;margin:0;padding:0;border:0;text-indent:0;';

/**
 * A hidden copy of a textarea or input, laid out like it, for measuring where a piece of its text is.
 *
 * Textarea text is split into one block per line of the value: a keystroke then changes one small
 * block, and the browser lays out again only that block, not all of a 100k-character copy. A forced
 * line break and a block boundary lay out alike in `pre-wrap` text (an empty block gets a `<br>`, so it
 * keeps its line), and `text-indent` is kept for the first block only, as the control has it.
 */
export class TextMirror {
  private host: HTMLElement | null = null;
  private wrapper: HTMLElement | null = null;
  private mirror: HTMLElement | null = null;
  private blocks: HTMLElement[] = [];
  private paragraphs: string[] = [];
  /** Offset of each paragraph in the text. */
  private starts: number[] = [];
  private text: string | null = null;
  private styleDirty = true;
  private cssText = '';
  private appliedCss = '';
  private textIndent = '0px';
  private firstBlock: HTMLElement | null = null;
  private range: Range | null = null;
  private syncedThisTask = false;
  /** The copy's viewport box and the blocks in the last window asked for: valid while `syncedThisTask`. */
  private origin: DOMRect | null = null;
  private visibleBlocks: { top: number; bottom: number; first: number; last: number } | null = null;
  private readonly isInput: boolean;

  constructor(
    private readonly field: TextControl,
    private readonly mirrorHost?: HTMLElement | ShadowRoot,
  ) {
    this.isInput = field.localName === 'input';
  }

  /** The copied style is read again at the next measure (resize, focus, font load). */
  invalidateStyle(): void {
    this.styleDirty = true;
    this.syncedThisTask = false;
  }

  /** The next measure compares the text again (the value was just changed in this task). */
  invalidateText(): void {
    this.syncedThisTask = false;
  }

  /** The page or the field scrolled in this task: the next measure reads the copy's position again. */
  invalidatePosition(): void {
    this.syncedThisTask = false;
  }

  /**
   * Rects of each span, relative to the field's border box as if it were not scrolled and not
   * transformed. One pass: DOM writes first, then one layout for all reads.
   *
   * `window` (same coordinates, vertical): lines of the copy wholly outside it are not measured and
   * give no rects. The caller clips to what can be seen anyway; asking the layout for the rects of a
   * 100k-character copy's hidden lines is most of the cost of a frame.
   */
  measure(text: string, spans: readonly Span[], window?: { top: number; bottom: number }): Box[][] {
    const mirror = this.mount();
    // The overlay measures each underline of a frame in turn: the copy is brought up to date once per
    // task, not once per underline (comparing a 100k value 50 times a frame adds up).
    if (!this.syncedThisTask || text.length !== this.text?.length) {
      this.syncStyle(mirror);
      this.syncText(text, mirror);
      this.syncedThisTask = true;
      this.origin = null;
      this.visibleBlocks = null;
      queueMicrotask(() => (this.syncedThisTask = false));
    }
    // Read once per task too (dropped with `syncedThisTask`): the same for every underline of a frame.
    const origin = (this.origin ??= mirror.getBoundingClientRect());
    const dy = this.isInput ? this.inputLineOffset() : 0;
    const range = (this.range ??= this.field.ownerDocument.createRange());
    const [first, last] = window && !this.isInput ? this.blocksIn(mirror, window) : [0, Infinity];
    return spans.map((span) => {
      const rects: Box[] = [];
      const start = Math.max(0, Math.min(span.start, text.length));
      const end = Math.max(start, Math.min(span.end, text.length));
      for (let i = this.paragraphAt(start); i < this.paragraphs.length; i++) {
        const paragraphStart = this.starts[i] ?? 0;
        if (paragraphStart > end) break;
        const block = this.blocks[i];
        const node = block?.firstChild;
        if (i < first || i > last || !block || !isText(node)) continue;
        const from = Math.max(start, paragraphStart) - paragraphStart;
        const to = Math.min(end, paragraphStart + node.data.length) - paragraphStart;
        // A piece of a non-empty span that is only the line break draws nothing.
        if (to < from || (to === from && start !== end)) continue;
        range.setStart(node, from);
        range.setEnd(node, to);
        for (const r of range.getClientRects()) {
          rects.push({
            left: r.left - origin.left,
            top: r.top - origin.top + dy,
            right: r.right - origin.left,
            bottom: r.bottom - origin.top + dy,
          });
        }
        if (start === end) break;
      }
      return rects;
    });
  }

  dispose(): void {
    (this.host ?? this.wrapper)?.remove();
    this.host = this.wrapper = this.mirror = this.firstBlock = null;
    this.blocks = [];
    this.paragraphs = [];
    this.starts = [];
    this.text = null;
    this.range = null;
    this.origin = null;
    this.visibleBlocks = null;
  }

  private mount(): HTMLElement {
    if (this.mirror?.isConnected) return this.mirror;
    this.dispose();
    const doc = this.field.ownerDocument;
    let parent: HTMLElement | ShadowRoot;
    if (this.mirrorHost) {
      parent = this.mirrorHost;
    } else {
      // Our own shadow host: the page's styles cannot reach the copy, and the page gains one empty,
      // zero-sized element rather than a tree of text.
      const host = doc.createElement('redline-mirror');
      host.style.cssText = WRAPPER_CSS.replace(/;/g, ' !important;');
      parent = host.attachShadow({ mode: 'closed' });
      (doc.body ?? doc.documentElement).append(host);
      this.host = host;
    }
    const wrapper = doc.createElement('div');
    wrapper.style.cssText = WRAPPER_CSS;
    const mirror = doc.createElement('div');
    mirror.setAttribute('aria-hidden', 'true');
    wrapper.append(mirror);
    parent.append(wrapper);
    this.wrapper = wrapper;
    this.mirror = mirror;
    this.styleDirty = true;
    this.appliedCss = '';
    return mirror;
  }

  private syncStyle(mirror: HTMLElement): void {
    const field = this.field;
    const view = field.ownerDocument.defaultView;
    if (!view) return;
    const style = view.getComputedStyle(field);
    let copied = '';
    if (this.styleDirty) {
      for (const name of TEXT_LAYOUT_PROPERTIES) {
        const value = style.getPropertyValue(name);
        if (value) copied += `${name}:${value};`;
      }
      if (this.isInput) copied += 'white-space:pre;white-space-collapse:preserve;text-wrap-mode:nowrap;';
      this.textIndent = style.getPropertyValue('text-indent') || '0px';
      this.styleDirty = false;
      this.cssText = copied;
    }
    // The width is checked every time: a scrollbar that comes or goes changes it without a resize.
    const cssText = `${this.cssText}${MIRROR_FIXED_CSS}width:${contentWidth(field, style)}px;`;
    if (this.appliedCss !== cssText) {
      mirror.style.cssText = cssText;
      this.appliedCss = cssText;
    }
    if (this.firstBlock) this.firstBlock.style.textIndent = this.textIndent;
  }

  private syncText(text: string, mirror: HTMLElement): void {
    if (text === this.text) return;
    this.text = text;
    const doc = this.field.ownerDocument;
    const next = this.isInput ? [text] : text.split('\n');
    const prev = this.paragraphs;
    let head = 0;
    while (head < next.length && head < prev.length && next[head] === prev[head]) head++;
    let tail = 0;
    while (
      tail < next.length - head &&
      tail < prev.length - head &&
      next[next.length - 1 - tail] === prev[prev.length - 1 - tail]
    ) {
      tail++;
    }
    // Blocks [head, prev.length - tail) are replaced by paragraphs [head, next.length - tail): reuse
    // the ones both sides have, add or remove the rest.
    const removedEnd = prev.length - tail;
    const addedEnd = next.length - tail;
    const reused = Math.min(removedEnd, addedEnd) - head;
    const middle: HTMLElement[] = [];
    for (let i = 0; i < reused; i++) {
      const block = this.blocks[head + i];
      if (block) fillBlock(block, next[head + i] ?? '');
      if (block) middle.push(block);
    }
    for (let i = head + reused; i < removedEnd; i++) this.blocks[i]?.remove();
    const anchor = this.blocks[removedEnd] ?? null;
    for (let i = head + reused; i < addedEnd; i++) {
      const block = doc.createElement('div');
      block.style.cssText = BLOCK_CSS;
      fillBlock(block, next[i] ?? '');
      mirror.insertBefore(block, anchor);
      middle.push(block);
    }
    this.blocks = [...this.blocks.slice(0, head), ...middle, ...this.blocks.slice(removedEnd)];
    this.paragraphs = next;
    this.starts = new Array<number>(next.length);
    let offset = 0;
    for (let i = 0; i < next.length; i++) {
      this.starts[i] = offset;
      offset += (next[i] ?? '').length + 1;
    }
    const first = this.blocks[0] ?? null;
    if (first !== this.firstBlock) {
      if (this.firstBlock) this.firstBlock.style.textIndent = '0';
      if (first) first.style.textIndent = this.textIndent;
      this.firstBlock = first;
    }
  }

  /**
   * First and last block that overlap `window` (vertically, the copy's border-box coordinates), by
   * binary search over block offsets: a few layout reads, whatever the number of lines. Blocks stack
   * downwards in horizontal writing; in vertical writing every block spans the height and all count.
   */
  private blocksIn(mirror: HTMLElement, window: { top: number; bottom: number }): [number, number] {
    const cached = this.visibleBlocks;
    if (cached && cached.top === window.top && cached.bottom === window.bottom)
      return [cached.first, cached.last];
    // Block offsets are from the copy's padding box; rects are from its border box.
    const border = mirror.clientTop;
    const blocks = this.blocks;
    const bottomOf = (i: number) => border + (blocks[i]?.offsetTop ?? 0) + (blocks[i]?.offsetHeight ?? 0);
    const topOf = (i: number) => border + (blocks[i]?.offsetTop ?? 0);
    // first: the first block whose bottom reaches the window; last: the last block whose top is in it.
    let lo = 0;
    let hi = blocks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (bottomOf(mid) < window.top) lo = mid + 1;
      else hi = mid;
    }
    const first = lo;
    lo = first;
    hi = blocks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (topOf(mid) <= window.bottom) lo = mid + 1;
      else hi = mid;
    }
    const last = lo - 1;
    this.visibleBlocks = { ...window, first, last };
    return [first, last];
  }

  /** Index of the paragraph holding `offset` (binary search over paragraph starts). */
  private paragraphAt(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return Math.max(0, lo);
  }

  /**
   * An input centres its one line in its content box; the mirror's line sits at the top. The
   * difference moves every rect down.
   */
  private inputLineOffset(): number {
    const field = this.field;
    const line = this.blocks[0]?.getBoundingClientRect().height ?? 0;
    const style = field.ownerDocument.defaultView?.getComputedStyle(field);
    if (!style) return 0;
    const padding = px(style.paddingTop) + px(style.paddingBottom);
    const content = field.clientHeight - padding;
    return (content - line) / 2;
  }
}

/**
 * Width of the control's content box less its scrollbar: the width its text wraps in.
 * `clientWidth` is rounded, so it is taken only for the scrollbar, from the computed width.
 */
function contentWidth(field: TextControl, style: CSSStyleDeclaration): number {
  const paddingX = px(style.paddingLeft) + px(style.paddingRight);
  const borderX = px(style.borderLeftWidth) + px(style.borderRightWidth);
  const scrollbar = Math.max(0, Math.round(field.offsetWidth - field.clientWidth - borderX));
  let width = px(style.width);
  if (style.boxSizing === 'border-box') width -= paddingX + borderX;
  return Math.max(0, width - scrollbar);
}

function fillBlock(block: HTMLElement, paragraph: string): void {
  const node = block.firstChild;
  if (paragraph === '') {
    if (node?.nodeName !== 'BR' || block.childNodes.length !== 1) {
      block.replaceChildren(block.ownerDocument.createElement('br'));
    }
  } else if (isText(node) && block.childNodes.length === 1) {
    if (node.data !== paragraph) node.data = paragraph;
  } else {
    block.replaceChildren(block.ownerDocument.createTextNode(paragraph));
  }
}

function isText(node: Node | null | undefined): node is Text {
  return node?.nodeType === 3;
}

function px(value: string): number {
  const n = parseFloat(value);
  return Number.isFinite(n) ? n : 0;
}
