import type { Page } from '@playwright/test';
import { countChatTokens } from '../server/openai-test-server';
import { expect, test } from './fixtures';

/** The toolbar popup (opened as a tab), driven through its labels and roles. */
class PopupPage {
  constructor(readonly page: Page) {}

  get message() {
    return this.page.getByRole('textbox', { name: 'Message', exact: true });
  }
  get send() {
    return this.page.getByRole('button', { name: 'Send', exact: true });
  }
  get stop() {
    return this.page.getByRole('button', { name: 'Stop', exact: true });
  }
  get clear() {
    return this.page.getByRole('button', { name: 'Clear', exact: true });
  }
  get log() {
    return this.page.getByRole('log');
  }
  /** The model's replies in the log. */
  get reply() {
    return this.log.getByRole('article', { name: 'Redline', exact: true });
  }
  get tone() {
    return this.page.getByLabel('Tone', { exact: true });
  }
  get model() {
    return this.page.getByLabel('Model', { exact: true });
  }
  get keyNotice() {
    return this.page.getByText('No API key yet', { exact: false });
  }
  get usage() {
    return this.page.getByText(/^Today:/);
  }

  async ask(text: string) {
    await this.message.fill(text);
    await this.send.click();
  }
}

async function openPopup(openExtensionPage: (path: string) => Promise<Page>): Promise<PopupPage> {
  const popup = new PopupPage(await openExtensionPage('popup.html'));
  await expect(popup.tone).toBeEnabled();
  return popup;
}

/*
 * Storage is read through the popup page itself, not the service worker: the worker may be busy
 * for a while starting the local checker, and the popup's own storage access is what is under test.
 */
async function stored<T>(page: Page, key: string): Promise<T | undefined> {
  return page.evaluate(async (k) => (await chrome.storage.local.get(k))[k] as unknown, key) as Promise<
    T | undefined
  >;
}

/** The first reply can wait for the background to wake up and start its local checker. */
const REPLY = { timeout: 30_000 };

const isChat = (entry: { path: string }) => entry.path.endsWith('/chat/completions');

test.describe('popup: chat', () => {
  test.beforeEach(async ({ configureProvider }) => {
    await configureProvider();
  });

  test('streams a reply from the model into the log', async ({ openExtensionPage, server }) => {
    const popup = await openPopup(openExtensionPage);
    await popup.ask('Hello there');

    await expect(popup.log).toContainText('Echo: Hello there', REPLY);
    await expect(popup.message).toHaveValue('');
    await expect(popup.send).toBeDisabled(); // nothing typed
    const request = await server.waitFor(isChat);
    expect(request.stream).toBe(true);
    // Today's usage counts the reply; the test model has no known price.
    await expect(popup.usage).toContainText('cost unknown for this model');
    await expect(popup.usage).not.toContainText('no tokens');
  });

  test('Usage details: tokens and cost per day, task and model, with the cached prompt prefix', async ({
    context,
    site,
    openExtensionPage,
    server,
  }) => {
    test.setTimeout(90_000);
    // Two model checks (the second repeats the first's system message: cached input), then a chat.
    const page = await context.newPage();
    await page.goto(site.url('textarea.html'));
    await page.locator('#field').click();
    await page.keyboard.insertText('There were less people today.');
    await expect(page.getByRole('button', { name: /: less → fewer$/ })).toBeVisible(REPLY);
    await page.keyboard.insertText(' They could of come.');
    await expect(page.getByRole('button', { name: /: could of → could have$/ })).toBeVisible(REPLY);
    // The local checker may underline "could of" first: the model's request goes after the pause.
    await server.waitFor(
      (e) => isChat(e) && e.endedAt !== undefined && JSON.stringify(e.body).includes('They could of come.'),
      30_000,
    );
    const checks = server.log.filter((e) => isChat(e) && e.status === 200);
    expect(checks).toHaveLength(2);
    const system = (checks[1]?.body as { messages: { role: string; content: string }[] }).messages[0];
    // The system message with its framing, as the server counts it (less the reply's priming).
    const cached = countChatTokens(system ? [system] : []) - 3;

    const popup = await openPopup(openExtensionPage);
    await popup.ask('Hello there');
    await expect(popup.log).toContainText('Echo: Hello there', REPLY);
    const opened = context.waitForEvent('page');
    await popup.page.getByRole('button', { name: 'Usage details' }).click();
    const options = await opened;
    await expect(options).toHaveURL(/options\.html#usage$/);
    const table = options.getByRole('table', { name: 'Model usage, last 30 days' });
    await expect(table).toBeVisible();
    await expect(table).toBeInViewport();
    const cells = (task: string) => table.getByRole('row').filter({ hasText: task }).getByRole('cell');
    const today = new Date();
    const day = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
    await expect(cells('Checks')).toHaveText([
      day,
      'Checks',
      'redline-test-model',
      '2',
      /^[\d,]+$/,
      cached.toLocaleString('en-US'),
      /^[\d,]+$/,
      'unknown',
    ]);
    await expect(cells('Chat')).toHaveText([
      day,
      'Chat',
      'redline-test-model',
      '1',
      /\d/,
      '0',
      /\d/,
      'unknown',
    ]);
    // With a price, the cached part costs less: cached input at $100, the rest at $1,000 per million.
    await options.getByRole('textbox', { name: 'Price per million input tokens (USD)' }).fill('1000');
    await options.getByRole('textbox', { name: 'Price per million input tokens (USD)' }).blur();
    await options.getByRole('textbox', { name: 'Price per million cached input tokens (USD)' }).fill('100');
    await options.getByRole('textbox', { name: 'Price per million cached input tokens (USD)' }).blur();
    await options.getByRole('textbox', { name: 'Price per million output tokens (USD)' }).fill('0');
    await options.getByRole('textbox', { name: 'Price per million output tokens (USD)' }).blur();
    const before = await table.getByRole('row').filter({ hasText: 'Chat' }).count();
    expect(before).toBe(1);
    await popup.ask('Once more');
    await expect(popup.log).toContainText('Echo: Once more', REPLY);
    const chats = server.log.filter((e) => isChat(e) && e.status === 200).slice(2);
    const last = chats.at(-1)?.body as { messages: { role: string; content: string }[] };
    const prompt = countChatTokens(last.messages);
    const cachedChat = countChatTokens(last.messages.slice(0, 1)) - 3;
    const usd = ((prompt - cachedChat) * 1000 + cachedChat * 100) / 1e6;
    await expect(cells('Chat').nth(5)).toHaveText(cachedChat.toLocaleString('en-US'));
    // The first chat had no price (the test model has none): the sum is a lower bound.
    await expect(cells('Chat').nth(7)).toHaveText(`~$${usd.toFixed(4)}+`);
    console.log(
      `[figures] usage view: the second chat cost ${usd.toFixed(4)} USD at $1,000/$100 per million (cached ${cachedChat} of ${prompt} prompt tokens)`,
    );
  });

  test('Enter sends and Shift+Enter starts a new line', async ({ openExtensionPage }) => {
    const popup = await openPopup(openExtensionPage);
    await popup.message.fill('first line');
    await popup.message.press('Shift+Enter');
    await popup.message.pressSequentially('second line');
    await expect(popup.message).toHaveValue('first line\nsecond line');
    await popup.message.press('Enter');
    await expect(popup.log).toContainText('Echo: first line', REPLY);
    await expect(popup.message).toHaveValue('');
  });

  test('Stop aborts the request and keeps the partial reply, marked stopped', async ({
    openExtensionPage,
    server,
  }) => {
    server.enqueue({ kind: 'slow', delayMs: 300 });
    const popup = await openPopup(openExtensionPage);
    await popup.ask('Tell me a long story about a lighthouse keeper and the sea');

    await expect(popup.log).toContainText('Echo:', REPLY);
    await expect(popup.clear).toBeDisabled();
    await popup.stop.click();

    const request = await server.waitFor((entry) => isChat(entry) && entry.closedByClient);
    expect(request.closedByClient).toBe(true);
    const reply = popup.reply.last();
    await expect(reply).toContainText('(stopped)');
    await expect(reply).toContainText('Echo:');
    await expect(reply).not.toContainText('and the sea');
    await expect(popup.stop).toBeDisabled();
    await expect(popup.clear).toBeEnabled();
  });

  test('the history is still there after closing and reopening the popup', async ({ openExtensionPage }) => {
    const first = await openPopup(openExtensionPage);
    await first.ask('Remember me');
    await expect(first.log).toContainText('Echo: Remember me', REPLY);
    await expect.poll(async () => (await stored<unknown[]>(first.page, 'chatHistory'))?.length).toBe(2);
    await first.page.close();

    const second = await openPopup(openExtensionPage);
    await expect(second.log).toContainText('Remember me');
    await expect(second.log).toContainText('Echo: Remember me');
  });

  test('HTML in a reply shows as text and creates no element', async ({ openExtensionPage, server }) => {
    const payload = 'Careful: <img src=x onerror=alert(1)> and <script>window.__pwned=1</script> done';
    server.reply('show me html', payload);
    const popup = await openPopup(openExtensionPage);
    let dialogs = 0;
    popup.page.on('dialog', (dialog) => {
      dialogs++;
      void dialog.dismiss();
    });
    await popup.ask('show me html');

    await expect(popup.log).toContainText('<img src=x onerror=alert(1)>', REPLY);
    await expect(popup.log).toContainText('<script>window.__pwned=1</script>');
    await expect(popup.log.locator('img, script')).toHaveCount(0);
    expect(
      await popup.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned),
    ).toBeUndefined();
    expect(dialogs).toBe(0);
  });

  test('markdown renders, links open in a new tab and images stay links', async ({
    openExtensionPage,
    server,
  }) => {
    server.reply(
      'markdown please',
      '**Bold** [docs](https://example.com/docs) ![cat](http://127.0.0.1:9/cat.png)',
    );
    const popup = await openPopup(openExtensionPage);
    await popup.ask('markdown please');

    await expect(popup.log.locator('strong', { hasText: 'Bold' })).toBeVisible(REPLY);
    const link = popup.log.getByRole('link', { name: 'docs' });
    await expect(link).toHaveAttribute('target', '_blank');
    await expect(link).toHaveAttribute('rel', /noopener/);
    await expect(popup.log.getByRole('link', { name: 'Image: cat' })).toBeVisible();
    await expect(popup.log.locator('img')).toHaveCount(0);
  });

  test('Copy puts a reply on the clipboard', async ({ openExtensionPage }) => {
    const popup = await openPopup(openExtensionPage);
    await popup.ask('Copy this');
    await expect(popup.log).toContainText('Echo: Copy this', REPLY);

    await popup.log.getByRole('button', { name: 'Copy', exact: true }).click();
    await expect(popup.log.getByRole('button', { name: 'Copied', exact: true })).toBeVisible();
    // What a person would do next: paste it somewhere.
    await popup.message.focus();
    await popup.page.keyboard.press('ControlOrMeta+V');
    await expect(popup.message).toHaveValue('Echo: Copy this');
  });

  test('Clear empties the history', async ({ openExtensionPage }) => {
    const popup = await openPopup(openExtensionPage);
    await popup.ask('Forget this');
    await expect(popup.log).toContainText('Echo: Forget this', REPLY);

    await popup.clear.click();
    await expect(popup.log).not.toContainText('Forget this');
    await expect(popup.clear).toBeDisabled();
    await expect.poll(() => stored(popup.page, 'chatHistory')).toEqual([]);

    await popup.page.reload();
    await expect(popup.tone).toBeEnabled();
    await expect(popup.log).not.toContainText('Forget this');
  });

  test('a failed request shows its error in the log', async ({ openExtensionPage, server }) => {
    server.enqueue({ kind: 'status', status: 401 });
    const popup = await openPopup(openExtensionPage);
    await popup.ask('Will this work?');
    await expect(popup.log.getByText(/^Error:/)).toBeVisible(REPLY);
    await expect(popup.send).toBeDisabled();
    await popup.message.fill('Try again');
    await expect(popup.send).toBeEnabled();
  });

  test('a 5 MB reply is cut off at the cap with a clear message, and the next question is answered', async ({
    openExtensionPage,
    server,
  }) => {
    server.enqueue({ kind: 'huge', chars: 5_000_000 });
    const popup = await openPopup(openExtensionPage);
    await popup.ask('Tell me everything.');
    await expect(popup.log.getByText(/larger than Redline accepts \(256 KB\)/)).toBeVisible(REPLY);
    // What was kept is bounded: the chat's cap is 256 KB.
    const shown = await popup.log.evaluate((log) => log.textContent?.length ?? 0);
    expect(shown).toBeLessThanOrEqual(256 * 1024 + 2_000);
    await expect.poll(() => server.log.filter(isChat).every((e) => e.endedAt !== undefined)).toBe(true);

    await popup.ask('And now briefly?');
    await expect(popup.reply.last()).toContainText('Echo: And now briefly?', REPLY);
  });
});

test.describe('popup: settings and notices', () => {
  test('asks for a key while none is configured, and stops asking once one is', async ({
    openExtensionPage,
    configureProvider,
  }) => {
    const popup = await openPopup(openExtensionPage);
    await expect(popup.keyNotice).toBeVisible();
    await expect(popup.page.getByRole('button', { name: 'Open settings', exact: true })).toBeVisible();
    await expect(popup.message).toBeDisabled();

    await configureProvider();
    await expect(popup.keyNotice).toBeHidden();
    await expect(popup.message).toBeEnabled();

    await popup.page.reload();
    await expect(popup.tone).toBeEnabled();
    await expect(popup.keyNotice).toBeHidden();
  });

  test('privacy mode says so and turns chat off', async ({ openExtensionPage, configureProvider }) => {
    await configureProvider();
    const popup = await openPopup(openExtensionPage);
    await expect(popup.message).toBeEnabled();
    // Switched on elsewhere (the options page): the open popup follows storage.
    await popup.page.evaluate(async () => {
      const { settings } = await chrome.storage.local.get('settings');
      await chrome.storage.local.set({ settings: { ...(settings as object), privacyMode: true } });
    });
    await expect(popup.page.getByText('Privacy mode: local checks only')).toBeVisible();
    await expect(popup.message).toBeDisabled();
    await expect(popup.page.getByText(/Chat is off in privacy mode/)).toBeVisible();
  });

  test('the tone and model persist', async ({ openExtensionPage }) => {
    const popup = await openPopup(openExtensionPage);
    await popup.tone.selectOption('formal');
    await popup.model.fill('gpt-4.1-mini');
    await popup.model.blur();
    await expect
      .poll(async () => {
        const settings = await stored<{ tone?: string; model?: string }>(popup.page, 'settings');
        return { tone: settings?.tone, model: settings?.model };
      })
      .toEqual({ tone: 'formal', model: 'gpt-4.1-mini' });

    await popup.page.reload();
    await expect(popup.tone).toHaveValue('formal');
    await expect(popup.model).toHaveValue('gpt-4.1-mini');
  });

  test('says Redline does not run on its own pages', async ({ openExtensionPage }) => {
    const popup = await openPopup(openExtensionPage);
    await expect(popup.page.getByText('Redline doesn’t run on this page.')).toBeVisible();
  });

  test('switches checking off and on for the current site', async ({ context, site, openExtensionPage }) => {
    const sitePage = await context.newPage();
    await sitePage.goto(site.url('fields.html'));
    const popup = await openPopup(openExtensionPage);
    // The popup reads the active tab when it opens: make the site the active tab, then reload it.
    await sitePage.bringToFront();
    await popup.page.reload();

    const toggle = popup.page.getByRole('switch', { name: 'Check writing on 127.0.0.1' });
    await expect(toggle).toBeChecked();
    await toggle.click();
    await expect(toggle).not.toBeChecked();
    const disabledSites = async () =>
      (await stored<{ disabledSites?: string[] }>(popup.page, 'settings'))?.disabledSites ?? [];
    await expect.poll(disabledSites).toEqual(['127.0.0.1']);
    await toggle.click();
    await expect(toggle).toBeChecked();
    await expect.poll(disabledSites).toEqual([]);
  });
});
