import type { Page, Worker } from '@playwright/test';
import type { RequestLogEntry } from '../server/openai-test-server';
import { expect, test, TEST_MODEL } from './fixtures';

/*
 * Cost control in the real built extension: a model per task, and a daily limit that stops model
 * requests (badge, popup, page) while local checks go on, until the person raises it.
 */

const REPLY = { timeout: 30_000 };

const isChat = (e: RequestLogEntry) => e.path === '/v1/chat/completions';
const isCheck = (e: RequestLogEntry) =>
  isChat(e) && JSON.stringify(e.body ?? '').includes('"response_format"');
const isRewrite = (e: RequestLogEntry) => isChat(e) && JSON.stringify(e.body ?? '').includes('rewrites text');
const modelOf = (e: RequestLogEntry | undefined) => (e?.body as { model?: string } | undefined)?.model;

/** Fires the real context-menu listener in the service worker, as a click on the item would. */
async function clickMenu(background: Worker, page: Page, menuItemId: string) {
  await background.evaluate(
    async ({ url, menuItemId }) => {
      const tab = (await chrome.tabs.query({})).find((t) => t.url === url);
      if (!tab) throw new Error(`no tab at ${url}`);
      (chrome.contextMenus.onClicked as unknown as { dispatch(...args: unknown[]): void }).dispatch(
        { menuItemId, parentMenuItemId: 'redline', editable: true, pageUrl: url, frameId: 0 },
        tab,
      );
    },
    { url: page.url(), menuItemId },
  );
}

/** Types into a field of the options page as a person would, then leaves it (it saves when valid). */
async function setOption(options: Page, label: string, value: string) {
  const field = options.getByRole('textbox', { name: label, exact: true });
  await field.fill(value);
  await field.blur();
  await expect(field).not.toHaveAttribute('aria-invalid', 'true');
}

async function storedSettings(background: Worker) {
  return background.evaluate(
    async () => (await chrome.storage.local.get('settings')).settings as Record<string, unknown>,
  );
}

test.describe.configure({ timeout: 90_000 });

test('a model for checks and another for rewrites: the server log shows each used for its task', async ({
  context,
  site,
  background,
  server,
  configureProvider,
  openExtensionPage,
}) => {
  await configureProvider();
  const options = await openExtensionPage('options.html');
  await setOption(options, 'Model for checks', 'gpt-4o-mini');
  await expect.poll(async () => (await storedSettings(background)).checkModel).toBe('gpt-4o-mini');
  await expect(
    options.getByText('Checks use gpt-4o-mini; rewrites and chat use redline-test-model.'),
  ).toBeVisible();

  const page = await context.newPage();
  await page.goto(site.url('textarea.html'));
  await page.locator('#field').click();
  await page.keyboard.insertText('There were less people today. Please send me the report by Friday.');
  await expect(page.getByRole('button', { name: /: less → fewer$/ })).toBeVisible(REPLY);
  const check = await server.waitFor(isCheck, 30_000);
  expect(modelOf(check)).toBe('gpt-4o-mini');

  server.reply('Please send me the report by Friday.', 'Kindly send me the report by Friday.');
  await page.locator('#field').evaluate((el: HTMLTextAreaElement) => {
    const at = el.value.indexOf('Please');
    el.setSelectionRange(at, el.value.length);
  });
  await clickMenu(background, page, 'redline-formal');
  await expect(page.getByRole('dialog', { name: 'Rewrite' }).getByLabel('Result')).toHaveText(
    'Kindly send me the report by Friday.',
    REPLY,
  );
  const rewrite = await server.waitFor(isRewrite, 30_000);
  expect(modelOf(rewrite)).toBe(TEST_MODEL);
  // Every check went to the check model, every rewrite to the other one.
  expect(new Set(server.log.filter(isCheck).map(modelOf))).toEqual(new Set(['gpt-4o-mini']));
  expect(new Set(server.log.filter(isRewrite).map(modelOf))).toEqual(new Set([TEST_MODEL]));
  console.log(
    `[figures] model per task: ${server.log.filter(isCheck).length} check request(s) with gpt-4o-mini, ${server.log.filter(isRewrite).length} rewrite with ${TEST_MODEL}`,
  );
});

test('a daily limit: after the model request that uses it up, nothing more is sent, the badge and popup say so, local checks go on; raising it resumes', async ({
  context,
  site,
  background,
  server,
  configureProvider,
  openExtensionPage,
}) => {
  await configureProvider();
  const options = await openExtensionPage('options.html');
  await setOption(options, 'Daily limit (USD)', '0.6');
  await expect
    .poll(
      async () => ((await storedSettings(background)).advanced as { dailyLimitUSD?: number }).dailyLimitUSD,
    )
    .toBe(0.6);
  // The test model has no known price: the page says the limit cannot count it.
  const unpriced = options.getByText('No price for “redline-test-model”: its requests cannot be counted');
  await expect(unpriced).toBeVisible();
  // Prices of $1,000 per million tokens ($0.001 a token) make a check cost about half a dollar.
  await background.evaluate(async () => {
    const { settings } = await chrome.storage.local.get('settings');
    const current = settings as { advanced?: Record<string, unknown> };
    await chrome.storage.local.set({
      settings: {
        ...current,
        advanced: { ...current.advanced, priceInputPerM: 1000, priceOutputPerM: 1000 },
      },
    });
  });
  await expect(unpriced).toHaveCount(0);

  const page = await context.newPage();
  await page.goto(site.url('textarea.html'));
  const field = page.locator('#field');
  await field.click();
  await page.keyboard.insertText('There were less people today.');
  await expect(page.getByRole('button', { name: /: less → fewer$/ })).toBeVisible(REPLY);
  const first = await server.waitFor((e) => isCheck(e) && e.endedAt !== undefined, 30_000);
  // Sent with a reply cap that keeps even its worst case within the limit.
  const cap = (first.body as { max_tokens?: number }).max_tokens ?? 0;
  expect(cap).toBeGreaterThanOrEqual(64);
  const spent = await background.evaluate(async () => {
    const { usage } = await chrome.storage.local.get('usage');
    return Object.values(usage as Record<string, { costUSD: number }>).reduce((sum, d) => sum + d.costUSD, 0);
  });
  expect(spent).toBeGreaterThan(0.3);
  expect(spent).toBeLessThanOrEqual(0.6);

  // The next check would cross the limit: it is not sent.
  await page.keyboard.press('Enter');
  await page.keyboard.insertText('They could of come.');
  await expect.poll(() => background.evaluate(() => chrome.action.getBadgeText({})), REPLY).toBe('$');
  expect(await background.evaluate(() => chrome.action.getTitle({}))).toContain(
    'Daily limit reached — local checks continue',
  );
  // Local checks go on.
  await page.keyboard.insertText(' This is a apple.');
  await expect(page.getByRole('button', { name: /: a → an$/ })).toBeVisible(REPLY);
  await page.waitForTimeout(1000);
  expect(server.log.filter(isChat)).toHaveLength(1);

  const popup = await openExtensionPage('popup.html');
  const alert = popup.getByRole('alert', { name: 'Spending limit' });
  await expect(alert).toContainText('Daily limit reached — local checks continue');
  await popup.screenshot({ path: test.info().outputPath('popup-limit.png') });
  // Chat says why, and sends nothing.
  await popup.getByRole('textbox', { name: /message/i }).fill('Hello there');
  await popup.keyboard.press('Enter');
  await expect(popup.getByText(/Daily limit reached — local checks continue/).last()).toBeVisible(REPLY);
  expect(server.log.filter(isChat)).toHaveLength(1);

  // Raising the limit: model checks resume where they stopped.
  await options.bringToFront();
  await setOption(options, 'Daily limit (USD)', '100');
  // (The local checker underlines "could of" too: the server's log is what tells.)
  await server.waitFor(
    (e) => isCheck(e) && e.status === 200 && JSON.stringify(e.body ?? '').includes('They could of come.'),
    30_000,
  );
  await expect.poll(() => background.evaluate(() => chrome.action.getBadgeText({}))).toBe('');
  await expect(popup.getByRole('alert', { name: 'Spending limit' })).toHaveCount(0);
  console.log(
    `[figures] daily limit: first check cost $${spent.toFixed(4)} with max_tokens ${cap}; then refused, resumed after raising`,
  );
});
