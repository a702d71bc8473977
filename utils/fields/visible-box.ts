import { intersect, toDomRect, type Box } from './line-rects';

/**
 * Where a field's content can be seen, in viewport coordinates: its own box (the padding box, less
 * scrollbars, when it scrolls or clips), cut by every ancestor that clips overflow (crossing shadow
 * roots) and by the viewport. Text outside this box is scrolled away or hidden, so nothing is drawn there.
 */
export class VisibleBox {
  private ancestors: Element[] | null = null;

  constructor(private readonly element: HTMLElement) {}

  /** Forget the clipping ancestors (call when the page's layout may have changed shape). */
  invalidate(): void {
    this.ancestors = null;
  }

  /** Measures now (layout reads: call from an animation frame). Empty when nothing is visible. */
  measure(): DOMRect {
    const element = this.element;
    const view = element.ownerDocument.defaultView;
    if (!element.isConnected || !view) return new DOMRect();
    this.ancestors ??= clippingAncestors(element);
    let box: Box | null = clipsOwnContent(element, view)
      ? clientBox(element)
      : element.getBoundingClientRect();
    for (const ancestor of this.ancestors) {
      if (!box) break;
      box = intersect(box, clientBox(ancestor));
    }
    const root = element.ownerDocument.documentElement;
    if (box) box = intersect(box, { left: 0, top: 0, right: root.clientWidth, bottom: root.clientHeight });
    return box ? toDomRect(box) : new DOMRect();
  }
}

/** The padding box less scrollbars: what a scroll container shows of its content. */
export function clientBox(element: Element): Box {
  const rect = element.getBoundingClientRect();
  const left = rect.left + element.clientLeft;
  const top = rect.top + element.clientTop;
  return { left, top, right: left + element.clientWidth, bottom: top + element.clientHeight };
}

function clipsOwnContent(element: Element, view: Window): boolean {
  const name = element.localName;
  if (name === 'textarea' || name === 'input') return true;
  const style = view.getComputedStyle(element);
  return style.overflowX !== 'visible' || style.overflowY !== 'visible';
}

/**
 * Ancestors whose overflow clips their content, nearest first. The root and body are left out: their
 * overflow belongs to the viewport, which is clipped separately.
 */
function clippingAncestors(element: Element): Element[] {
  const view = element.ownerDocument.defaultView;
  const doc = element.ownerDocument;
  const out: Element[] = [];
  for (let node = parentComposed(element); node; node = parentComposed(node)) {
    if (node === doc.documentElement || node === doc.body) break;
    const style = view?.getComputedStyle(node);
    if (
      style &&
      (style.overflowX !== 'visible' || style.overflowY !== 'visible') &&
      style.display !== 'contents'
    ) {
      out.push(node);
    }
  }
  return out;
}

function parentComposed(node: Element): Element | null {
  if (node.parentElement) return node.parentElement;
  // Not `instanceof ShadowRoot`: a field in a same-origin iframe belongs to another realm.
  return (node.getRootNode() as Partial<ShadowRoot>).host ?? null;
}
