import { expect, test, type Page } from '@playwright/test';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'rolldown';
import type * as AdaptersEntry from '../fixtures/pages/adapters/adapters-entry';

/**
 * The field adapters in a real Chromium, without the extension: the adapter code is bundled (with
 * rolldown, Vite's bundler) and injected into static fixture pages. Geometry is checked against the
 * browser's own hit testing in the real field, edits against the field's value, the page's framework
 * (React 19) and Ctrl+Z.
 */

declare global {
  interface Window {
    RedlineAdapters: typeof AdaptersEntry;
  }
}

const FIXTURES = path.resolve('tests/fixtures/pages/adapters');
const TEXTAREA_TEXT =
  'Their going to the park tomorow.\nIt was a mistaek, and teh sun was out.\nA third line keeps the second one in the middle.';
const CE_TEXT = [
  'First paragraph with teh mistake.',
  'Second bold and italic text.',
  'After a break.',
  'One item',
  'Two items',
  'Nested item',
  'Hidden text is skipped.',
  '',
  'After an empty line, spaces  stay.',
  'Fixed island text here.',
].join('\n');

// Hit testing scans many points; on a busy 2-core machine a test can take well over the default 30 s.
test.describe.configure({ timeout: 90_000 });

test.use({
  launchOptions: {
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  },
});

let adaptersBundle = '';
let reactBundle = '';

test.beforeAll(async () => {
  [adaptersBundle, reactBundle] = await Promise.all([
    bundle('adapters-entry.ts', 'RedlineAdapters'),
    bundle('react-entry.tsx', 'RedlineReactFixture'),
  ]);
});

async function bundle(entry: string, name: string): Promise<string> {
  const result = await build({
    input: path.join(FIXTURES, entry),
    write: false,
    platform: 'browser',
    logLevel: 'warn',
    transform: { define: { 'process.env.NODE_ENV': '"production"' } },
    output: { format: 'iife', name },
  });
  const chunk = result.output[0];
  if (!chunk || chunk.type !== 'chunk') throw new Error(`bundling ${entry} gave no code`);
  return chunk.code;
}

async function open(page: Page, fixture: 'adapters.html' | 'react.html' = 'adapters.html'): Promise<void> {
  await page.goto(pathToFileURL(path.join(FIXTURES, fixture)).href);
  if (fixture === 'react.html') {
    await page.addScriptTag({ content: reactBundle });
    await page.locator('#react-textarea').waitFor();
  }
  await page.addScriptTag({ content: adaptersBundle });
}

/** Scrolls the page so the field is in view, then a little more: page scroll is never zero. */
async function scrollTo(page: Page, selector: string): Promise<void> {
  await page.evaluate((selector) => {
    document.querySelector(selector)?.scrollIntoView({ block: 'center' });
    window.scrollBy(0, 37);
  }, selector);
}

interface Measured {
  rects: AdaptersEntry.PlainRect[];
  /** Boundary before the span's first character, from hit testing. */
  left: number | null;
  /** Boundary after its last character. */
  right: number | null;
  /** Vertical extent of the span's line, from hit testing. */
  line: { top: number; bottom: number } | null;
}

/** The adapter's rects for `word` and, for its first rect, where hit testing says the text is (monospace). */
function measureMono(page: Page, selector: string, word: string, after = ''): Promise<Measured> {
  return page.evaluate(
    ({ selector, word, after }) => {
      const api = window.RedlineAdapters;
      const text = api.adapterFor(selector).getText();
      const { span, rects } = api.rectsOfWord(selector, word, after ? text.indexOf(after) : 0);
      const rect = rects[0];
      if (!rect) return { rects, left: null, right: null, line: null };
      const y = (rect.top + rect.bottom) / 2;
      const cw = rect.width / (span.end - span.start);
      return {
        rects,
        left: api.boundaryX(y, span.start, rect.left - 2 * cw, rect.left + 2 * cw),
        right: api.boundaryX(y, span.end, rect.right - 2 * cw, rect.right + 2 * cw),
        line: api.lineExtent(rect.left + cw / 4, span.start, rect.top - 30, rect.bottom + 30),
      };
    },
    { selector, word, after },
  );
}

/** The rect is where the browser draws the text: edges within 2 px, on the right line. */
function expectOnText(measured: Measured, { middleLine = false, checkLine = true } = {}): void {
  const [rect] = measured.rects;
  expect(rect, 'a rect').toBeDefined();
  if (!rect) return;
  expect(measured.left, 'hit testing found the start').not.toBeNull();
  expect(measured.right, 'hit testing found the end').not.toBeNull();
  expect(Math.abs(rect.left - (measured.left ?? NaN))).toBeLessThanOrEqual(2);
  expect(Math.abs(rect.right - (measured.right ?? NaN))).toBeLessThanOrEqual(2);
  const line = measured.line;
  if (!checkLine) return;
  expect(line, 'hit testing found the line').not.toBeNull();
  if (!line) return;
  expect(rect.top).toBeGreaterThanOrEqual(line.top - 2);
  expect(rect.bottom).toBeLessThanOrEqual(line.bottom + 2);
  // A line between two others has hit-test edges on both sides: its middle is the text's middle.
  if (middleLine)
    expect(Math.abs((rect.top + rect.bottom) / 2 - (line.top + line.bottom) / 2)).toBeLessThanOrEqual(2);
}

test.describe('getText', () => {
  test('reads a textarea, an input and a contenteditable as a person reads them', async ({ page }) => {
    await open(page);
    const texts = await page.evaluate(() =>
      ['#plain', '#title', '#email', '#ce'].map((s) => window.RedlineAdapters.adapterFor(s).getText()),
    );
    expect(texts).toEqual([
      TEXTAREA_TEXT,
      'A long title that does not fit and scrolls sideways with teh end',
      'someone@exampel.com',
      CE_TEXT,
    ]);
  });

  test('contenteditable: blocks, <br>, empty lines, pre-wrap and hidden text', async ({ page }) => {
    await open(page);
    const read = (html: string) =>
      page.evaluate((html) => {
        const host = document.createElement('div');
        host.contentEditable = 'true';
        // Test fixture markup, written here; nothing comes from a page or a model.
        host.append(document.createRange().createContextualFragment(html));
        document.body.append(host);
        const text = window.RedlineAdapters.createAdapter(host).getText();
        host.remove();
        return text;
      }, html);
    expect(await read('<div>a</div><div><br></div><div>b</div>')).toBe('a\n\nb');
    expect(await read('<p>text<br></p><p>next</p>')).toBe('text\nnext');
    expect(await read('one<br>two<br><br>four')).toBe('one\ntwo\n\nfour');
    expect(await read('<div><br></div>')).toBe('');
    expect(await read('<div style="white-space: pre-wrap">keep  two\nlines</div>')).toBe('keep  two\nlines');
    expect(await read('<p>  lead and   trail  </p><p hidden>gone</p><p>x</p>')).toBe('lead and trail\nx');
    expect(await read('<ol><li>a<ol><li>b</li></ol></li><li>c</li></ol>')).toBe('a\nb\nc');
    expect(await read('<table><tr><td>cell one</td><td>cell two</td></tr></table>')).toBe(
      'cell one\ncell two',
    );
  });
});

test.describe('rectsFor in a textarea and an input', () => {
  test('matches where the browser draws the text, with the page scrolled', async ({ page }) => {
    await open(page);
    await scrollTo(page, '#plain');
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(100);
    expectOnText(await measureMono(page, '#plain', 'tomorow'));
    expectOnText(await measureMono(page, '#plain', 'teh'), { middleLine: true });
    expectOnText(await measureMono(page, '#plain', 'mistaek'), { middleLine: true });
  });

  test('follows a textarea that scrolls inside and drops what is scrolled out of sight', async ({ page }) => {
    await open(page);
    await page.evaluate(() => {
      const field = document.querySelector<HTMLTextAreaElement>('#scroller');
      if (!field) return;
      field.value = Array.from({ length: 30 }, (_, i) => `Line ${i} has teh word.`).join('\n');
      field.scrollTop = 12 * 22 + 4 - 30;
    });
    await scrollTo(page, '#scroller');
    expect(await page.locator('#scroller').evaluate((el) => el.scrollTop)).toBeGreaterThan(200);
    expectOnText(await measureMono(page, '#scroller', 'teh', 'Line 12 '), { middleLine: true });
    expectOnText(await measureMono(page, '#scroller', 'word', 'Line 12 '), { middleLine: true });

    const all = await page.evaluate(() => {
      const adapter = window.RedlineAdapters.adapterFor('#scroller');
      const text = adapter.getText();
      const spans = [...text.matchAll(/teh/g)].map((m) => ({ start: m.index, end: m.index + 3 }));
      return {
        box: window.RedlineAdapters.plain(adapter.visibleBox()),
        rects: spans.map((span) => adapter.rectsFor(span).map(window.RedlineAdapters.plain)),
      };
    });
    const shown = all.rects.filter((rects) => rects.length > 0);
    // 88 px of a 22 px line height: four lines or five partly.
    expect(shown.length).toBeGreaterThanOrEqual(4);
    expect(shown.length).toBeLessThanOrEqual(5);
    expect(all.rects[0]).toEqual([]);
    expect(all.rects[29]).toEqual([]);
    for (const rect of shown.flat()) {
      expect(rect.top).toBeGreaterThanOrEqual(all.box.top - 0.01);
      expect(rect.bottom).toBeLessThanOrEqual(all.box.bottom + 0.01);
    }
  });

  test('follows an input scrolled sideways; its one line is centred as the browser centres it', async ({
    page,
  }) => {
    await open(page);
    await scrollTo(page, '#title');
    await page.locator('#title').evaluate((el: HTMLInputElement) => {
      el.focus();
      el.setSelectionRange(el.value.length, el.value.length);
      el.scrollLeft = el.scrollWidth;
    });
    expect(await page.locator('#title').evaluate((el) => el.scrollLeft)).toBeGreaterThan(100);
    const measured = await measureMono(page, '#title', 'teh');
    // Every height of an input hits its one line, so the line is checked against the input's middle.
    expectOnText(measured, { checkLine: false });
    const box = await page.locator('#title').boundingBox();
    const [rect] = measured.rects;
    expect(
      box && rect && Math.abs((rect.top + rect.bottom) / 2 - (box.y + box.height / 2)),
    ).toBeLessThanOrEqual(2);
    const hidden = await page.evaluate(() => window.RedlineAdapters.rectsOfWord('#title', 'A long').rects);
    expect(hidden).toEqual([]);
  });

  test('a span across a soft wrap gives one rect per line', async ({ page }) => {
    await open(page);
    await scrollTo(page, '#narrow');
    const measured = await measureMono(page, '#narrow', 'defgh ijklmnop');
    expect(measured.rects).toHaveLength(2);
    expect(Math.abs((measured.rects[0]?.left ?? NaN) - (measured.left ?? NaN))).toBeLessThanOrEqual(2);
    const second = await measureMono(page, '#narrow', 'ijklmnop');
    expect(second.rects).toHaveLength(1);
    expectOnText(second, { middleLine: true });
    expect(Math.abs((measured.rects[1]?.left ?? NaN) - (second.rects[0]?.left ?? NaN))).toBeLessThanOrEqual(
      0.5,
    );
    expect(measured.rects[1]?.top).toBeGreaterThan((measured.rects[0]?.bottom ?? 0) - 1);
  });

  test('proportional font with letter-spacing and text-indent: hit testing agrees at every edge', async ({
    page,
  }) => {
    await open(page);
    await scrollTo(page, '#serif');
    const results = await page.evaluate(() => {
      const api = window.RedlineAdapters;
      return ['Proportional', 'teh', 'wraps', 'twice', 'more'].map((word) => {
        const { span, rects } = api.rectsOfWord('#serif', word);
        const rect = rects[0];
        if (!rect) return { word, rects: rects.length, edges: [] };
        const y = (rect.top + rect.bottom) / 2;
        return {
          word,
          rects: rects.length,
          // Just inside and just outside each edge, the caret goes to that edge.
          edges: [rect.left + 1, rect.left - 1]
            .map((x) => api.hitOffset(x, y) === span.start)
            .concat([rect.right - 1, rect.right + 1].map((x) => api.hitOffset(x, y) === span.end)),
        };
      });
    });
    for (const result of results)
      expect(result, result.word).toEqual({ word: result.word, rects: 1, edges: [true, true, true, true] });
  });

  test('dispose removes the hidden copy from the page', async ({ page }) => {
    await open(page);
    const counts = await page.evaluate(() => {
      const adapter = window.RedlineAdapters.adapterFor('#plain');
      adapter.rectsFor({ start: 0, end: 5 });
      const during = document.querySelectorAll('redline-mirror').length;
      const height = document.documentElement.scrollHeight;
      adapter.dispose();
      return { during, after: document.querySelectorAll('redline-mirror').length, height };
    });
    expect(counts.during).toBe(1);
    expect(counts.after).toBe(0);
  });
});

test.describe('replace in a textarea or input', () => {
  test('replaces, puts the caret after the new text, and Ctrl+Z restores the original', async ({ page }) => {
    await open(page);
    const result = await page.evaluate(() => {
      const field = document.querySelector<HTMLTextAreaElement>('#plain');
      const events: string[] = [];
      field?.addEventListener('input', (event) => events.push((event as InputEvent).inputType));
      const adapter = window.RedlineAdapters.adapterFor('#plain');
      const start = adapter.getText().indexOf('teh');
      const outcome = adapter.replace({ start, end: start + 3 }, 'teh', 'the');
      return { outcome, value: field?.value, caret: field?.selectionStart, start, events };
    });
    expect(result.outcome).toEqual({ ok: true });
    expect(result.value).toBe(TEXTAREA_TEXT.replace('teh', 'the'));
    expect(result.caret).toBe(result.start + 3);
    expect(result.events).toEqual(['insertText']);
    await page.keyboard.press('Control+z');
    await expect(page.locator('#plain')).toHaveValue(TEXTAREA_TEXT);
  });

  test('a deletion (empty replacement) is undoable too', async ({ page }) => {
    await open(page);
    const outcome = await page.evaluate(() => {
      const adapter = window.RedlineAdapters.adapterFor('#plain');
      const start = adapter.getText().indexOf(' and');
      return adapter.replace({ start, end: start + 4 }, ' and', '');
    });
    expect(outcome).toEqual({ ok: true });
    await expect(page.locator('#plain')).toHaveValue(TEXTAREA_TEXT.replace(' and', ''));
    await page.keyboard.press('Control+z');
    await expect(page.locator('#plain')).toHaveValue(TEXTAREA_TEXT);
  });

  test('refuses a stale span and touches nothing', async ({ page }) => {
    await open(page);
    const result = await page.evaluate(() => {
      const field = document.querySelector<HTMLTextAreaElement>('#plain');
      let events = 0;
      field?.addEventListener('input', () => events++);
      const adapter = window.RedlineAdapters.adapterFor('#plain');
      const start = adapter.getText().indexOf('teh');
      return {
        moved: adapter.replace({ start: start + 1, end: start + 4 }, 'teh', 'the'),
        outOfRange: adapter.replace({ start: 5000, end: 5003 }, 'teh', 'the'),
        backwards: adapter.replace({ start: start + 3, end: start }, '', 'the'),
        value: field?.value,
        events,
        focused: document.activeElement === field,
      };
    });
    expect(result.moved).toEqual({ ok: false, reason: 'stale' });
    expect(result.outOfRange).toEqual({ ok: false, reason: 'stale' });
    expect(result.backwards).toEqual({ ok: false, reason: 'stale' });
    expect(result.value).toBe(TEXTAREA_TEXT);
    expect(result.events).toBe(0);
    expect(result.focused).toBe(false);
  });

  test('an email input (no selection API) is replaced whole, still undoably', async ({ page }) => {
    await open(page);
    const outcome = await page.evaluate(() => {
      const adapter = window.RedlineAdapters.adapterFor('#email');
      const start = adapter.getText().indexOf('exampel');
      return adapter.replace({ start, end: start + 7 }, 'exampel', 'example');
    });
    expect(outcome).toEqual({ ok: true });
    await expect(page.locator('#email')).toHaveValue('someone@example.com');
    await page.keyboard.press('Control+z');
    await expect(page.locator('#email')).toHaveValue('someone@exampel.com');
  });

  test('an edit the field only half takes (maxlength) is taken back and reported', async ({ page }) => {
    await open(page);
    const outcome = await page.evaluate(() =>
      window.RedlineAdapters.adapterFor('#limited').replace({ start: 0, end: 5 }, 'short', 'much longer'),
    );
    expect(outcome).toEqual({ ok: false, reason: 'failed' });
    await expect(page.locator('#limited')).toHaveValue('short text');
  });

  test('a detached field is reported as such', async ({ page }) => {
    await open(page);
    const outcome = await page.evaluate(() => {
      const adapter = window.RedlineAdapters.adapterFor('#plain');
      document.querySelector('#plain')?.remove();
      return adapter.replace({ start: 0, end: 5 }, 'Their', 'There');
    });
    expect(outcome).toEqual({ ok: false, reason: 'detached' });
  });
});

test.describe('React 19 controlled fields', () => {
  const state = (page: Page, attribute = 'data-state') =>
    page.locator('#react-state').getAttribute(attribute);

  test('state follows replace and Ctrl+Z in a controlled textarea', async ({ page }) => {
    await open(page, 'react.html');
    const outcome = await page.evaluate(() => {
      const adapter = window.RedlineAdapters.adapterFor('#react-textarea');
      return [
        adapter.replace({ start: 0, end: 5 }, 'Their', "They're"),
        adapter.replace({ start: 26, end: 33 }, 'tomorow', 'tomorrow'),
      ];
    });
    expect(outcome).toEqual([{ ok: true }, { ok: true }]);
    await expect.poll(() => state(page)).toBe("They're going to the park tomorrow.");
    await expect(page.locator('#react-textarea')).toHaveValue("They're going to the park tomorrow.");
    await page.keyboard.press('Control+z');
    await expect.poll(() => state(page)).toBe("They're going to the park tomorow.");
    await page.keyboard.press('Control+z');
    await expect.poll(() => state(page)).toBe('Their going to the park tomorow.');
    await expect(page.locator('#react-textarea')).toHaveValue('Their going to the park tomorow.');
  });

  test('state follows replace and Ctrl+Z in a controlled input, deletion included', async ({ page }) => {
    await open(page, 'react.html');
    const outcome = await page.evaluate(() =>
      window.RedlineAdapters.adapterFor('#react-input').replace({ start: 1, end: 2 }, ' ', ''),
    );
    expect(outcome).toEqual({ ok: true });
    await expect.poll(() => state(page, 'data-title')).toBe('Amistaek in the title');
    await page.keyboard.press('Control+z');
    await expect.poll(() => state(page, 'data-title')).toBe('A mistaek in the title');
  });

  test('without execCommand, the native setter and an input event still reach React', async ({ page }) => {
    await open(page, 'react.html');
    const outcome = await page.evaluate(() => {
      document.execCommand = () => false;
      return window.RedlineAdapters.adapterFor('#react-textarea').replace(
        { start: 0, end: 5 },
        'Their',
        "They're",
      );
    });
    expect(outcome).toEqual({ ok: true });
    await expect.poll(() => state(page)).toBe("They're going to the park tomorow.");
  });
});

test.describe('contenteditable', () => {
  test('replace within a paragraph and across inline elements; Ctrl+Z restores', async ({ page }) => {
    await open(page);
    const result = await page.evaluate(() => {
      const adapter = window.RedlineAdapters.adapterFor('#ce');
      const text = adapter.getText();
      const teh = text.indexOf('teh');
      const first = adapter.replace({ start: teh, end: teh + 3 }, 'teh', 'the');
      const across = adapter.getText().indexOf('bold and italic');
      const second = adapter.replace({ start: across, end: across + 15 }, 'bold and italic', 'plain');
      return { first, second, text: adapter.getText(), caret: adapter.caretOffset(), across };
    });
    expect(result.first).toEqual({ ok: true });
    expect(result.second).toEqual({ ok: true });
    expect(result.text).toBe(CE_TEXT.replace('teh', 'the').replace('bold and italic', 'plain'));
    expect(result.caret).toBe(result.across + 'plain'.length);
    await page.keyboard.press('Control+z');
    await page.keyboard.press('Control+z');
    expect(await page.evaluate(() => window.RedlineAdapters.adapterFor('#ce').getText())).toBe(CE_TEXT);
    await expect(page.locator('#ce b')).toHaveText('bold');
  });

  test('a deletion is undoable', async ({ page }) => {
    await open(page);
    const outcome = await page.evaluate(() => {
      const adapter = window.RedlineAdapters.adapterFor('#ce');
      const start = adapter.getText().indexOf(' with teh mistake');
      return adapter.replace({ start, end: start + 17 }, ' with teh mistake', '');
    });
    expect(outcome).toEqual({ ok: true });
    const text = () => page.evaluate(() => window.RedlineAdapters.adapterFor('#ce').getText());
    expect(await text()).toBe(CE_TEXT.replace(' with teh mistake', ''));
    await page.keyboard.press('Control+z');
    expect(await text()).toBe(CE_TEXT);
  });

  test('refuses stale spans and edits across a contenteditable=false island', async ({ page }) => {
    await open(page);
    const result = await page.evaluate(() => {
      const adapter = window.RedlineAdapters.adapterFor('#ce');
      const before = document.querySelector('#ce')?.cloneNode(true);
      const island = adapter.getText().indexOf('island text');
      const teh = adapter.getText().indexOf('teh');
      return {
        island: adapter.replace({ start: island - 6, end: island + 6 }, 'Fixed island', 'Fixed'),
        stale: adapter.replace({ start: teh, end: teh + 3 }, 'the', 'teh'),
        unchanged: Boolean(before && document.querySelector('#ce')?.isEqualNode(before)),
      };
    });
    expect(result.island).toEqual({ ok: false, reason: 'failed' });
    expect(result.stale).toEqual({ ok: false, reason: 'stale' });
    expect(result.unchanged).toBe(true);
  });

  test('rects sit on the text (hit testing), a wrapped span has two, a scrolled box clips', async ({
    page,
  }) => {
    await open(page);
    await scrollTo(page, '#ce');
    const result = await page.evaluate(() => {
      const api = window.RedlineAdapters;
      // The caret the browser puts just inside each edge has the span's first word after it and its
      // last word before it (in that word's own text node).
      const edges = (selector: string, words: string) => {
        const { rects } = api.rectsOfWord(selector, words);
        const rect = rects[0];
        if (!rect) return null;
        const y = (rect.top + rect.bottom) / 2;
        return {
          count: rects.length,
          start: api.hitContext(rect.left + 1, y)?.after.startsWith(words.split(' ')[0] ?? '') ?? false,
          end: api.hitContext(rect.right - 1, y)?.before.endsWith(words.split(' ').pop() ?? '') ?? false,
        };
      };
      // Narrow the editor so that a span wraps.
      const wrapped = () => {
        const ce = document.querySelector<HTMLElement>('#ce');
        if (ce) ce.style.width = '150px';
        const { rects } = api.rectsOfWord('#ce', 'First paragraph with teh mistake.');
        if (ce) ce.style.width = '';
        return rects.length;
      };
      return {
        teh: edges('#ce', 'teh'),
        acrossInline: edges('#ce', 'bold and italic'),
        nested: edges('#ce', 'Nested item'),
        wrapped: wrapped(),
        scrolledAway: api.rectsOfWord('#ce-scroll', 'same typo').rects.length,
        visible: edges('#ce-scroll', 'teh typo'),
      };
    });
    expect(result.teh).toEqual({ count: 1, start: true, end: true });
    expect(result.acrossInline).toEqual({ count: 1, start: true, end: true });
    expect(result.nested).toEqual({ count: 1, start: true, end: true });
    expect(result.wrapped).toBeGreaterThanOrEqual(2);
    expect(result.scrolledAway).toBe(0);
    expect(result.visible).toEqual({ count: 1, start: true, end: true });
  });
});

test.describe('onChange and caretOffset', () => {
  test('typing, a script setting the value, and contenteditable edits are all announced', async ({
    page,
  }) => {
    await open(page);
    await page.evaluate(() => {
      const log: string[] = [];
      (window as unknown as { changes: string[] }).changes = log;
      for (const selector of ['#plain', '#ce']) {
        const adapter = window.RedlineAdapters.adapterFor(selector);
        adapter.onChange(() => log.push(`${selector}:${adapter.getText().slice(0, 12)}`));
      }
    });
    const changes = () => page.evaluate(() => (window as unknown as { changes: string[] }).changes.splice(0));
    await page.locator('#plain').focus();
    await page.keyboard.press('Control+Home');
    await page.keyboard.type('Ok ');
    expect(await changes()).toEqual(['#plain:OTheir going', '#plain:OkTheir goin', '#plain:Ok Their goi']);
    // A script sets the value: no event, noticed by the adapter's low-rate check while focused.
    await page.locator('#plain').evaluate((el: HTMLTextAreaElement) => (el.value = 'Set by script'));
    await expect.poll(changes).toEqual(['#plain:Set by scrip']);
    await page.locator('#ce p').first().click();
    await page.keyboard.press('Home');
    await page.keyboard.type('X');
    await expect.poll(changes).toEqual(['#ce:XFirst parag']);
  });

  test('caretOffset follows the selection in each kind of field', async ({ page }) => {
    await open(page);
    const offsets = await page.evaluate(() => {
      const api = window.RedlineAdapters;
      const plain = document.querySelector<HTMLTextAreaElement>('#plain');
      plain?.focus();
      plain?.setSelectionRange(7, 7);
      const textarea = api.adapterFor('#plain').caretOffset();
      const ce = api.adapterFor('#ce');
      const italic = document.querySelector('#ce i')?.firstChild;
      if (italic) document.getSelection()?.setBaseAndExtent(italic, 2, italic, 2);
      const inItalic = ce.caretOffset();
      const unfocused = api.adapterFor('#plain').caretOffset();
      return { textarea, inItalic, expectedItalic: ce.getText().indexOf('italic') + 2, unfocused };
    });
    expect(offsets.textarea).toBe(7);
    expect(offsets.inItalic).toBe(offsets.expectedItalic);
    expect(offsets.unfocused).toBeNull();
  });
});

test.describe('fields inside an open shadow root', () => {
  test('a textarea measures like its twin outside, and replace + Ctrl+Z work', async ({ page }) => {
    await open(page);
    const result = await page.evaluate(() => {
      const api = window.RedlineAdapters;
      const style = 'font: 16px/22px monospace; width: 300px; padding: 5px; border: 2px solid';
      const value = 'One line with teh typo\nand a second with teh other';
      const make = (parent: Node) => {
        const field = document.createElement('textarea');
        field.setAttribute('style', style);
        field.value = value;
        parent.appendChild(field);
        return field;
      };
      const host = document.createElement('div');
      document.body.prepend(host);
      const inside = make(host.attachShadow({ mode: 'open' }));
      const outside = make(document.createElement('div'));
      host.after(outside.parentNode as Node);
      window.scrollTo(0, 0);
      const relative = (field: HTMLTextAreaElement) => {
        const box = field.getBoundingClientRect();
        const start = value.lastIndexOf('teh');
        return api
          .createAdapter(field)
          .rectsFor({ start, end: start + 3 })
          .map((r) => [r.left - box.left, r.top - box.top, r.width, r.height]);
      };
      const adapter = api.createAdapter(inside);
      const start = value.indexOf('teh');
      return {
        inside: relative(inside),
        outside: relative(outside),
        replaced: adapter.replace({ start, end: start + 3 }, 'teh', 'the'),
        value: inside.value,
      };
    });
    expect(result.inside).toHaveLength(1);
    expect(result.inside).toEqual(result.outside);
    expect(result.replaced).toEqual({ ok: true });
    expect(result.value).toBe('One line with the typo\nand a second with teh other');
    await page.keyboard.press('Control+z');
    const value = await page.evaluate(
      () => document.body.firstElementChild?.shadowRoot?.querySelector('textarea')?.value,
    );
    expect(value).toBe('One line with teh typo\nand a second with teh other');
  });

  test('a contenteditable: text, replace, undo and the caret', async ({ page }) => {
    await open(page);
    const result = await page.evaluate(() => {
      const host = document.createElement('div');
      document.body.prepend(host);
      const editor = document.createElement('div');
      editor.contentEditable = 'true';
      for (const line of ['Shadow text with teh typo.', 'Second line.']) {
        const p = document.createElement('p');
        p.textContent = line;
        editor.append(p);
      }
      host.attachShadow({ mode: 'open' }).append(editor);
      const adapter = window.RedlineAdapters.createAdapter(editor);
      const start = adapter.getText().indexOf('teh');
      return {
        replaced: adapter.replace({ start, end: start + 3 }, 'teh', 'the'),
        text: adapter.getText(),
        caret: adapter.caretOffset(),
        start,
      };
    });
    expect(result.replaced).toEqual({ ok: true });
    expect(result.text).toBe('Shadow text with the typo.\nSecond line.');
    expect(result.caret).toBe(result.start + 3);
    await page.keyboard.press('Control+z');
    const text = await page.evaluate(
      () => document.body.firstElementChild?.shadowRoot?.querySelector('div')?.textContent,
    );
    expect(text).toBe('Shadow text with teh typo.Second line.');
  });
});
