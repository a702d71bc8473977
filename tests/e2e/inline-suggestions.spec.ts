import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { ARTICLE_FIXED, ARTICLE_SENTENCE, FIELD_FIXTURES, type FieldFixture } from './support/fields';

/** The local checker may still be starting (wasm setup) when the first check goes out. */
const FIRST_UNDERLINE_MS = 30_000;

test.describe.configure({ timeout: 90_000 });

/** An underline, found the way the accessibility contract promises: by its label. */
function underline(page: Page, fixture: FieldFixture, label: RegExp): Locator {
  return fixture.scope(page).getByRole('button', { name: label });
}

async function typeInto(page: Page, fixture: FieldFixture, text: string) {
  const field = fixture.field(page);
  await field.scrollIntoViewIfNeeded();
  await field.click();
  await page.keyboard.type(text);
}

/**
 * The underline sits within 2 px of the text. Polled briefly: React commits the overlay's update a
 * task after the animation frame that measured it.
 */
async function expectWithin2px(
  actual: Locator,
  expected: { x: number; y: number; width: number; height: number },
) {
  await expect(async () => {
    const box = await actual.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return { x: r.left, y: r.top, width: r.width, height: r.height };
    });
    expect(Math.abs(box.x - expected.x)).toBeLessThanOrEqual(2);
    expect(Math.abs(box.y - expected.y)).toBeLessThanOrEqual(2);
    expect(Math.abs(box.width - expected.width)).toBeLessThanOrEqual(2);
    expect(Math.abs(box.y + box.height - (expected.y + expected.height))).toBeLessThanOrEqual(2);
  }).toPass({ timeout: 2_000 });
}

for (const fixture of FIELD_FIXTURES) {
  test(`${fixture.name}: underline, card, Accept, Ctrl+Z`, async ({ context, site }) => {
    const page = await context.newPage();
    await page.goto(site.url(fixture.page));
    await typeInto(page, fixture, ARTICLE_SENTENCE);

    const mark = underline(page, fixture, /: a → an$/);
    await expect(mark).toBeVisible({ timeout: FIRST_UNDERLINE_MS });
    await expect(mark).toHaveAttribute('data-suggestion-id', /.+/);
    const start = ARTICLE_SENTENCE.indexOf('a example');
    await expectWithin2px(mark, await fixture.textBox(page, start, start + 1));

    await mark.click();
    const card = fixture.scope(page).getByRole('dialog');
    await expect(card).toBeVisible();
    for (const name of ['Accept', 'Dismiss', 'Ignore rule']) {
      await expect(card.getByRole('button', { name, exact: true })).toBeVisible();
    }
    await card.getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => fixture.read(page)).toBe(ARTICLE_FIXED);
    await expect(mark).toHaveCount(0);

    await page.keyboard.press('Control+z');
    await expect.poll(() => fixture.read(page)).toBe(ARTICLE_SENTENCE);
  });
}

test('underlines follow the page and the field as they scroll', async ({ context, site }) => {
  const fixture = FIELD_FIXTURES.find((f) => f.page === 'long.html') as FieldFixture;
  const page = await context.newPage();
  await page.setViewportSize({ width: 900, height: 600 });
  await page.goto(site.url(fixture.page));
  const field = fixture.field(page);
  const lines = Array.from({ length: 12 }, (_, i) => `Line ${i + 1} is plain.`).join('\n');
  await field.fill(`${lines}\n`);
  await field.evaluate((el) => {
    const textarea = el as HTMLTextAreaElement;
    textarea.setSelectionRange(textarea.value.length, textarea.value.length);
  });
  await field.focus();
  await page.keyboard.type(ARTICLE_SENTENCE);
  const mark = underline(page, fixture, /: a → an$/);
  await expect(mark).toBeVisible({ timeout: FIRST_UNDERLINE_MS });
  // Two more lines, so the field can scroll the flagged line down and still show it.
  await page.keyboard.type('\nMore plain words.\nAnd the end.');
  const text = await fixture.read(page);
  const start = text.lastIndexOf('a example');
  const settle = () =>
    page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

  // The page scrolls: the underline moves with the text.
  const before = await page.evaluate(() => scrollY);
  expect(before).toBeGreaterThan(100);
  await page.evaluate(() => scrollBy(0, -100));
  await expect.poll(() => page.evaluate(() => scrollY)).toBeLessThan(before);
  await settle();
  await expectWithin2px(mark, await fixture.textBox(page, start, start + 1));

  // The field's own content scrolls: still on the text.
  await field.evaluate((el) => (el.scrollTop -= 20));
  await settle();
  await expectWithin2px(mark, await fixture.textBox(page, start, start + 1));

  // The flagged line scrolls out of the field's visible box: no underline floats over the page.
  await field.evaluate((el) => (el.scrollTop = 0));
  await expect(page.locator('[data-suggestion-id]')).toHaveCount(0);
  await field.evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(mark).toBeVisible();

  // The field leaves the viewport, and comes back.
  await page.evaluate(() => scrollTo(0, 0));
  await expect(page.locator('[data-suggestion-id]')).toHaveCount(0);
  await field.scrollIntoViewIfNeeded();
  await expect(mark).toBeVisible();
  await settle();
  await expectWithin2px(mark, await fixture.textBox(page, start, start + 1));
});

test('typing on after the underline still accepts at the right place; edited-away text is refused', async ({
  context,
  site,
}) => {
  const page = await context.newPage();
  await page.goto(site.url('textarea.html'));
  const field = page.locator('#field');
  await field.click();
  await page.keyboard.type(ARTICLE_SENTENCE);
  const mark = page.getByRole('button', { name: /: a → an$/ });
  await expect(mark).toBeVisible({ timeout: FIRST_UNDERLINE_MS });
  await page.keyboard.type(' And more words follow here.');
  await mark.click();
  await page.getByRole('dialog').getByRole('button', { name: 'Accept' }).click();
  await expect(field).toHaveValue(`${ARTICLE_FIXED} And more words follow here.`);

  // A second flagged sentence; the page rewrites the flagged words behind Redline's back.
  await field.fill('');
  await field.click();
  await page.keyboard.type('It was a honest mistake.');
  const honest = page.getByRole('button', { name: /: a → an$/ });
  await expect(honest).toBeVisible({ timeout: FIRST_UNDERLINE_MS });
  await honest.click();
  const card = page.getByRole('dialog');
  await expect(card).toBeVisible();
  // The page rewrites the flagged word as the person presses Accept, before Redline has seen the
  // change (setRangeText fires no input event): the accept is refused and nothing is touched.
  await page.evaluate(() => {
    const rewrite = () => (document.querySelector('#field') as HTMLTextAreaElement).setRangeText('the', 7, 8);
    document.addEventListener('pointerdown', rewrite, { capture: true, once: true });
  });
  await card.getByRole('button', { name: 'Accept' }).click();
  await expect(field).toHaveValue('It was the honest mistake.');
  await expect(card.getByRole('alert')).toContainText(/changed/);
  // Redline reads the field again within 300 ms and its underline goes; the card still says why.
  await page.waitForTimeout(700);
  await expect(page.getByRole('button', { name: /: a → an$/ })).toHaveCount(0);
  await expect(card.getByRole('alert')).toContainText(/changed/);
  await expect(field).toHaveValue('It was the honest mistake.');
  await card.getByRole('button', { name: 'Dismiss' }).click();
  await expect(card).toHaveCount(0);
});

test('Dismiss hides one; Ignore rule and Add to dictionary apply everywhere and show in options', async ({
  context,
  site,
  openExtensionPage,
}) => {
  const page = await context.newPage();
  await page.goto(site.url('textarea.html'));
  const field = page.locator('#field');
  await field.click();
  await page.keyboard.type('This is a example. Zorblax went home.');
  const article = page.getByRole('button', { name: /: a → an$/ });
  const spelling = page.locator('[data-suggestion-id][aria-label^="spelling: Zorblax"]');
  await expect(article).toBeVisible({ timeout: FIRST_UNDERLINE_MS });
  await expect(spelling).toBeVisible();

  // Dismiss: that one goes, the other stays.
  await article.click();
  await page.getByRole('dialog').getByRole('button', { name: 'Dismiss' }).click();
  await expect(article).toHaveCount(0);
  await expect(spelling).toBeVisible();

  // Add to dictionary: the word stops being flagged, here and in another field.
  await spelling.click();
  await page.getByRole('dialog').getByRole('button', { name: 'Add to dictionary' }).click();
  await expect(spelling).toHaveCount(0);
  const other = page.locator('#other');
  await other.click();
  await page.keyboard.type('Zorblax says this is a example.');
  await expect(page.getByRole('button', { name: /: a → an$/ })).toBeVisible({ timeout: FIRST_UNDERLINE_MS });
  await expect(page.locator('[aria-label^="spelling: Zorblax"]')).toHaveCount(0);

  // Ignore rule: the article rule stops everywhere, on another page too.
  await page.getByRole('button', { name: /: a → an$/ }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Ignore rule' }).click();
  await expect(page.getByRole('button', { name: /: a → an$/ })).toHaveCount(0);
  const second = await context.newPage();
  await second.goto(site.url('input.html'));
  await second.locator('#field').click();
  await second.keyboard.type('Here is a example and a mistaek.');
  await expect(second.locator('[aria-label^="spelling: mistaek"]')).toBeVisible({
    timeout: FIRST_UNDERLINE_MS,
  });
  await expect(second.getByRole('button', { name: /: a → an$/ })).toHaveCount(0);

  const options = await openExtensionPage('options.html');
  await expect(options.getByRole('list', { name: /dictionary/i })).toContainText('Zorblax');
  await expect(options.getByRole('list', { name: /ignored rules/i })).toContainText(/AnA/);
});

test('Alt+Enter opens the card nearest the caret; Tab moves, Enter accepts, Esc closes', async ({
  context,
  site,
}) => {
  const page = await context.newPage();
  await page.goto(site.url('textarea.html'));
  const field = page.locator('#field');
  await field.click();
  await page.keyboard.type('This is a example. It was a honest mistake.');
  await expect(page.locator('[data-suggestion-id]')).toHaveCount(2, { timeout: FIRST_UNDERLINE_MS });
  await page.keyboard.press('Alt+Enter');
  const card = page.getByRole('dialog');
  await expect(card).toContainText('→ an');
  await expect(card.getByRole('button', { name: 'Accept' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(card).toHaveCount(0);
  await expect(field).toBeFocused();
  await page.keyboard.press('Alt+Enter');
  await expect(card).toBeVisible();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect.poll(() => field.inputValue()).toMatch(/an (example|honest)/);
  expect((await field.inputValue()).match(/\ban\b/g)).toHaveLength(1);
});

test('password, card, one-time-code, data-gramm=false and CodeMirror fields are never read', async ({
  context,
  site,
  background,
}) => {
  const page = await context.newPage();
  await page.goto(site.url('never.html'));
  const secrets: Record<string, string> = {
    '#password': 'Secretpassword is a example',
    '#card': '4242 4242 is a example',
    '#otp': 'Onetimecode is a example',
    '#gramm': 'Optedout text is a example',
    '.cm-content': 'const codetext = "is a example"',
  };
  for (const [selector, text] of Object.entries(secrets)) {
    await page.locator(selector).click();
    await page.keyboard.type(text);
  }
  // The one allowed field proves the checker was running all along.
  await page.locator('#allowed').click();
  await page.keyboard.type(ARTICLE_SENTENCE);
  await expect(page.getByRole('button', { name: /: a → an$/ })).toHaveCount(1, {
    timeout: FIRST_UNDERLINE_MS,
  });

  const received = JSON.stringify(
    await background.evaluate(
      () => (globalThis as { __redlineReceived?: unknown[] }).__redlineReceived ?? [],
    ),
  );
  expect(received).toContain('This is a example');
  for (const text of Object.values(secrets)) expect(received).not.toContain(text.split(' ')[0]);
});

test('contenteditable: an underline follows its text when the DOM is redrawn around it, text unchanged', async ({
  context,
  site,
}) => {
  const fixture = FIELD_FIXTURES.find((f) => f.name === 'contenteditable') as FieldFixture;
  const page = await context.newPage();
  await page.goto(site.url(fixture.page));
  await typeInto(page, fixture, ARTICLE_SENTENCE);
  const mark = underline(page, fixture, /: a → an$/);
  await expect(mark).toBeVisible({ timeout: FIRST_UNDERLINE_MS });
  const start = ARTICLE_SENTENCE.indexOf('a example');
  const before = await fixture.textBox(page, start, start + 1);
  // What an editor does when it adds a widget: an element with no text pushes the line to the right.
  await fixture.field(page).evaluate((el) => {
    const widget = document.createElement('span');
    widget.contentEditable = 'false';
    widget.style.cssText = 'display:inline-block;width:60px;height:1em';
    el.firstChild?.before(widget);
  });
  const after = await fixture.textBox(page, start, start + 1);
  expect(after.x - before.x).toBeGreaterThan(50);
  expect(await fixture.read(page)).toBe(ARTICLE_SENTENCE);
  await expectWithin2px(mark, after);
});
