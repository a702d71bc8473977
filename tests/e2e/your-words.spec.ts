import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { decodeWords, encodeWords } from '../../utils/rules/word-sync';
import { expect, test, TEST_KEY } from './fixtures';
import { openEditor } from './support/editors';

/** The local checker may still be starting (wasm setup) when the first check goes out. */
const FIRST_UNDERLINE_MS = 30_000;

test.describe.configure({ timeout: 90_000 });

const SENTENCE = 'Zorblax met Quuxly today. This is a example.';
const spellingOf = (page: Page, word: string) => page.locator(`[aria-label^="spelling: ${word}"]`);
const article = (page: Page) => page.getByRole('button', { name: /: a → an$/ });

test('Import dictionary: its words are no longer flagged in any field; Export gives them back', async ({
  context,
  site,
  openExtensionPage,
}) => {
  // Before: both names are misspellings to the local checker.
  const page = await context.newPage();
  await page.goto(site.url('textarea.html'));
  await page.locator('#field').click();
  await page.keyboard.type(SENTENCE);
  await expect(spellingOf(page, 'Zorblax')).toBeVisible({ timeout: FIRST_UNDERLINE_MS });
  await expect(spellingOf(page, 'Quuxly')).toBeVisible();

  const options = await openExtensionPage('options.html');
  // A file from another tool: Windows line endings, a word already differently cased, a bad line.
  await options.getByLabel('Import dictionary').setInputFiles({
    name: 'LocalDictionary',
    mimeType: 'text/plain',
    buffer: Buffer.from('Zorblax\r\nQuuxly\r\nzorblax\r\nfoo\tbar\r\n'),
  });
  await expect(options.getByRole('status').filter({ hasText: 'Added' })).toHaveText(
    'Added 2 words, 1 already there. Skipped 1 line: line 4 (more than one column).',
  );
  const list = options.getByRole('list', { name: 'Personal dictionary' });
  await expect(list).toContainText('Zorblax');
  await expect(list).toContainText('Quuxly');

  // After: in a textarea (harper still underlines the article, so the check ran) and a rich editor.
  await page.reload();
  await page.locator('#field').click();
  await page.keyboard.type(SENTENCE);
  await expect(article(page)).toBeVisible({ timeout: FIRST_UNDERLINE_MS });
  await expect(spellingOf(page, 'Zorblax')).toHaveCount(0);
  await expect(spellingOf(page, 'Quuxly')).toHaveCount(0);

  const editor = await context.newPage();
  await openEditor(editor, site.url('editors/tiptap.html'));
  await editor.locator('.ProseMirror').click();
  await editor.keyboard.type(SENTENCE);
  await expect(article(editor)).toBeVisible({ timeout: FIRST_UNDERLINE_MS });
  await expect(spellingOf(editor, 'Zorblax')).toHaveCount(0);
  await expect(spellingOf(editor, 'Quuxly')).toHaveCount(0);

  // Export: the same words, one per line.
  const download = options.waitForEvent('download');
  await options.getByRole('button', { name: 'Export dictionary' }).click();
  const file = await (await download).path();
  const exported = await readFile(file, 'utf8');
  expect(exported.split('\n').filter(Boolean).sort()).toEqual(['Quuxly', 'Zorblax']);
  expect(exported).toBe('Zorblax\nQuuxly\n');
  await expect(options.getByRole('status').filter({ hasText: 'Exported' })).toHaveText('Exported 2 words.');
});

test('Import refuses a file too large for a word list and changes nothing', async ({ openExtensionPage }) => {
  const options = await openExtensionPage('options.html');
  await options.getByLabel('Import dictionary').setInputFiles({
    name: 'huge.txt',
    mimeType: 'text/plain',
    buffer: Buffer.alloc(2_100_000, 'a'),
  });
  await expect(options.getByRole('alert')).toHaveText(
    '“huge.txt” is too large for a word list (over 2 MB). Nothing was imported.',
  );
  await expect(options.getByText('No words yet.')).toBeVisible();
});

test('Sync my words: the words go to storage.sync (nothing else), and another browser’s changes come back merged', async ({
  background,
  configureProvider,
  openExtensionPage,
}) => {
  await configureProvider();
  const options = await openExtensionPage('options.html');
  await options.getByRole('checkbox', { name: 'Sync my words' }).check();
  await options.getByLabel('New word').fill('Zorblax');
  await options.getByRole('button', { name: 'Add word' }).click();
  await expect(options.getByRole('status').filter({ hasText: /^Synced/ })).toBeVisible({ timeout: 10_000 });

  const synced = () => background.evaluate(() => chrome.storage.sync.get(null));
  await expect.poll(async () => decodeWords(await synced())).toEqual({ words: ['Zorblax'], rules: '' });
  const raw = JSON.stringify(await synced());
  expect(raw).not.toContain(TEST_KEY);
  expect(raw).not.toContain('127.0.0.1');

  // Another browser, which had Zorblax too, removes it and adds two words.
  const other = encodeWords({ words: ['Quuxly', 'nginx'], rules: 'utilize => use' });
  if (!other.ok) throw new Error('over quota');
  await background.evaluate((items) => chrome.storage.sync.set(items), other.items);
  const list = options.getByRole('list', { name: 'Personal dictionary' });
  await expect(list).toContainText('Quuxly');
  await expect(list).toContainText('nginx');
  await expect(list).not.toContainText('Zorblax');
  await expect(options.getByLabel('Style rules', { exact: true })).toHaveValue('utilize => use');
});
