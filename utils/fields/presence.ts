/**
 * Whether a person can see a field at all. A page can focus a field it made tiny, transparent or
 * moved off screen and write into it by script; Redline checks nothing there (not even locally), so
 * a page cannot use it as a hidden proxy. Layout reads: call before a check, never per keystroke.
 */

/** Smaller than this (CSS px) in either direction is not a field a person types in. */
const MIN_SIZE_PX = 8;
/** Opacity (of the field and everything above it, multiplied) below which text cannot be read. */
const MIN_OPACITY = 0.1;

/** Why `field` cannot be seen, or null when it can. */
export function hiddenReason(field: Element): string | null {
  let element: Element | null = field;
  // The field, then the iframes it sits in (same-origin ones are reachable through frameElement).
  while (element) {
    const reason = ownHiddenReason(element);
    if (reason) return reason;
    element = element.ownerDocument.defaultView?.frameElement ?? null;
  }
  return null;
}

function ownHiddenReason(element: Element): string | null {
  const view = element.ownerDocument.defaultView;
  if (!view || !element.isConnected) return 'detached';
  const box = element.getBoundingClientRect();
  if (box.width < MIN_SIZE_PX || box.height < MIN_SIZE_PX) return 'too small';
  // Never reachable by scrolling: entirely left of or above the document's start.
  if (box.right + view.scrollX <= 0 || box.bottom + view.scrollY <= 0) return 'off screen';
  const style = view.getComputedStyle(element);
  if (style.visibility === 'hidden' || style.visibility === 'collapse') return 'invisible';
  let opacity = 1;
  for (let node: Element | null = element; node; node = parentComposed(node)) {
    opacity *= opacityOf(view.getComputedStyle(node).opacity);
    if (opacity < MIN_OPACITY) return 'transparent';
  }
  return null;
}

function parentComposed(node: Element): Element | null {
  if (node.parentElement) return node.parentElement;
  return (node.getRootNode() as Partial<ShadowRoot>).host ?? null;
}

/** A computed `opacity` as a number (an engine that reports none means fully opaque). */
function opacityOf(value: string): number {
  const parsed = Number.parseFloat(value);
  return Number.isNaN(parsed) ? 1 : parsed;
}
