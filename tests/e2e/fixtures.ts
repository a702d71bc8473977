import {
  test as base,
  chromium,
  expect,
  type BrowserContext,
  type Page,
  type Worker,
} from '@playwright/test';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { startStaticSite, type StaticSite } from '../fixtures/static-server';
import { startTestServer, type TestServer } from '../server/openai-test-server';

export const EXTENSION_DIR = path.resolve(process.env.REDLINE_OUT_DIR ?? '.output', 'chrome-mv3-e2e');
export const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';
/** The key the test server accepts. */
export const TEST_KEY = 'sk-test-redline';
export const TEST_MODEL = 'redline-test-model';

export async function launchWithExtension(extensionDir = EXTENSION_DIR): Promise<BrowserContext> {
  if (!existsSync(path.join(extensionDir, 'manifest.json'))) {
    throw new Error(`No extension build at ${extensionDir}: run \`npm run build:e2e\` first.`);
  }
  return chromium.launchPersistentContext('', {
    executablePath: CHROMIUM,
    headless: true,
    ignoreDefaultArgs: ['--disable-extensions'],
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export async function backgroundWorker(context: BrowserContext): Promise<Worker> {
  return context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
}

interface ProviderConfig {
  baseURL?: string;
  apiKey?: string;
  model?: string;
}

interface TestFixtures {
  context: BrowserContext;
  extensionId: string;
  /** The background service worker, for dispatching real listeners and reading storage. */
  background: Worker;
  openExtensionPage: (pathname: string) => Promise<Page>;
  /** Stores a working provider config pointing at the test server, without the UI. */
  configureProvider: (config?: ProviderConfig) => Promise<void>;
  resetState: void;
}

interface WorkerFixtures {
  server: TestServer;
  /** Fixture pages (tests/fixtures/pages) on http://127.0.0.1, where content scripts run. */
  site: StaticSite;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  server: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const server = await startTestServer({ port: 0 });
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
  site: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const site = await startStaticSite();
      await use(site);
      await site.close();
    },
    { scope: 'worker' },
  ],
  // A fresh profile per test (≈1 s): no state leaks between tests.
  // eslint-disable-next-line no-empty-pattern
  context: async ({}, use) => {
    const context = await launchWithExtension();
    await use(context);
    await context.close();
  },
  extensionId: async ({ context }, use) => {
    const worker = await backgroundWorker(context);
    await use(new URL(worker.url()).host);
  },
  background: async ({ context }, use) => {
    await use(await backgroundWorker(context));
  },
  // The server is shared by a worker's tests: each starts with an empty log and default behaviour.
  resetState: [
    async ({ server }, use) => {
      server.reset();
      await use();
    },
    { auto: true },
  ],
  openExtensionPage: async ({ context, extensionId }, use) => {
    await use(async (pathname) => {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/${pathname.replace(/^\//, '')}`);
      return page;
    });
  },
  configureProvider: async ({ background, server }, use) => {
    await use(async (config = {}) => {
      const settings = {
        provider: 'custom',
        baseURL: config.baseURL ?? server.url,
        model: config.model ?? TEST_MODEL,
      };
      const apiKey = config.apiKey ?? TEST_KEY;
      await background.evaluate(
        async ({ settings, apiKey }) => {
          const stored = await chrome.storage.local.get('settings');
          const current = (stored.settings ?? {}) as Record<string, unknown>;
          await chrome.storage.local.set({ settings: { ...current, ...settings }, apiKey });
        },
        { settings, apiKey },
      );
    });
  },
});

export { expect };
