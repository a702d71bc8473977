// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { clipRects, mergeLineRects, type Box } from '../line-rects';

const box = (left: number, top: number, right: number, bottom: number): Box => ({ left, top, right, bottom });
const plain = (rects: DOMRect[]) => rects.map((r) => box(r.left, r.top, r.right, r.bottom));

describe('mergeLineRects', () => {
  it('joins the fragments of one line (inline elements, font sizes) into one rect', () => {
    const merged = mergeLineRects([box(10, 100, 30, 118), box(30, 98, 50, 120), box(50, 100, 60, 118)]);
    expect(plain(merged)).toEqual([box(10, 98, 60, 120)]);
  });

  it('keeps lines apart: a wrapped span is one rect per line, in reading order', () => {
    const merged = mergeLineRects([box(5, 122, 40, 140), box(100, 100, 160, 118)]);
    expect(plain(merged)).toEqual([box(100, 100, 160, 118), box(5, 122, 40, 140)]);
  });

  it('keeps apart fragments of one line that are far apart (bidi runs), and drops empty ones', () => {
    const merged = mergeLineRects([box(10, 100, 20, 118), box(80, 100, 90, 118), box(50, 100, 50, 118)]);
    expect(plain(merged)).toEqual([box(10, 100, 20, 118), box(80, 100, 90, 118)]);
  });
});

describe('clipRects', () => {
  it('cuts rects to the visible box and drops those outside it', () => {
    const clip = box(0, 100, 200, 200);
    const clipped = clipRects([box(10, 90, 50, 110), box(10, 150, 50, 170), box(10, 210, 50, 230)], clip);
    expect(plain(clipped)).toEqual([box(10, 100, 50, 110), box(10, 150, 50, 170)]);
  });
});
