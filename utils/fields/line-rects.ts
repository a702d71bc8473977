/** Edges of a box in viewport coordinates. */
export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Fragments closer than this (px) on one line are one underline. */
const JOIN_GAP = 2;

/**
 * One rect per line box: the fragments a Range reports for one line (inline elements, bidi runs,
 * adjacent text nodes) are joined; fragments of other lines stay apart. Empty rects are dropped.
 * Result is in reading order (top, then left).
 */
export function mergeLineRects(rects: Iterable<Box>): DOMRect[] {
  const sorted = [...rects]
    .filter((r) => r.right > r.left && r.bottom > r.top)
    .sort((a, b) => a.top - b.top || a.left - b.left);
  const merged: Box[] = [];
  for (const rect of sorted) {
    const last = merged.find(
      (m) => sameLine(m, rect) && rect.left <= m.right + JOIN_GAP && rect.right >= m.left - JOIN_GAP,
    );
    if (last) {
      last.left = Math.min(last.left, rect.left);
      last.top = Math.min(last.top, rect.top);
      last.right = Math.max(last.right, rect.right);
      last.bottom = Math.max(last.bottom, rect.bottom);
    } else {
      merged.push({ left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom });
    }
  }
  return merged.map(toDomRect);
}

/** Rects intersected with `clip`; those left empty are dropped. */
export function clipRects(rects: Iterable<Box>, clip: Box): DOMRect[] {
  const out: DOMRect[] = [];
  for (const rect of rects) {
    const box = intersect(rect, clip);
    if (box) out.push(toDomRect(box));
  }
  return out;
}

/** The overlap of two boxes, or null when they do not overlap. */
export function intersect(a: Box, b: Box): Box | null {
  const left = Math.max(a.left, b.left);
  const top = Math.max(a.top, b.top);
  const right = Math.min(a.right, b.right);
  const bottom = Math.min(a.bottom, b.bottom);
  return right > left && bottom > top ? { left, top, right, bottom } : null;
}

export function toDomRect(box: Box): DOMRect {
  return new DOMRect(box.left, box.top, box.right - box.left, box.bottom - box.top);
}

/** Two fragments are on one line when they overlap vertically by at least half the shorter one. */
function sameLine(a: Box, b: Box): boolean {
  const overlap = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
  return overlap >= Math.min(a.bottom - a.top, b.bottom - b.top) / 2;
}
