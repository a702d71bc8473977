import type { FrameLocator, Locator, Page } from '@playwright/test';
import { PLAIN_FIELDS, type FieldKind } from '../../fixtures/field-kinds';

/** A fixture page with one field Redline should check, and how to read what the page believes. */
export interface FieldFixture {
  name: string;
  page: string;
  /** Where the field and the overlay live (the iframe's document for the iframe page). */
  scope(page: Page): Page | FrameLocator;
  field(page: Page): Locator;
  /** The text as the page's own code sees it (React: component state). */
  read(page: Page): Promise<string>;
  /** The bounding box of field text [start, end), measured independently of Redline. */
  textBox(
    page: Page,
    start: number,
    end: number,
  ): Promise<{ x: number; y: number; width: number; height: number }>;
}

/**
 * Oracle for textarea/input text geometry: a same-styled div laid out like the control, written
 * apart from Redline's own mirror so a bug there cannot hide here.
 */
async function controlTextBox(field: Locator, start: number, end: number) {
  return field.evaluate(
    (el, [start, end]) => {
      const control = el as HTMLTextAreaElement | HTMLInputElement;
      const style = getComputedStyle(control);
      const div = document.createElement('div');
      const copy = [
        'font-family',
        'font-size',
        'font-weight',
        'font-style',
        'letter-spacing',
        'line-height',
        'padding-top',
        'padding-right',
        'padding-bottom',
        'padding-left',
        'border-top-width',
        'border-right-width',
        'border-bottom-width',
        'border-left-width',
        'box-sizing',
        'text-indent',
        'tab-size',
        'word-spacing',
        'text-transform',
      ];
      for (const prop of copy) div.style.setProperty(prop, style.getPropertyValue(prop));
      div.style.position = 'absolute';
      div.style.visibility = 'hidden';
      div.style.borderStyle = 'solid';
      div.style.width = `${control.offsetWidth}px`;
      const isInput = control instanceof HTMLInputElement;
      div.style.whiteSpace = isInput ? 'pre' : 'pre-wrap';
      div.style.overflowWrap = 'break-word';
      const text = control.value;
      const before = document.createTextNode(text.slice(0, start));
      const mark = document.createElement('span');
      mark.textContent = text.slice(start, end);
      div.append(before, mark, document.createTextNode(text.slice(end) || '.'));
      document.body.append(div);
      // Match the control's width for the content box, scrollbar included.
      if (!isInput)
        div.style.width = `${control.clientWidth + parseFloat(style.borderLeftWidth) + parseFloat(style.borderRightWidth)}px`;
      const fieldBox = control.getBoundingClientRect();
      const divBox = div.getBoundingClientRect();
      const markBox = mark.getBoundingClientRect();
      div.remove();
      return {
        x: fieldBox.left + (markBox.left - divBox.left) - control.scrollLeft,
        y: fieldBox.top + (markBox.top - divBox.top) - control.scrollTop,
        width: markBox.width,
        height: markBox.height,
      };
    },
    [start, end] as const,
  );
}

async function editableTextBox(field: Locator, start: number, end: number) {
  return field.evaluate(
    (el, [start, end]) => {
      // Text offsets over the text nodes (the fixtures' editable text is one block).
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      const range = document.createRange();
      let offset = 0;
      let node: Node | null;
      let started = false;
      while ((node = walker.nextNode())) {
        const length = node.textContent?.length ?? 0;
        if (!started && start <= offset + length) {
          range.setStart(node, start - offset);
          started = true;
        }
        if (started && end <= offset + length) {
          range.setEnd(node, end - offset);
          break;
        }
        offset += length;
      }
      const box = range.getBoundingClientRect();
      return { x: box.left, y: box.top, width: box.width, height: box.height };
    },
    [start, end] as const,
  );
}

const valueOf = (field: Locator) => field.evaluate((el) => (el as HTMLTextAreaElement).value);

/** Playwright's fixture for a field kind (tests/fixtures/field-kinds.ts): its CSS locators pierce open shadow roots. */
function fieldFixture(kind: FieldKind): FieldFixture {
  const scope = (page: Page): Page | FrameLocator => (kind.frame ? page.frameLocator(kind.frame) : page);
  const field = (page: Page) => scope(page).locator(kind.path.join(' '));
  return {
    name: kind.name,
    page: kind.page,
    scope,
    field,
    read: async (page) => {
      if (kind.read === 'reactState') return (await page.locator('#state').getAttribute('data-state')) ?? '';
      if (kind.read === 'innerText')
        return field(page).evaluate((el) => (el as HTMLElement).innerText.replace(/\n$/, ''));
      return valueOf(field(page));
    },
    // Overlay boxes of a field in an iframe are in the iframe's viewport too: the same coordinates.
    textBox: (page, start, end) =>
      kind.read === 'innerText'
        ? editableTextBox(field(page), start, end)
        : controlTextBox(field(page), start, end),
  };
}

export const FIELD_FIXTURES: FieldFixture[] = PLAIN_FIELDS.map(fieldFixture);

/** A sentence harper.js flags: "a example" → "an example". */
export const ARTICLE_SENTENCE = 'This is a example of my writing.';
export const ARTICLE_FIXED = 'This is an example of my writing.';
