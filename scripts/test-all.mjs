#!/usr/bin/env node
// `npm test`: everything CI runs, in order — typecheck, lint, unit tests, builds, e2e tests in the
// real built extension in Chromium (Playwright) and in Firefox (tests/firefox) — then one closing line
// `N passed, N failed` over unit, e2e and Firefox tests.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

// Not test-results/: Playwright empties that folder when it starts.
const results = 'test-reports';
mkdirSync(results, { recursive: true });
const unitJson = `${results}/unit.json`;
const e2eJson = `${results}/e2e.json`;
rmSync(unitJson, { force: true });
rmSync(e2eJson, { force: true });

const env = {
  ...process.env,
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ./scripts/node20-polyfills.mjs`.trim(),
};
const failedSteps = [];

function step(name, command, args, extraEnv = {}) {
  console.log(`\n▶ ${name}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  const run = spawnSync(command, args, { stdio: 'inherit', env: { ...env, ...extraEnv } });
  const ok = run.status === 0;
  console.log(`${ok ? '✔' : '✘'} ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  if (!ok) failedSteps.push(name);
  return ok;
}

step('typecheck', 'npx', ['tsc', '--noEmit', '-p', '.']);
step('lint', 'npx', ['eslint', '.']);
step('format', 'npx', ['prettier', '--check', '.']);
step('unit', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${unitJson}`]);
const built =
  step('build (chrome)', 'npx', ['wxt', 'build']) &&
  step('build (firefox)', 'npx', ['wxt', 'build', '-b', 'firefox', '--mv3']) &&
  step('build (e2e)', 'npx', ['wxt', 'build', '--mode', 'e2e']);
if (built) {
  step('e2e', 'npx', ['playwright', 'test', '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: e2eJson,
  });
}
// The Firefox lane: Debian's firefox-esr over WebDriver BiDi (tests/firefox/harness.mjs).
const firefoxJson = `${results}/firefox.json`;
rmSync(firefoxJson, { force: true });
const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
if (!existsSync(FIREFOX)) {
  console.log(
    `\n✘ e2e (firefox): no Firefox at ${FIREFOX} (apt-get install firefox-esr, or set FIREFOX_PATH)`,
  );
  failedSteps.push('e2e (firefox)');
} else if (step('build (firefox e2e)', 'npx', ['wxt', 'build', '-b', 'firefox', '--mv3', '--mode', 'e2e'])) {
  step('e2e (firefox)', 'node', ['tests/firefox/harness.mjs', '--json', firefoxJson]);
}

function counts(file, read) {
  if (!existsSync(file)) return { passed: 0, failed: 0 };
  try {
    return read(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return { passed: 0, failed: 1 };
  }
}
const unit = counts(unitJson, (r) => ({ passed: r.numPassedTests ?? 0, failed: r.numFailedTests ?? 0 }));
const e2e = counts(e2eJson, (r) => ({
  passed: (r.stats?.expected ?? 0) + (r.stats?.flaky ?? 0),
  failed: r.stats?.unexpected ?? 0,
  // Passed only on the retry (CI retries once): counted as passed, and named here so it is seen.
  flaky: r.stats?.flaky ?? 0,
}));

const firefox = counts(firefoxJson, (r) => {
  const rows = r.results ?? [];
  const ok = rows.filter((row) => row.ok).length;
  return { passed: ok, failed: rows.length - ok };
});
console.log(
  `\nunit: ${unit.passed} passed, ${unit.failed} failed · e2e: ${e2e.passed} passed` +
    `${e2e.flaky ? ` (${e2e.flaky} only on retry)` : ''}, ${e2e.failed} failed` +
    ` · firefox: ${firefox.passed} passed, ${firefox.failed} failed`,
);
if (failedSteps.length) console.log(`failed steps: ${failedSteps.join(', ')}`);
// A failed step with no failed test (typecheck, lint, build) still counts as a failure.
const testsFailed = unit.failed + e2e.failed + firefox.failed;
const failed = testsFailed + (failedSteps.length && !testsFailed ? failedSteps.length : 0);
console.log(`${unit.passed + e2e.passed + firefox.passed} passed, ${failed} failed`);
process.exit(failedSteps.length ? 1 : 0);
