import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';

/*
 * The builds users install (`npm run build`, `npm run build:firefox`), read from disk: test-only code
 * is provably absent, and the manifest keeps the page boundary's promises. No browser needed.
 */

const OUT = path.resolve(process.env.REDLINE_OUT_DIR ?? '.output');
const BUILDS = { chrome: path.join(OUT, 'chrome-mv3'), firefox: path.join(OUT, 'firefox-mv3') };
/** What only e2e builds may contain: the content-script probe, the background's record and menu hooks. */
const TEST_ONLY = ['redline-probe', '__redlineReceived', 'installContentProbe', 'redline-e2e-hooks'];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(js|mjs|html|json)$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

function manifest(dir: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
}

for (const [browser, dir] of Object.entries(BUILDS)) {
  test(`${browser} release build: no test-only code in any script`, () => {
    expect(
      existsSync(dir),
      `no ${browser} build at ${dir}: run \`npm run build\` and \`npm run build:firefox\``,
    ).toBe(true);
    const scripts = files(dir);
    expect(scripts.length).toBeGreaterThan(5);
    for (const file of scripts) {
      const text = readFileSync(file, 'utf8');
      for (const needle of TEST_ONLY) expect(text.includes(needle), `${needle} in ${file}`).toBe(false);
    }
    // The e2e build does carry them, so this test would see them if the gate failed.
    const e2e = path.join(OUT, 'chrome-mv3-e2e');
    if (existsSync(e2e)) {
      const all = files(e2e)
        .map((file) => readFileSync(file, 'utf8'))
        .join('\n');
      expect(all).toContain('redline-probe');
    }
  });
}

test('chrome manifest: no page or extension may connect; the page runtime has a per-session URL', () => {
  const m = manifest(BUILDS.chrome);
  expect(m.externally_connectable).toEqual({ ids: [] });
  expect(m.minimum_chrome_version).toBe('116');
  const resources = m.web_accessible_resources as { resources: string[]; use_dynamic_url?: boolean }[];
  expect(resources).toHaveLength(1);
  expect(resources[0]).toMatchObject({ resources: ['page-runtime.js'], use_dynamic_url: true });
});

test('firefox manifest: declares that no data is collected, and its minimum version', () => {
  const gecko = (manifest(BUILDS.firefox).browser_specific_settings as { gecko: Record<string, unknown> })
    .gecko;
  expect(gecko.data_collection_permissions).toEqual({ required: ['none'] });
  expect(gecko.strict_min_version).toBe('128.0');
});
