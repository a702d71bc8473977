import type { Page, Worker } from '@playwright/test';
import type { RequestLogEntry, TestServer } from '../server/openai-test-server';
import { messageText } from '../server/openai-test-server';
import { expect, test } from './fixtures';

/*
 * The page boundary, tried as a hostile page would: a web page must not be able to spend the user's
 * key, get a secret read, or press Redline's buttons. Every test also shows the person's way works,
 * so a rule that blocks everything cannot pass for one that holds.
 */

test.describe.configure({ timeout: 90_000 });

/** The local checker may still be starting (wasm setup) when the first check goes out. */
const FIRST_UNDERLINE_MS = 30_000;
/** Longer than the typing pause, a check's round trip and a backoff step: a request would have gone. */
const QUIET_MS = 2_500;

interface ChatBody {
  messages: { role: string; content: unknown }[];
  response_format?: unknown;
}

const isCheck = (e: RequestLogEntry) =>
  e.method === 'POST' &&
  e.path === '/v1/chat/completions' &&
  Boolean((e.body as ChatBody | undefined)?.response_format);

/** Everything the model was sent for checking, as one string. */
function modelSaw(server: TestServer): string {
  return server.log
    .filter(isCheck)
    .map((e) => (e.body as ChatBody).messages.map((m) => messageText(m.content)).join('\n'))
    .join('\n');
}

/** Everything the background received from pages (e2e builds record it). */
async function backgroundReceived(background: Worker): Promise<string> {
  return JSON.stringify(
    await background.evaluate(
      () => (globalThis as { __redlineReceived?: unknown[] }).__redlineReceived ?? [],
    ),
  );
}

/** Redline's buttons, reached as a page script reaches them: through the open shadow roots. */
async function pageClicks(page: Page, names: string[]): Promise<number> {
  return page.evaluate((names) => {
    let clicked = 0;
    for (const host of document.querySelectorAll('redline-overlay, redline-rewrite')) {
      for (const button of host.shadowRoot?.querySelectorAll('button') ?? []) {
        const name = button.getAttribute('aria-label') ?? button.textContent ?? '';
        if (!names.includes(name.trim())) continue;
        (button as HTMLButtonElement).click();
        button.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, detail: 1 }));
        button.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
        clicked += 1;
      }
    }
    return clicked;
  }, names);
}

/** How many of Redline's underlines sit over the field `selector`. */
async function underlinesOver(page: Page, selector: string): Promise<number> {
  const field = await page.locator(selector).boundingBox();
  if (!field) throw new Error(`${selector} is not on screen`);
  let over = 0;
  for (const mark of await page.locator('[data-suggestion-id]').all()) {
    const box = await mark.boundingBox();
    if (!box) continue;
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    if (x >= field.x && x <= field.x + field.width && y >= field.y && y <= field.y + field.height) over += 1;
  }
  return over;
}

test('text a page script writes gets local checks at most; the model sees only what a person wrote', async ({
  context,
  site,
  server,
  configureProvider,
}) => {
  await configureProvider();
  const page = await context.newPage();
  await page.goto(site.url('trust.html'));

  // The page focuses fields and writes into them by script, over and over, with nobody typing.
  await page.evaluate(async () => {
    const write = (selector: string, text: string) => {
      const field = document.querySelector(selector) as HTMLTextAreaElement;
      field.focus();
      field.value = text;
      field.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: text }));
    };
    for (let round = 1; round <= 8; round++) {
      write('#tiny', `Scripted lure ${round}: he don't like mornings and there were less people.`);
      write('#field', `Scripted draft ${round}. He don't like mornings. There were less people today.`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  });
  // The local checker reads the visible field's text (it never leaves the machine)…
  const local = page.getByRole('button', { name: /: don't → doesn't$/ });
  await expect(local).toHaveCount(1, { timeout: FIRST_UNDERLINE_MS });
  await page.waitForTimeout(QUIET_MS);
  // …but not one request reached the model, and the 4 px transparent field got nothing at all.
  expect(server.log.filter(isCheck)).toHaveLength(0);
  await expect(local).toHaveCount(1);

  // The person clicks into the draft and types: now it is theirs, and the model checks it.
  await page.locator('#field').click();
  await page.keyboard.press('End');
  await page.keyboard.type(' Thanks.');
  await expect(page.getByRole('button', { name: /^grammar: less → fewer$/ })).toBeVisible({
    timeout: FIRST_UNDERLINE_MS,
  });
  expect(modelSaw(server)).toContain('There were less people today. Thanks.');
  expect(modelSaw(server)).not.toContain('Scripted lure');

  // Once the person has touched it, text the page writes over theirs still goes nowhere (after the
  // second in which a change still counts as the person's: editors draw a key a frame or two late).
  await page.waitForTimeout(1_200);
  const before = server.log.filter(isCheck).length;
  await page.evaluate(() => {
    const field = document.querySelector('#field') as HTMLTextAreaElement;
    field.value = 'Overwritten by script: there were less people yesterday.';
    field.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await page.waitForTimeout(QUIET_MS);
  expect(modelSaw(server)).not.toContain('Overwritten by script');
  expect(server.log.filter(isCheck).length).toBe(before);
});

test('a revealed password is never read; a search box gets local checks only', async ({
  context,
  site,
  server,
  background,
  configureProvider,
}) => {
  await configureProvider();
  const page = await context.newPage();
  await page.goto(site.url('trust.html'));
  const flagged = page.getByRole('button', { name: /: don't → doesn't$/ });

  // A search query: the local checker underlines it, the model never sees it.
  await page.locator('#search').click();
  await page.keyboard.type("He don't like searching");
  await expect(flagged).toHaveCount(1, { timeout: FIRST_UNDERLINE_MS });

  // A password, then the site's own Show toggle turns it into a plain text field, and typing goes on.
  await page.locator('#unlock').click();
  await page.keyboard.type('Hunter2secret');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page.locator('#unlock')).toHaveAttribute('type', 'text');
  await page.locator('#unlock').click();
  await page.keyboard.type(" He don't like it.");
  await page.waitForTimeout(QUIET_MS);
  // The same words the search box got underlined for: here, nothing.
  expect(await underlinesOver(page, '#unlock')).toBe(0);

  // The ordinary field proves the model was reachable all along.
  await page.locator('#field').click();
  await page.keyboard.type('There were less people today.');
  await expect(page.getByRole('button', { name: /^grammar: less → fewer$/ })).toBeVisible({
    timeout: FIRST_UNDERLINE_MS,
  });
  await page.waitForTimeout(QUIET_MS);

  const sent = modelSaw(server);
  expect(sent).toContain('There were less people today.');
  expect(sent).not.toContain('searching');
  expect(sent).not.toContain('Hunter2secret');
  // Not even the local checker got the password, before or after it was revealed.
  const received = await backgroundReceived(background);
  expect(received).toContain('searching');
  expect(received).not.toContain('Hunter2secret');
});

test('a page script cannot press Redline’s buttons; a person can', async ({ context, site, background }) => {
  const page = await context.newPage();
  await page.goto(site.url('textarea.html'));
  const field = page.locator('#field');
  await field.click();
  await page.keyboard.type('This is a example. Zorblax went home.');
  const article = page.getByRole('button', { name: /: a → an$/ });
  await expect(article).toBeVisible({ timeout: FIRST_UNDERLINE_MS });

  // A script clicking the underline opens nothing.
  await article.evaluate((mark) => (mark as HTMLElement).click());
  await page.waitForTimeout(500);
  await expect(page.getByRole('dialog')).toHaveCount(0);

  // The person opens the card; the page then clicks every button on it, in every way it can.
  await article.click();
  const card = page.getByRole('dialog');
  await expect(card.getByRole('button', { name: 'Accept' })).toBeEnabled();
  expect(
    await pageClicks(page, ['Add to dictionary', 'Ignore rule', 'Ignore on this site', 'Dismiss', 'Accept']),
  ).toBeGreaterThan(3);
  await page.waitForTimeout(500);
  await expect(card).toBeVisible();
  await expect(field).toHaveValue('This is a example. Zorblax went home.');
  const stored = await background.evaluate(async () => (await chrome.storage.local.get('settings')).settings);
  expect(JSON.stringify(stored ?? {})).not.toMatch(/Zorblax|AnA/);

  // The page fades Redline's layer and puts it over a lure: a real click on the faded card does nothing.
  await page.evaluate(() => {
    (document.querySelector('redline-overlay') as HTMLElement).style.setProperty(
      'opacity',
      '0.05',
      'important',
    );
  });
  await card.getByRole('button', { name: 'Accept' }).click();
  await page.waitForTimeout(300);
  await expect(field).toHaveValue('This is a example. Zorblax went home.');

  // As the page found it, the person's click accepts.
  await page.evaluate(() =>
    (document.querySelector('redline-overlay') as HTMLElement).style.removeProperty('opacity'),
  );
  await card.getByRole('button', { name: 'Accept' }).click();
  await expect(field).toHaveValue('This is an example. Zorblax went home.');

  // The person opens the badge menu; the page presses its items: no language is pinned, the site stays on.
  await page.getByRole('button', { name: /^Redline:/ }).click();
  await expect(page.getByRole('menu', { name: 'Redline' })).toBeVisible();
  const hostname = new URL(page.url()).hostname;
  expect(
    await pageClicks(page, ['German', 'French', 'Detect automatically', `Turn off on ${hostname}`]),
  ).toBe(4);
  await page.waitForTimeout(500);
  const afterMenu = (await background.evaluate(
    async () => (await chrome.storage.local.get('settings')).settings,
  )) as { siteLanguages?: unknown[]; disabledSites?: unknown[] } | undefined;
  expect(afterMenu?.siteLanguages ?? []).toEqual([]);
  expect(afterMenu?.disabledSites ?? []).toEqual([]);
  await expect(page.getByRole('menu', { name: 'Redline' })).toBeVisible();
});

test('a card stays open, with the same id, when the model answers about the same mistake', async ({
  context,
  site,
  server,
  configureProvider,
}) => {
  await configureProvider();
  // The model answers 1.5 s after it is asked: the person opens the local underline's card first.
  server.setDefault({ kind: 'slow', delayMs: 1_500 });
  const page = await context.newPage();
  await page.goto(site.url('textarea.html'));
  await page.locator('#field').click();
  await page.keyboard.type("He don't like mornings.");
  const mark = page.getByRole('button', { name: /: don't → doesn't$/ });
  await expect(mark).toBeVisible({ timeout: FIRST_UNDERLINE_MS });
  const id = await mark.getAttribute('data-suggestion-id');
  await mark.click();
  const card = page.getByRole('dialog');
  await expect(card).toBeVisible();

  // Watch the card from the page for as long as the model's answer takes to land and settle.
  const vanished = page.evaluate(
    () =>
      new Promise<boolean>((resolve) => {
        const root = document.querySelector('redline-overlay')?.shadowRoot;
        let gone = false;
        const observer = new MutationObserver(() => {
          if (!root?.querySelector('[role="dialog"]')) gone = true;
        });
        if (root) observer.observe(root, { subtree: true, childList: true });
        setTimeout(() => {
          observer.disconnect();
          resolve(gone);
        }, 3_000);
      }),
  );
  await server.waitFor((e) => isCheck(e) && e.status === 200, FIRST_UNDERLINE_MS);
  expect(await vanished).toBe(false);
  await expect(card).toBeVisible();
  await expect(mark).toHaveCount(1);
  await expect(mark).toHaveAttribute('data-suggestion-id', id ?? '');
  await card.getByRole('button', { name: 'Accept' }).click();
  await expect(page.locator('#field')).toHaveValue("He doesn't like mornings.");
});

/** Page errors and console errors from now on (the fixture site's missing favicon is the page's own). */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico'))
      errors.push(message.text());
  });
  return errors;
}

/** Types a flagged sentence into #field and waits for Redline's underline. */
async function typeFlagged(page: Page): Promise<void> {
  await page.locator('#field').click();
  await page.keyboard.type('This is a example.');
  await expect(page.getByRole('button', { name: /: a → an$/ })).toBeVisible({ timeout: FIRST_UNDERLINE_MS });
}

/** A person goes on typing in both fields while Redline should be gone: no layer comes back. */
async function typeOnExpectingNothing(page: Page): Promise<void> {
  await page.locator('#other').click();
  await page.keyboard.type('Here is a other one.');
  await page.locator('#field').click();
  await page.keyboard.type(' And a other.');
  await page.waitForTimeout(QUIET_MS);
  await expect(page.locator('redline-overlay')).toHaveCount(0);
}

test('when an update supersedes Redline in an open page, the old copy removes everything and goes quiet', async ({
  context,
  site,
}) => {
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(site.url('textarea.html'));
  await typeFlagged(page);

  // A newer copy of the content script starts (e2e probe): the old one's lifetime signal aborts.
  await page.evaluate(() => document.dispatchEvent(new CustomEvent('redline-probe:supersede')));
  await expect(page.locator('redline-overlay')).toHaveCount(0);
  await typeOnExpectingNothing(page);
  expect(errors).toEqual([]);

  // Once the page is reloaded, Redline works again, once.
  await page.reload();
  await typeFlagged(page);
  await expect(page.locator('redline-overlay')).toHaveCount(1);
  expect(errors).toEqual([]);
});

test('when the extension is reloaded or removed under an open page, the page throws nothing', async ({
  context,
  site,
  background,
}) => {
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(site.url('textarea.html'));
  await typeFlagged(page);

  // Headless Chromium does not bring a command-line extension back after runtime.reload(): for this
  // page, that is the extension gone, as after an update or an uninstall.
  await background.evaluate(() => chrome.runtime.reload()).catch(() => undefined);
  await expect(page.locator('redline-overlay')).toHaveCount(0, { timeout: 10_000 });
  await typeOnExpectingNothing(page);
  expect(errors).toEqual([]);
});
