import { expect, test, TEST_KEY } from './fixtures';

/** A key no test server knows: if it shows up anywhere, it leaked. */
const SECRET = 'sk-redline-SECRET-do-not-leak-8f3a91c2';

interface ProbeEntry {
  channel: string;
  payload: unknown;
}

test('the API key never reaches a page DOM or anything a content script can receive', async ({
  context,
  openExtensionPage,
  site,
}) => {
  // A web page is open (its content script probe listening) while the user configures the key.
  const page = await context.newPage();
  await page.goto(site.url('fields.html'));
  await expect(page.locator('html')).toHaveAttribute('data-redline-probe', /storage\.local\.get/);

  const options = await openExtensionPage('options.html');
  await options.getByLabel('Provider').selectOption('custom');
  await options.getByLabel('Base URL').fill('http://127.0.0.1:9/v1');
  await options.getByLabel('API key', { exact: true }).fill(SECRET);
  await options.getByLabel('Model', { exact: true }).fill('redline-test-model');
  await options.getByRole('button', { name: 'Save' }).click();
  await expect(options.getByText('Saved', { exact: true })).toBeVisible();

  // The content script talks to the background (focus → site.status) after the key is stored.
  await page.locator('#comment').click();
  await page.keyboard.type('Hello there.');
  await expect
    .poll(async () => {
      const probe = JSON.parse(
        (await page.locator('html').getAttribute('data-redline-probe')) ?? '[]',
      ) as ProbeEntry[];
      return probe.map((entry) => entry.channel);
    })
    .toContain('sendMessage.reply');

  const probeText = (await page.locator('html').getAttribute('data-redline-probe')) ?? '';
  const probe = JSON.parse(probeText) as ProbeEntry[];
  // Chrome shuts content scripts out of storage.local, where the key lives: no reads, no change events.
  const reads = probe.filter((e) => e.channel.startsWith('storage.local.get'));
  expect(reads.at(-1)?.channel).toBe('storage.local.get:refused');
  expect(probe.some((e) => e.channel.startsWith('storage.onChanged:local'))).toBe(false);
  expect(probeText).not.toContain(SECRET);
  expect(probeText).not.toContain(TEST_KEY);

  // No page shows it either: the web page, the options page after a reload, the popup.
  expect(await page.content()).not.toContain(SECRET);
  await options.reload();
  await expect(options.getByText(/Saved key|…/).first()).toBeVisible();
  expect(await options.content()).not.toContain(SECRET);
  await expect(options.getByLabel('API key', { exact: true })).not.toHaveValue(SECRET);
  const popup = await openExtensionPage('popup.html');
  await expect(popup.getByLabel('Message')).toBeVisible();
  expect(await popup.content()).not.toContain(SECRET);
});

test('a content script cannot use privileged kinds', async ({ context, site, background }) => {
  await background.evaluate(async (key) => {
    await chrome.storage.local.set({ apiKey: key });
  }, SECRET);
  const page = await context.newPage();
  await page.goto(site.url('fields.html'));
  await page.locator('#comment').click();
  await expect(page.locator('html')).toHaveAttribute('data-redline-probe', /sendMessage\.reply/);
  // Make the page's content script ask for the key status, as a hostile page could: it is refused.
  await page.evaluate(() =>
    document.dispatchEvent(
      new CustomEvent('redline-probe:send', { detail: JSON.stringify({ kind: 'key.status', data: {} }) }),
    ),
  );
  await expect(page.locator('html')).toHaveAttribute('data-redline-probe', /probe\.reply/);
  const probe = JSON.parse(
    (await page.locator('html').getAttribute('data-redline-probe')) ?? '[]',
  ) as ProbeEntry[];
  const reply = probe.find((entry) => entry.channel === 'probe.reply')?.payload;
  expect(reply).toEqual({ ok: false, error: expect.stringMatching(/only for Redline's own pages/) });
  expect(JSON.stringify(reply)).not.toContain(SECRET);
});
