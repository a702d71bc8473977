import type { Locator, Page } from '@playwright/test';
import { RICH_EDITORS } from '../../fixtures/field-kinds';
import { expect } from '../fixtures';

/** A rich editor's fixture page (tests/fixtures/pages/editors), read through the editor's own model. */
export interface EditorFixture {
  name: string;
  page: string;
  /** The editor's contenteditable root. */
  field(page: Page): Locator;
}

export const EDITOR_FIXTURES: EditorFixture[] = RICH_EDITORS.map((kind) => ({
  name: kind.name,
  page: kind.page,
  field: (page) => page.locator(kind.path.join(' ')),
}));

/** Opens the page and waits for its editor to expose its model. */
export async function openEditor(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForFunction(() => Boolean(window.redlineEditor), undefined, { timeout: 20_000 });
}

/** The editor's text as its own model holds it (blocks joined by '\n'), never read from the DOM. */
export function modelText(page: Page): Promise<string> {
  return page.evaluate(() => window.redlineEditor?.getText() ?? '');
}

/**
 * Waits until the editor's next change would be an undo step of its own (see `undoBoundary` in the
 * fixture API): a person pauses between typing and accepting, and Quill, Lexical and ProseMirror
 * merge changes closer together than their history delay. Pages without a rich editor are there at once.
 */
export async function waitForUndoBoundary(page: Page): Promise<void> {
  await expect
    .poll(() => page.evaluate(() => window.redlineEditor?.undoBoundary?.() ?? true), { intervals: [50] })
    .toBe(true);
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Oracle for where text is drawn, apart from Redline's text model: the `length` characters at
 * `offset` into the first occurrence of `needle` in the editor's raw DOM text, measured with a Range.
 */
export function textBox(field: Locator, needle: string, offset = 0, length = needle.length): Promise<Box> {
  return field.evaluate(
    (root, [needle, offset, length]) => {
      const nodes: { node: Text; at: number }[] = [];
      let raw = '';
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
        nodes.push({ node, at: raw.length });
        raw += node.data;
      }
      const start = raw.indexOf(needle) + offset;
      if (start < offset) throw new Error(`"${needle}" is not in the editor`);
      const locate = (position: number, end: boolean) => {
        const hit = [...nodes]
          .reverse()
          .find(({ at }) => (end ? at < position : at <= position)) as (typeof nodes)[number];
        return [hit.node, position - hit.at] as const;
      };
      const range = document.createRange();
      range.setStart(...locate(start, false));
      range.setEnd(...locate(start + length, true));
      const box = range.getBoundingClientRect();
      return { x: box.left, y: box.top, width: box.width, height: box.height };
    },
    [needle, offset, length] as const,
  );
}

/**
 * The underline sits within 2 px of the text. Polled briefly: React commits the overlay's update a
 * task after the animation frame that measured it.
 */
export async function expectWithin2px(mark: Locator, expected: () => Promise<Box>): Promise<void> {
  await expect(async () => {
    const want = await expected();
    const box = await mark.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return { x: r.left, y: r.top, width: r.width, height: r.height };
    });
    expect(Math.abs(box.x - want.x)).toBeLessThanOrEqual(2);
    expect(Math.abs(box.y - want.y)).toBeLessThanOrEqual(2);
    expect(Math.abs(box.width - want.width)).toBeLessThanOrEqual(2);
    expect(Math.abs(box.y + box.height - (want.y + want.height))).toBeLessThanOrEqual(2);
  }).toPass({ timeout: 3_000 });
}
