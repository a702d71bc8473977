import type { Locator, Page, Worker } from '@playwright/test';
import type { RequestLogEntry } from '../server/openai-test-server';
import { expect, test } from './fixtures';
import { REWRITE_CASE, REWRITE_FIELDS, selectTextIn } from '../fixtures/field-kinds';
import { waitForUndoBoundary } from './support/editors';

/*
 * The right-click rewrite, end to end: the real menu listener (dispatched in the service worker, as a
 * click would), the real content script and panel, the real port, the test server's streamed reply.
 */

const {
  before: BEFORE,
  sentence: SENTENCE,
  after: AFTER,
  rewrite: REWRITE,
  rewriteWithoutMiddle: WITHOUT_MIDDLE,
} = REWRITE_CASE;
/** The first rewrite may wait for the service worker to start (and its local checker with it). */
const FIRST_RESULT = { timeout: 20_000 };

/** A page with one editable field, and how to read the text as the page's own code holds it. */
interface EditorFixture {
  name: string;
  page: string;
  field(page: Page): Locator;
  /** The editor's model text (the textarea's value; the DOM's text; TipTap's document). */
  read(page: Page): Promise<string>;
}

const EDITORS: EditorFixture[] = REWRITE_FIELDS.map((kind) => {
  const field = (page: Page) => page.locator(kind.path.join(' '));
  return {
    name: kind.name,
    page: kind.page,
    field,
    read: (page) =>
      kind.read === 'model'
        ? // The editor's own model, read through its API (tests/fixtures/pages/editors/expose.ts).
          page.evaluate(
            () => (window as { redlineEditor?: { getText(): string } }).redlineEditor?.getText() ?? '',
          )
        : kind.read === 'innerText'
          ? field(page).evaluate((el) => (el as HTMLElement).innerText.replace(/\n$/, ''))
          : field(page).inputValue(),
  };
});

/**
 * Enters the text as one input (as a paste or an IME commit would: the editor's own input handling
 * runs, without a key event per character), then selects `SENTENCE` inside it.
 */
async function typeAndSelect(page: Page, fixture: EditorFixture) {
  const field = fixture.field(page);
  await field.click();
  await page.keyboard.insertText(BEFORE + SENTENCE + AFTER);
  await expect.poll(() => fixture.read(page)).toBe(BEFORE + SENTENCE + AFTER);
  await selectText(field, SENTENCE);
}

/** Selects the first occurrence of `text` in an element: a field's own selection, or a DOM range. */
async function selectText(element: Locator, text: string) {
  expect(await element.evaluate(selectTextIn, text)).toBe(text);
}

/** A `chrome.*` event in the service worker, fired by hand. */
interface Dispatchable {
  dispatch(...args: unknown[]): void;
}

/** Fires the real context-menu listener in the service worker, as a click on the item would. */
async function clickMenu(background: Worker, page: Page, menuItemId: string, editable: boolean) {
  await background.evaluate(
    async ({ url, menuItemId, editable }) => {
      const tab = (await chrome.tabs.query({})).find((t) => t.url === url);
      if (!tab) throw new Error(`no tab at ${url}`);
      // `dispatch` runs the extension's own listeners (Chromium's event API; not in @types/chrome).
      (chrome.contextMenus.onClicked as unknown as Dispatchable).dispatch(
        { menuItemId, parentMenuItemId: 'redline', editable, pageUrl: url, frameId: 0 },
        tab,
      );
    },
    { url: page.url(), menuItemId, editable },
  );
}

const isRewrite = (entry: RequestLogEntry) =>
  entry.path === '/v1/chat/completions' &&
  JSON.stringify((entry.body as { messages?: unknown } | undefined)?.messages ?? '').includes(
    'rewrites text',
  );

/** The Rewrite panel, found the way the accessibility contract promises. */
function rewritePanel(page: Page) {
  const dialog = page.getByRole('dialog', { name: 'Rewrite' });
  return {
    dialog,
    result: dialog.getByLabel('Result'),
    button: (name: 'Replace' | 'Copy' | 'Stop' | 'Retry' | 'Accept all' | 'Reject all') =>
      dialog.getByRole('button', { name, exact: true }),
    /** The tracked changes, one group each, in reading order. */
    changes: dialog.getByLabel('Changes').getByRole('group'),
  };
}

test.describe.configure({ timeout: 60_000 });

test.describe('rewrite from the context menu', () => {
  test.beforeEach(async ({ configureProvider, server }) => {
    await configureProvider();
    server.reply(SENTENCE, REWRITE);
  });

  for (const fixture of EDITORS) {
    test(`${fixture.name}: the panel streams the rewrite as tracked changes; reject the middle one, Replace puts in the rest, one Ctrl+Z restores`, async ({
      context,
      site,
      background,
      server,
    }) => {
      const page = await context.newPage();
      await page.goto(site.url(fixture.page));
      await typeAndSelect(page, fixture);

      const started = Date.now();
      await clickMenu(background, page, 'redline-formal', true);
      const panel = rewritePanel(page);
      await expect(panel.dialog).toBeVisible(FIRST_RESULT);
      await expect(panel.result).not.toBeEmpty(FIRST_RESULT);
      const firstChunkMs = Date.now() - started;
      await expect(panel.result).toHaveText(REWRITE);
      test.info().annotations.push({ type: 'first chunk in panel (ms)', description: String(firstChunkMs) });

      // The result as three changes to the original, each kept until the person rejects it.
      await expect(panel.changes).toHaveCount(3);
      await expect(panel.changes.nth(1)).toHaveAccessibleName('Change 2 of 3: replace “u” with “you”');
      await expect(panel.dialog.getByLabel('Changes')).toContainText('send me the report by');
      await panel.changes.nth(1).getByRole('button', { name: 'Reject change' }).click();
      await expect(panel.changes.nth(1)).toHaveAccessibleName(/, rejected$/);
      await expect(panel.result).toHaveText(WITHOUT_MIDDLE);

      const request = await server.waitFor(isRewrite);
      const body = request.body as { messages: { role: string; content: string }[] };
      expect(body.messages[0]?.content).toContain('formal, professional tone');
      expect(body.messages.at(-1)?.content).toBe(`<text>\n${SENTENCE}\n</text>`);
      // Only the selection went to the model, not the whole field.
      expect(JSON.stringify(body)).not.toContain('Intro line');

      // A person reads the result before replacing: editors that merge changes made close together
      // (Quill and Lexical within 1 s, ProseMirror 500 ms) would otherwise undo typing and Replace at once.
      await waitForUndoBoundary(page);
      await panel.button('Replace').click();
      await expect(panel.dialog).toBeHidden();
      await expect.poll(() => fixture.read(page)).toBe(BEFORE + WITHOUT_MIDDLE + AFTER);

      await page.keyboard.press('Control+z');
      await expect.poll(() => fixture.read(page)).toBe(BEFORE + SENTENCE + AFTER);
    });
  }

  test('tracked changes by keyboard: ↑/↓ move, Backspace rejects and Enter keeps, announced; Accept all / Reject all; a page script can decide nothing', async ({
    context,
    site,
    background,
  }) => {
    const fixture = EDITORS.find((editor) => editor.page === 'textarea.html');
    if (!fixture) throw new Error('no textarea fixture');
    const page = await context.newPage();
    await page.goto(site.url(fixture.page));
    await typeAndSelect(page, fixture);
    await clickMenu(background, page, 'redline-formal', true);
    const panel = rewritePanel(page);
    await expect(panel.result).toHaveText(REWRITE, FIRST_RESULT);
    await expect(panel.changes).toHaveCount(3);
    const announced = panel.dialog.getByRole('status').filter({ hasText: /^(Change|All)/ });

    // Focus is on Replace when the result is complete; the changes are just before it.
    await expect(panel.button('Replace')).toBeFocused();
    await page.keyboard.press('Shift+Tab');
    await expect(panel.changes.nth(0)).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(panel.changes.nth(1)).toBeFocused();
    await page.keyboard.press('Backspace');
    await expect(panel.changes.nth(1)).toHaveAccessibleName(/, rejected$/);
    await expect(announced).toHaveText('Change 2 rejected: replace “u” with “you”.');
    await expect(panel.result).toHaveText(WITHOUT_MIDDLE);
    // Only one change is in the tab order: the focused one.
    await expect(panel.changes.nth(1)).toHaveAttribute('tabindex', '0');
    await expect(panel.changes.nth(0)).toHaveAttribute('tabindex', '-1');

    // A page script reaches into the open shadow root: its clicks and keys decide nothing.
    const scripted = await page.evaluate(() => {
      const root = document.querySelector('redline-rewrite')?.shadowRoot;
      const groups = [...(root?.querySelectorAll<HTMLElement>('[role="group"]') ?? [])];
      for (const button of root?.querySelectorAll('button') ?? []) {
        if (
          /^(Accept|Reject) (change|all)$/.test(button.getAttribute('aria-label') ?? button.textContent ?? '')
        )
          button.click();
      }
      for (const group of groups) {
        for (const key of ['Enter', 'Backspace']) {
          group.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true }));
        }
      }
      return groups.length;
    });
    expect(scripted).toBe(3);
    await expect(panel.result).toHaveText(WITHOUT_MIDDLE);
    await expect(panel.changes.nth(0)).not.toHaveAccessibleName(/rejected/);
    await expect(panel.changes.nth(1)).toHaveAccessibleName(/, rejected$/);

    await page.keyboard.press('Enter');
    await expect(panel.changes.nth(1)).not.toHaveAccessibleName(/rejected/);
    await expect(announced).toHaveText('Change 2 kept: replace “u” with “you”.');
    await page.keyboard.press('End');
    await expect(panel.changes.nth(2)).toBeFocused();
    await page.keyboard.press('Delete');
    await expect(panel.result).toHaveText('Hey, can you send me the report by friday');

    await panel.button('Reject all').click();
    await expect(announced).toHaveText('All 3 changes rejected.');
    await expect(panel.result).toHaveText(SENTENCE);
    await expect(panel.button('Replace')).toBeDisabled();
    await panel.button('Accept all').click();
    await expect(panel.result).toHaveText(REWRITE);
    await panel.changes.nth(0).getByRole('button', { name: 'Reject change' }).click();
    await expect(panel.result).toHaveText('hey can you send me the report by Friday?');
    await page.screenshot({ path: test.info().outputPath('tracked-changes.png') });

    await waitForUndoBoundary(page);
    await panel.button('Replace').focus();
    await page.keyboard.press('Enter');
    await expect(panel.dialog).toBeHidden();
    await expect
      .poll(() => fixture.read(page))
      .toBe(BEFORE + 'hey can you send me the report by Friday?' + AFTER);
    await page.keyboard.press('Control+z');
    await expect.poll(() => fixture.read(page)).toBe(BEFORE + SENTENCE + AFTER);
  });

  test('Retry asks the model again and streams a fresh result', async ({
    context,
    site,
    background,
    server,
  }) => {
    const fixture = EDITORS[0] as EditorFixture;
    const page = await context.newPage();
    await page.goto(site.url(fixture.page));
    await typeAndSelect(page, fixture);
    await clickMenu(background, page, 'redline-shorten', true);
    const panel = rewritePanel(page);
    await expect(panel.result).toHaveText(REWRITE, FIRST_RESULT);

    server.reply(SENTENCE, 'Send me the report by Friday?');
    // A page script pressing Retry, in any way it can, asks nothing of the model.
    await panel.button('Retry').evaluate((button) => {
      (button as HTMLButtonElement).click();
      button.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, detail: 1 }));
    });
    await page.waitForTimeout(500);
    expect(server.log.filter(isRewrite)).toHaveLength(1);
    await expect(panel.result).toHaveText(REWRITE);

    // Measured in the page: from the person's press to the first streamed text on screen (warm: panel
    // loaded, service worker awake). Retry gives its place to Stop, so the dialog is held on to.
    await panel.dialog.evaluate((dialog) => {
      const result = () => dialog.querySelector('[aria-label="Result"]')?.textContent ?? '';
      const before = result();
      (window as { firstChunk?: Promise<number> }).firstChunk = new Promise<number>((resolve) => {
        let started = 0;
        dialog.addEventListener('click', () => (started = performance.now()), { capture: true, once: true });
        const observer = new MutationObserver(() => {
          if (started && result() && result() !== before) {
            observer.disconnect();
            resolve(performance.now() - started);
          }
        });
        observer.observe(dialog, { subtree: true, childList: true, characterData: true });
      });
    });
    await panel.button('Retry').click();
    const firstChunkMs = await page.evaluate(() => (window as { firstChunk?: Promise<number> }).firstChunk);
    const note = { type: 'first chunk after Retry (ms)', description: (firstChunkMs ?? 0).toFixed(0) };
    test.info().annotations.push(note);
    await expect(panel.result).toHaveText('Send me the report by Friday?');
    expect(server.log.filter(isRewrite)).toHaveLength(2);
  });

  test('Replace refuses, with a clear message, when the selected text changed meanwhile', async ({
    context,
    site,
    background,
  }) => {
    const fixture = EDITORS[0] as EditorFixture;
    const page = await context.newPage();
    await page.goto(site.url(fixture.page));
    await typeAndSelect(page, fixture);
    await clickMenu(background, page, 'redline-formal', true);
    const panel = rewritePanel(page);
    await expect(panel.result).toHaveText(REWRITE, FIRST_RESULT);

    // Someone types at the start of the field: the selection's text no longer stands where it stood.
    await fixture.field(page).evaluate((el) => {
      const field = el as HTMLTextAreaElement;
      field.focus();
      field.setSelectionRange(0, 0);
    });
    await page.keyboard.insertText('Oh. ');
    await expect.poll(() => fixture.read(page)).toBe(`Oh. ${BEFORE}${SENTENCE}${AFTER}`);

    await panel.button('Replace').click();
    await expect(panel.dialog.getByRole('alert')).toContainText('changed since you asked');
    expect(await fixture.read(page)).toBe(`Oh. ${BEFORE}${SENTENCE}${AFTER}`);
  });

  test('Stop aborts the request mid-stream and leaves the field untouched', async ({
    context,
    site,
    background,
    server,
  }) => {
    const long = `${REWRITE} ${'And then some more words keep arriving slowly. '.repeat(6)}`;
    server.reply(SENTENCE, long);
    server.setDefault({ kind: 'slow', delayMs: 250 });
    const fixture = EDITORS[0] as EditorFixture;
    const page = await context.newPage();
    await page.goto(site.url(fixture.page));
    await typeAndSelect(page, fixture);

    await clickMenu(background, page, 'redline-concise', true);
    const panel = rewritePanel(page);
    await expect(panel.result).toContainText('Hey,', FIRST_RESULT);
    await panel.button('Stop').click();
    // Stop's place goes to the next button that can act: the keyboard stays in the panel.
    await expect(panel.button('Copy')).toBeFocused();

    const entry = await server.waitFor((e) => isRewrite(e) && e.closedByClient, 5_000);
    expect(entry.closedByClient).toBe(true);
    await expect(panel.dialog.getByRole('status')).toHaveText('Stopped.');
    await expect(panel.button('Stop')).toHaveCount(0);
    // A partial result is never put in the field.
    await expect(panel.button('Replace')).toBeDisabled();
    expect(await panel.result.textContent()).not.toContain(
      'slowly. And then some more words keep arriving slowly.'.repeat(5),
    );
    expect(await fixture.read(page)).toBe(BEFORE + SENTENCE + AFTER);

    // Esc closes the panel and gives focus back to the field, selection intact.
    await page.keyboard.press('Escape');
    await expect(panel.dialog).toBeHidden();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('field');
  });

  test('a custom prompt added in the options page is in the menu and its instruction reaches the model', async ({
    context,
    site,
    background,
    server,
    openExtensionPage,
  }) => {
    const menuItemExists = (id: string) =>
      background.evaluate(
        (id) =>
          chrome.contextMenus.update(id, {}).then(
            () => true,
            () => false,
          ),
        id,
      );
    await expect.poll(() => menuItemExists('redline-formal'), FIRST_RESULT).toBe(true);
    expect(await menuItemExists('redline-custom-0')).toBe(false);

    const instruction = 'Rewrite this as a pirate would say it, arr.';
    const options = await openExtensionPage('options.html');
    // The page also says which shortcut opens the same list in the page (a profile loaded with
    // --load-extension gets no suggested keys, so here it says none is set) and where to change it.
    await expect(
      options.getByText(/No keyboard shortcut is set.*chrome:\/\/extensions\/shortcuts/),
    ).toBeVisible();
    await options.getByLabel('Prompt name').fill('Pirate');
    await options.getByLabel('Instruction').fill(instruction);
    await options.getByRole('button', { name: 'Add prompt' }).click();
    await expect(options.getByRole('list', { name: 'Custom prompts' })).toContainText('Pirate');
    await expect.poll(() => menuItemExists('redline-custom-0')).toBe(true);

    server.reply(SENTENCE, 'Arr, send me the report by Friday, matey!');
    const fixture = EDITORS[0] as EditorFixture;
    const page = await context.newPage();
    await page.goto(site.url(fixture.page));
    await typeAndSelect(page, fixture);
    await clickMenu(background, page, 'redline-custom-0', true);

    const panel = rewritePanel(page);
    await expect(panel.dialog).toContainText('Pirate');
    await expect(panel.result).toHaveText('Arr, send me the report by Friday, matey!', FIRST_RESULT);
    const request = await server.waitFor(isRewrite);
    expect(JSON.stringify(request.body)).toContain(instruction);
  });

  test('on page text (not editable) only Copy is offered, and it copies the result', async ({
    context,
    site,
    background,
  }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.origin });
    const page = await context.newPage();
    await page.goto(site.url('textarea.html'));
    await page.evaluate((text) => {
      const p = document.createElement('p');
      p.id = 'plain';
      p.textContent = `Some page text: ${text}. The end.`;
      document.body.append(p);
    }, SENTENCE);
    await selectText(page.locator('#plain'), SENTENCE);

    await clickMenu(background, page, 'redline-formal', false);
    const panel = rewritePanel(page);
    await expect(panel.result).toHaveText(REWRITE, FIRST_RESULT);
    await expect(panel.button('Copy')).toBeVisible();
    await expect(panel.button('Replace')).toHaveCount(0);

    await panel.button('Copy').click();
    await expect(panel.dialog.getByText('Copied.')).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(REWRITE);
    await expect(page.locator('#plain')).toHaveText(`Some page text: ${SENTENCE}. The end.`);
  });

  test('a refused key shows a clear message in the panel and leaves the field untouched', async ({
    context,
    site,
    background,
    configureProvider,
  }) => {
    await configureProvider({ apiKey: 'sk-wrong-key-123456' });
    const fixture = EDITORS[0] as EditorFixture;
    const page = await context.newPage();
    await page.goto(site.url(fixture.page));
    await typeAndSelect(page, fixture);

    await clickMenu(background, page, 'redline-formal', true);
    const panel = rewritePanel(page);
    await expect(panel.dialog.getByRole('alert')).toContainText('API key was refused (401)', FIRST_RESULT);
    await expect(panel.button('Replace')).toBeDisabled();
    expect(await fixture.read(page)).toBe(BEFORE + SENTENCE + AFTER);
  });

  test('an endless reply is stopped at its cap with a clear message, and the field is left alone', async ({
    context,
    site,
    background,
    server,
  }) => {
    server.setDefault({ kind: 'endless' });
    const fixture = EDITORS[0] as EditorFixture;
    const page = await context.newPage();
    await page.goto(site.url(fixture.page));
    await typeAndSelect(page, fixture);

    await clickMenu(background, page, 'redline-formal', true);
    const panel = rewritePanel(page);
    await expect(panel.dialog.getByRole('alert')).toContainText(
      'far longer than Redline accepts',
      FIRST_RESULT,
    );
    // Whatever the panel still shows is bounded too: the cap is 16 KB plus 8 characters per selected one.
    const shown = await panel.dialog.evaluate((el) => el.textContent?.length ?? 0);
    expect(shown).toBeLessThanOrEqual(16 * 1024 + SENTENCE.length * 8 + 1_000);
    await expect(panel.button('Replace')).toBeDisabled();
    expect(await fixture.read(page)).toBe(BEFORE + SENTENCE + AFTER);
    // The request was closed, not left streaming.
    await expect.poll(() => server.log.filter(isRewrite).every((e) => e.closedByClient)).toBe(true);
  });

  test('privacy mode: nothing is sent, the panel says why', async ({ context, site, background, server }) => {
    await background.evaluate(async () => {
      const { settings } = await chrome.storage.local.get('settings');
      await chrome.storage.local.set({ settings: { ...(settings as object), privacyMode: true } });
    });
    const fixture = EDITORS[0] as EditorFixture;
    const page = await context.newPage();
    await page.goto(site.url(fixture.page));
    await typeAndSelect(page, fixture);

    await clickMenu(background, page, 'redline-fix', true);
    const panel = rewritePanel(page);
    await expect(panel.dialog.getByRole('alert')).toContainText('Privacy mode is on', FIRST_RESULT);
    expect(server.log.filter(isRewrite)).toHaveLength(0);
  });

  test('the shortcut opens the menu as an in-page picker for the selection', async ({
    context,
    site,
    background,
  }) => {
    const fixture = EDITORS[0] as EditorFixture;
    const page = await context.newPage();
    await page.goto(site.url(fixture.page));
    await typeAndSelect(page, fixture);

    await background.evaluate(async (url) => {
      const tab = (await chrome.tabs.query({})).find((t) => t.url === url);
      (chrome.commands.onCommand as unknown as Dispatchable).dispatch('rewrite-selection', tab);
    }, page.url());
    const picker = page.getByRole('menu', { name: 'Rewrite with Redline' });
    await expect(picker.getByRole('menuitem', { name: 'Fix grammar' })).toBeFocused(FIRST_RESULT);
    await expect(picker.getByRole('menuitem', { name: 'Translate to Spanish' })).toBeVisible();
    await page.keyboard.press('ArrowDown');
    await expect(picker.getByRole('menuitem', { name: 'Make formal' })).toBeFocused();
    await page.keyboard.press('Enter');

    const panel = rewritePanel(page);
    await expect(panel.result).toHaveText(REWRITE, FIRST_RESULT);
    await panel.button('Replace').click();
    await expect.poll(() => fixture.read(page)).toBe(BEFORE + REWRITE + AFTER);
  });
});
