import type { Page, Worker } from '@playwright/test';
import { expect, test } from './fixtures';
import { waitForUndoBoundary } from './support/editors';

/*
 * The person's own style rules (utils/rules/style-rules.ts), end to end and offline: no provider is
 * configured, so every underline here comes from this device.
 */

/** The local checker may still be starting (wasm setup) when the first check goes out. */
const FIRST_UNDERLINE_MS = 30_000;

test.describe.configure({ timeout: 90_000 });

async function storedSettings(background: Worker): Promise<Record<string, unknown>> {
  return background.evaluate(async () => {
    const { settings } = await chrome.storage.local.get('settings');
    return (settings ?? {}) as Record<string, unknown>;
  });
}

async function setRules(background: Worker, styleRules: string) {
  await background.evaluate(async (styleRules) => {
    const { settings } = await chrome.storage.local.get('settings');
    await chrome.storage.local.set({ settings: { ...(settings ?? {}), styleRules } });
  }, styleRules);
}

const underline = (page: Page, name: string | RegExp) => page.getByRole('button', { name, exact: true });

test('rules typed in the options page flag words as you type: Accept puts the preferred word, a rule with no => only flags', async ({
  context,
  site,
  server,
  background,
  openExtensionPage,
}) => {
  const options = await openExtensionPage('options.html');
  const rules = options.getByLabel('Style rules', { exact: true });
  // A line that does not read is named, and nothing is saved.
  await rules.fill('=> use');
  await expect(options.getByRole('alert')).toContainText('Line 1: Nothing to avoid before “=>”.');
  await rules.fill('utilize => use # plain words\nvery');
  await expect(options.getByRole('alert')).toHaveCount(0);
  await expect
    .poll(async () => (await storedSettings(background)).styleRules)
    .toBe('utilize => use # plain words\nvery');

  const page = await context.newPage();
  await page.goto(site.url('textarea.html'));
  const field = page.locator('#field');
  await field.click();
  await page.keyboard.type('We utilize it. It is very good.');
  const typedAt = Date.now();
  const mark = underline(page, 'style: utilize → use');
  await expect(mark).toBeVisible({ timeout: FIRST_UNDERLINE_MS });
  test
    .info()
    .annotations.push({ type: 'typed → rule underline (ms)', description: String(Date.now() - typedAt) });

  await mark.click();
  const card = page.getByRole('dialog');
  await expect(card).toContainText('Your rule');
  await expect(card).toContainText('plain words');
  await card.getByRole('button', { name: 'Accept' }).click();
  await expect(field).toHaveValue('We use it. It is very good.');
  await expect(mark).toHaveCount(0);
  await page.keyboard.press('Control+z');
  await expect(field).toHaveValue('We utilize it. It is very good.');

  // Only flagged: named without an arrow, and the card has nothing to accept.
  const flagged = underline(page, 'style: very');
  await expect(flagged).toBeVisible();
  await flagged.click();
  await expect(card).toContainText('Your rule: avoid “very”.');
  await expect(card.getByRole('button', { name: 'Accept' })).toHaveCount(0);
  await card.getByRole('button', { name: 'Dismiss' }).click();
  await expect(flagged).toHaveCount(0);
  await expect(field).toHaveValue('We utilize it. It is very good.');

  // Capitalised where it was found; nothing reached a model.
  await field.fill('');
  await page.keyboard.type('Utilize it.');
  await underline(page, 'style: Utilize → Use').click({ timeout: FIRST_UNDERLINE_MS });
  await waitForUndoBoundary(page);
  await card.getByRole('button', { name: 'Accept' }).click();
  await expect(field).toHaveValue('Use it.');
  expect(server.log).toHaveLength(0);
});

test('Ignore on this site turns a rule off on that site only, and the options page lists it', async ({
  context,
  site,
  background,
  openExtensionPage,
}) => {
  await setRules(background, 'utilize => use');
  const text = 'We utilize it. This is a example.';
  const here = await context.newPage();
  await here.goto(site.url('textarea.html'));
  await here.locator('#field').click();
  await here.keyboard.type(text);
  const mark = underline(here, 'style: utilize → use');
  await expect(mark).toBeVisible({ timeout: FIRST_UNDERLINE_MS });
  await mark.click();
  await here.getByRole('dialog').getByRole('button', { name: 'Ignore on this site' }).click();
  await expect(mark).toHaveCount(0);

  // Checked again on this site (harper's underline in the other field shows the check ran): still off.
  await here.locator('#other').click();
  await here.keyboard.type(text);
  await expect(here.getByRole('button', { name: /: a → an$/ })).toBeVisible({ timeout: FIRST_UNDERLINE_MS });
  await expect(mark).toHaveCount(0);

  // Another site (localhost is another hostname for the same server): still on.
  const elsewhere = await context.newPage();
  await elsewhere.goto(site.url('textarea.html').replace('127.0.0.1', 'localhost'));
  await elsewhere.locator('#field').click();
  await elsewhere.keyboard.type(text);
  await expect(underline(elsewhere, 'style: utilize → use')).toBeVisible({ timeout: FIRST_UNDERLINE_MS });

  expect((await storedSettings(background)).siteIgnoredRules).toEqual([
    { site: '127.0.0.1', rule: 'rule:utilize' },
  ]);
  const options = await openExtensionPage('options.html');
  const list = options.getByRole('list', { name: 'Ignored rules' });
  await expect(list).toContainText('“utilize” (your rule) — on 127.0.0.1');
  // Removing it there brings the rule back on that site.
  await list.getByRole('button', { name: /Remove/ }).click();
  await expect.poll(async () => (await storedSettings(background)).siteIgnoredRules).toEqual([]);
  await here.reload();
  await here.locator('#field').click();
  await here.keyboard.type(text);
  await expect(underline(here, 'style: utilize → use')).toBeVisible({ timeout: FIRST_UNDERLINE_MS });
});
