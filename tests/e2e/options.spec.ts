import type { Page, Worker } from '@playwright/test';
import { expect, test, TEST_KEY, TEST_MODEL } from './fixtures';

/** The options page, driven through its labels the way a person (or a screen reader) finds things. */
class OptionsPage {
  constructor(readonly page: Page) {}

  get provider() {
    return this.page.getByLabel('Provider', { exact: true });
  }
  get baseURL() {
    return this.page.getByLabel('Base URL', { exact: true });
  }
  get apiKey() {
    return this.page.getByLabel('API key', { exact: true });
  }
  get model() {
    return this.page.getByLabel('Model', { exact: true });
  }
  get save() {
    return this.page.getByRole('button', { name: 'Save', exact: true });
  }
  get testConnection() {
    return this.page.getByRole('button', { name: 'Test connection', exact: true });
  }
  get saved() {
    return this.page.getByText('Saved', { exact: true });
  }
  get testResult() {
    return this.page.getByRole('status', { name: 'Connection test' });
  }

  async configure(values: { baseURL: string; apiKey?: string; model?: string }) {
    await this.provider.selectOption('custom');
    await this.baseURL.fill(values.baseURL);
    if (values.apiKey !== undefined) await this.apiKey.fill(values.apiKey);
    if (values.model !== undefined) await this.model.fill(values.model);
  }
}

async function openOptions(openExtensionPage: (path: string) => Promise<Page>): Promise<OptionsPage> {
  const page = await openExtensionPage('options.html');
  const options = new OptionsPage(page);
  await expect(options.baseURL).toBeVisible();
  return options;
}

async function storedSettings(background: Worker): Promise<Record<string, unknown>> {
  return background.evaluate(async () => {
    const { settings } = await chrome.storage.local.get('settings');
    return (settings ?? {}) as Record<string, unknown>;
  });
}

test.describe('options page: connection', () => {
  test('configuring a provider through the labels saves it and keeps the key out of sight', async ({
    openExtensionPage,
    server,
    background,
  }) => {
    const options = await openOptions(openExtensionPage);
    await options.configure({ baseURL: server.url, apiKey: TEST_KEY, model: TEST_MODEL });
    await options.save.click();
    await expect(options.saved).toBeVisible();

    expect(await storedSettings(background)).toMatchObject({
      provider: 'custom',
      baseURL: server.url,
      model: TEST_MODEL,
      rememberKey: true,
    });
    // The typed key is cleared; only its hint is shown, never the key itself.
    await expect(options.apiKey).toHaveValue('');
    await expect(options.page.getByText(/Stored key sk-…line/)).toBeVisible();
    expect(await options.page.content()).not.toContain(TEST_KEY);

    // A reload shows what storage holds.
    await options.page.reload();
    await expect(options.baseURL).toHaveValue(server.url);
    await expect(options.model).toHaveValue(TEST_MODEL);
    await expect(options.provider).toHaveValue('custom');
  });

  test('"Don\'t remember my key" keeps the key for this session only', async ({
    openExtensionPage,
    server,
    background,
  }) => {
    const options = await openOptions(openExtensionPage);
    await options.configure({ baseURL: server.url, apiKey: TEST_KEY, model: TEST_MODEL });
    await options.page.getByLabel("Don't remember my key").check();
    await options.save.click();
    await expect(options.saved).toBeVisible();
    await expect(options.page.getByText(/forgotten when the browser closes/)).toBeVisible();
    const stored = await background.evaluate(async () => ({
      local: (await chrome.storage.local.get('apiKey')).apiKey as unknown,
      session: (await chrome.storage.session.get('apiKey')).apiKey as unknown,
    }));
    expect(stored.local).toBeUndefined();
    expect(stored.session).toBe(TEST_KEY);
  });

  test('the key can be shown while typing and hidden again', async ({ openExtensionPage }) => {
    const options = await openOptions(openExtensionPage);
    await options.apiKey.fill('sk-typed');
    await expect(options.apiKey).toHaveAttribute('type', 'password');
    await options.page.getByRole('button', { name: 'Show key' }).click();
    await expect(options.apiKey).toHaveAttribute('type', 'text');
    await options.page.getByRole('button', { name: 'Hide key' }).click();
    await expect(options.apiKey).toHaveAttribute('type', 'password');
  });

  test('a provider preset fills the Base URL, which stays editable', async ({ openExtensionPage }) => {
    const options = await openOptions(openExtensionPage);
    await options.provider.selectOption('groq');
    await expect(options.baseURL).toHaveValue('https://api.groq.com/openai/v1');
    await expect(options.model).toHaveValue('llama-3.1-8b-instant');
    await expect(options.page.getByText('Create a key at console.groq.com → API Keys.')).toBeVisible();
    await options.baseURL.fill('https://groq.example.net/v1');
    await expect(options.baseURL).toHaveValue('https://groq.example.net/v1');
  });

  test('Test connection reports the model count', async ({ openExtensionPage, server }) => {
    const options = await openOptions(openExtensionPage);
    await options.configure({ baseURL: server.url, apiKey: TEST_KEY, model: TEST_MODEL });
    await options.testConnection.click();
    await expect(options.testResult).toHaveText(/Connected — 3 models available/);
    // Testing does not save.
    await expect(options.saved).toHaveCount(0);
  });

  test('Test connection says when the chosen model is not on the server', async ({
    openExtensionPage,
    server,
  }) => {
    const options = await openOptions(openExtensionPage);
    await options.configure({ baseURL: server.url, apiKey: TEST_KEY, model: 'no-such-model' });
    await options.testConnection.click();
    await expect(options.testResult).toHaveText(/Connected — 3 models available/);
    await expect(options.testResult).toHaveText(/no-such-model/);
  });

  test('Test connection with a wrong key explains the 401', async ({ openExtensionPage, server }) => {
    const options = await openOptions(openExtensionPage);
    await options.configure({ baseURL: server.url, apiKey: 'sk-wrong-key', model: TEST_MODEL });
    await options.testConnection.click();
    await expect(options.testResult).toHaveText(/key/i);
    await expect(options.testResult).toHaveText(/401|refused|invalid|wrong/i);
    await expect(options.testResult).not.toHaveText(/Connected/);
  });

  test('Test connection uses the stored key when none is typed', async ({
    openExtensionPage,
    configureProvider,
  }) => {
    await configureProvider();
    const options = await openOptions(openExtensionPage);
    await options.testConnection.click();
    await expect(options.testResult).toHaveText(/Connected — 3 models available/);
  });

  test('a malformed Base URL is refused and nothing is saved', async ({
    openExtensionPage,
    configureProvider,
    server,
    background,
  }) => {
    await configureProvider();
    const options = await openOptions(openExtensionPage);
    await expect(options.baseURL).toHaveValue(server.url);
    await options.baseURL.fill('not a url');
    await options.model.fill('some-other-model');
    await options.save.click();
    await expect(options.page.getByRole('alert')).toHaveText(/not a valid URL/);
    await expect(options.saved).toHaveCount(0);
    expect(await storedSettings(background)).toMatchObject({ baseURL: server.url, model: TEST_MODEL });

    await options.page.reload();
    await expect(options.baseURL).toHaveValue(server.url);
    await expect(options.model).toHaveValue(TEST_MODEL);
  });

  test('a plain-http address on another host gets a warning', async ({ openExtensionPage, server }) => {
    const options = await openOptions(openExtensionPage);
    await options.baseURL.fill('http://example.com/v1');
    await expect(options.page.getByText(/plain http:\/\//)).toBeVisible();
    // A local server over http is fine.
    await options.baseURL.fill(server.url);
    await expect(options.page.getByText(/plain http:\/\//)).toHaveCount(0);
  });

  test('Save never hangs on an unanswered host-permission prompt', async ({
    openExtensionPage,
    background,
  }) => {
    test.slow();
    const options = await openOptions(openExtensionPage);
    await options.configure({ baseURL: 'https://models.example.com/v1', model: 'm' });
    await options.save.click();
    // Headless Chromium never answers the prompt: after the timeout the page says so and saves.
    await expect(options.saved).toBeVisible({ timeout: 20_000 });
    await expect(options.page.getByText(/wasn't given access to models\.example\.com/)).toBeVisible();
    expect(await storedSettings(background)).toMatchObject({ baseURL: 'https://models.example.com/v1' });
  });

  test("the Model field suggests the server's models and accepts any id", async ({
    openExtensionPage,
    configureProvider,
    background,
  }) => {
    await configureProvider();
    const options = await openOptions(openExtensionPage);
    const listId = await options.model.getAttribute('list');
    const suggestions = options.page.locator(`datalist[id="${listId}"] option`);
    await expect(suggestions).toHaveCount(3);
    expect(
      await suggestions.evaluateAll((nodes) => nodes.map((n) => (n as HTMLOptionElement).value)),
    ).toEqual(expect.arrayContaining([TEST_MODEL, 'gpt-4o-mini', 'ft:gpt-4o-mini-2024-07-18:acme::abc123']));

    await options.model.fill('ft:my-own-model:org::xyz');
    await options.save.click();
    await expect(options.saved).toBeVisible();
    expect(await storedSettings(background)).toMatchObject({ model: 'ft:my-own-model:org::xyz' });
  });
});

test.describe('options page: lists and other settings', () => {
  test('a disabled site and a dictionary word can be removed', async ({ openExtensionPage, background }) => {
    await background.evaluate(async () => {
      await chrome.storage.local.set({
        settings: {
          disabledSites: ['example.com', 'news.example.org'],
          dictionary: ['Kubernetes', 'Redline'],
        },
      });
    });
    const options = await openOptions(openExtensionPage);
    const sites = options.page.getByRole('list', { name: 'Sites where Redline is off' });
    await expect(sites.getByRole('listitem')).toHaveCount(2);
    await options.page.getByRole('button', { name: 'Remove example.com' }).click();
    await expect(sites.getByRole('listitem')).toHaveText([/news\.example\.org/]);
    // Focus stays in the list, on the next Remove button.
    await expect(options.page.getByRole('button', { name: 'Remove news.example.org' })).toBeFocused();

    const dictionary = options.page.getByRole('list', { name: 'Personal dictionary' });
    await options.page.getByRole('button', { name: 'Remove Kubernetes' }).click();
    await expect(dictionary.getByRole('listitem')).toHaveText([/Redline/]);

    await expect
      .poll(async () => {
        const settings = await storedSettings(background);
        return [settings.disabledSites, settings.dictionary];
      })
      .toEqual([['news.example.org'], ['Redline']]);
    await options.page.reload();
    await expect(options.page.getByRole('button', { name: 'Remove example.com' })).toHaveCount(0);
    await expect(options.page.getByRole('button', { name: 'Remove Kubernetes' })).toHaveCount(0);
  });

  test('sites are added as hostnames; lists show an empty state', async ({
    openExtensionPage,
    background,
  }) => {
    const options = await openOptions(openExtensionPage);
    await expect(options.page.getByText('Redline runs on every site.')).toBeVisible();
    await expect(options.page.getByText('No ignored rules.')).toBeVisible();
    await options.page.getByLabel('Site', { exact: true }).fill('https://Docs.Example.com/some/page');
    await options.page.getByRole('button', { name: 'Add site' }).click();
    await expect(options.page.getByRole('button', { name: 'Remove docs.example.com' })).toBeVisible();
    await expect
      .poll(async () => (await storedSettings(background)).disabledSites)
      .toEqual(['docs.example.com']);
  });

  test('checks settings save on change', async ({ openExtensionPage, background }) => {
    const options = await openOptions(openExtensionPage);
    await options.page.getByLabel('Privacy mode').check();
    await options.page.getByLabel('English dialect').selectOption('british');
    await options.page.getByLabel('Style', { exact: true }).uncheck();
    await expect
      .poll(async () => {
        const settings = await storedSettings(background);
        return [
          settings.privacyMode,
          settings.dialect,
          (settings.categories as Record<string, boolean>)?.style,
        ];
      })
      .toEqual([true, 'british', false]);
  });

  test('an invalid Advanced number is explained and not saved', async ({ openExtensionPage, background }) => {
    const options = await openOptions(openExtensionPage);
    const temperature = options.page.getByLabel('Temperature');
    await temperature.fill('5');
    await temperature.press('Tab');
    await expect(options.page.getByRole('alert')).toHaveText(/from 0 to 2/);
    await expect(temperature).toHaveAttribute('aria-invalid', 'true');
    expect(
      ((await storedSettings(background)).advanced as { temperature?: number } | undefined)?.temperature,
    ).not.toBe(5);

    await temperature.fill('0.7');
    await temperature.press('Tab');
    await expect(options.page.getByRole('alert')).toHaveCount(0);
    await expect
      .poll(async () => ((await storedSettings(background)).advanced as { temperature?: number }).temperature)
      .toBe(0.7);
  });

  test('a custom prompt can be added and removed', async ({ openExtensionPage, background }) => {
    const options = await openOptions(openExtensionPage);
    await options.page.getByLabel('Prompt name').fill('Tweet');
    await options.page.getByLabel('Instruction').fill('Rewrite as a tweet under 280 characters.');
    await options.page.getByRole('button', { name: 'Add prompt' }).click();
    await expect(
      options.page.getByRole('list', { name: 'Custom prompts' }).getByRole('listitem'),
    ).toHaveCount(1);
    await expect
      .poll(async () => (await storedSettings(background)).customPrompts)
      .toEqual([{ name: 'Tweet', instruction: 'Rewrite as a tweet under 280 characters.' }]);
    await options.page.getByRole('button', { name: 'Remove Tweet' }).click();
    await expect(options.page.getByText('No custom prompts yet.')).toBeVisible();
  });
});
