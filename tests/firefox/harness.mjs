#!/usr/bin/env node
/**
 * Redline in real Firefox (ESR), driven over WebDriver BiDi with puppeteer-core.
 *
 * For every field kind the Chromium e2e specs check too (tests/fixtures/field-kinds.ts): type a
 * sentence with one "a → an" mistake, wait for the underline, click it with a real mouse click, press
 * Accept in the card, read the text back as the page sees it, press Ctrl+Z, read it again.
 * beforeinput/input events seen by the page during Accept and undo are logged (with
 * getTargetRanges()). Each rich editor is then made to get Accept wrong once (the damage guard).
 * Then app-checks.mjs: the playground on install, options save, the key kept from pages, popup chat,
 * and the Rewrite panel's Replace in every rewrite field (`--only app` runs just those).
 *
 * Plain ESM, Node 20, no build step. `npm test` runs it (the "e2e (firefox)" step) after building
 * the Firefox e2e build; by hand:
 *   npx wxt build -b firefox --mv3 --mode e2e        # → .output/firefox-mv3-e2e
 *   node tests/firefox/harness.mjs [--ext DIR] [--only quill,slate] [--json out.json]
 *        [--sentence "He ate a apple for lunch."] [--headful] [--verbose]
 *        [--click mouse|handle] [--underline-timeout 30000] [--firefox /usr/bin/firefox-esr]
 * Progress and one line per fixture go to stderr; `--json` writes the full report (events included).
 * A fixture passes when it underlines, Accept leaves exactly the fixed sentence and Ctrl+Z exactly the
 * typed one. Exit code 1 when any fixture fails; 2 on a harness crash.
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { runAppChecks } from './app-checks.mjs';
import { importTs, log, poll, REPO, sleep, VERBOSE, vlog } from './lib.mjs';

// ---------------------------------------------------------------------------------------------- args
const argv = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : fallback;
};
const flag = (name) => argv.includes(`--${name}`);
const EXT_DIR = path.resolve(
  arg(
    'ext',
    process.env.REDLINE_FF_EXT ?? path.join(process.env.REDLINE_OUT_DIR ?? '.output', 'firefox-mv3-e2e'),
  ),
);
const FIREFOX = arg('firefox', process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr');
const SENTENCE = arg('sentence', 'He ate a apple for lunch.');
/** What Accept must leave: the article fixed ("a apple" → "an apple"). */
const FIXED = SENTENCE.replace(/\ba (?=[aeiou])/i, 'an ');
const ONLY = arg('only', '')
  .split(',')
  .map((s) => s.trim().toLowerCase())
  .filter(Boolean);
const JSON_OUT = arg('json', '');
/** 'mouse': page.mouse.click at the element's centre (default); 'handle': ElementHandle.click(). */
const CLICK_MODE = arg('click', 'mouse');
/** The local checker (harper wasm) may still be starting when the first check goes out. */
const FIRST_UNDERLINE_MS = Number(arg('underline-timeout', '30000'));

// ------------------------------------------------------------------------------- static fixture site
/**
 * The Chromium specs' own fixture server (tests/fixtures/static-server.ts).
 */
async function startStaticSite(root = path.join(REPO, 'tests/fixtures/pages')) {
  const { startStaticSite: start } = await importTs('tests/fixtures/static-server.ts');
  return start(root);
}

// ------------------------------------------------------------------------------------------ fixtures
/** The field kinds the Chromium specs check too (tests/fixtures/field-kinds.ts): pages, paths, readers. */
const { FIELD_KINDS: FIXTURES } = await importTs('tests/fixtures/field-kinds.ts');

// ------------------------------------------------------------------- in-page helpers (serialized)
/** Installs the page-side event log (beforeinput/input with target ranges), once per document. */
function installEventLog() {
  if (window.__ffLog) return;
  const entries = [];
  window.__ffLog = { phase: null, entries };
  const describeNode = (node) => {
    if (!node) return null;
    if (node.nodeType === 3) return `#text"${node.data.slice(0, 40)}"`;
    const el = node;
    return `<${el.localName}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).slice(0, 2).join('.')}` : ''}>`;
  };
  const record = (event) => {
    if (!window.__ffLog.phase) return;
    let ranges;
    try {
      ranges = event.getTargetRanges
        ? event.getTargetRanges().map((r) => ({
            start: describeNode(r.startContainer),
            startOffset: r.startOffset,
            end: describeNode(r.endContainer),
            endOffset: r.endOffset,
            text:
              r.startContainer === r.endContainer && r.startContainer.nodeType === 3
                ? r.startContainer.data.slice(r.startOffset, r.endOffset)
                : undefined,
          }))
        : null;
    } catch (error) {
      ranges = `getTargetRanges threw: ${error}`;
    }
    let transfer;
    let transferTypes;
    try {
      transfer = event.dataTransfer ? event.dataTransfer.getData('text/plain') : undefined;
      transferTypes = event.dataTransfer ? [...event.dataTransfer.types] : undefined;
    } catch (error) {
      transfer = `dataTransfer threw: ${error}`;
    }
    const entry = {
      phase: window.__ffLog.phase,
      type: event.type,
      inputType: event.inputType,
      data: event.data,
      dataTransfer: transfer,
      dataTransferTypes: transferTypes,
      targetRanges: ranges,
      isTrusted: event.isTrusted,
      target: describeNode(event.target),
    };
    entry.textBefore = snapshot();
    entries.push(entry);
    // Read after every listener (editors' own included) has run.
    setTimeout(() => {
      entry.defaultPrevented = event.defaultPrevented;
      entry.textAfterTask = snapshot();
    }, 0);
  };
  /** The field's text as the page sees it: the editor's model, else the focused control / editable. */
  function snapshot() {
    try {
      if (window.redlineEditor) return window.redlineEditor.getText();
      let el = document.activeElement;
      while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
      if (!el) return null;
      return 'value' in el ? el.value : el.innerText;
    } catch (error) {
      return `snapshot threw: ${error}`;
    }
  }
  window.addEventListener('beforeinput', record, true);
  window.addEventListener('input', record, true);
  window.addEventListener(
    'keydown',
    (e) => {
      if (window.__ffLog.phase && (e.ctrlKey || e.metaKey) && e.key !== 'Control') {
        const entry = {
          phase: window.__ffLog.phase,
          type: 'keydown',
          key: e.key,
          ctrlKey: e.ctrlKey,
          isTrusted: e.isTrusted,
          target: describeNode(e.target),
          textBefore: snapshot(),
        };
        entries.push(entry);
        setTimeout(() => {
          entry.defaultPrevented = e.defaultPrevented;
          entry.textAfterTask = snapshot();
        }, 0);
      }
    },
    true,
  );
}

/** Resolves a selector path (piercing open shadow roots) in the current document. */
function resolvePath(selectors) {
  let scope = document;
  let el = null;
  for (const [i, sel] of selectors.entries()) {
    el = scope.querySelector(sel);
    if (!el) return null;
    if (i < selectors.length - 1) scope = el.shadowRoot;
    if (!scope) return null;
  }
  return el;
}

// --------------------------------------------------------------------------------------- the driver
async function frameOf(page, fixture) {
  if (!fixture.frame) return page.mainFrame();
  const handle = await page.waitForSelector(fixture.frame);
  const frame = await handle.contentFrame();
  await poll(() => frame.evaluate(() => document.readyState === 'complete' && !!document.body), {
    timeout: 10000,
  });
  return frame;
}

/** Offset of the frame's viewport in the top page's viewport (0,0 for the main frame). */
async function frameOffset(page, fixture) {
  if (!fixture.frame) return { x: 0, y: 0 };
  return page.evaluate((sel) => {
    const f = document.querySelector(sel);
    const r = f.getBoundingClientRect();
    return { x: r.left + f.clientLeft, y: r.top + f.clientTop };
  }, fixture.frame);
}

async function readText(frame, fixture) {
  return frame.evaluate(
    (kind, selectors, resolveSrc) => {
      const resolve = new Function(`return (${resolveSrc})`)();
      if (kind === 'model') return window.redlineEditor?.getText() ?? null;
      if (kind === 'reactState') return document.querySelector('#state')?.getAttribute('data-state') ?? null;
      const el = resolve(selectors);
      if (!el) return null;
      if (kind === 'innerText') return el.innerText.replace(/\n$/, '');
      return el.value;
    },
    fixture.read,
    fixture.path,
    resolvePath.toString(),
  );
}

/** The Redline overlay element matching `query` in this frame: its rect and attributes. */
async function overlayElement(frame, query) {
  return frame.evaluate((q) => {
    const hosts = [...document.querySelectorAll('redline-overlay')];
    for (const host of hosts) {
      const root = host.shadowRoot;
      if (!root) continue;
      let el = null;
      if (q.kind === 'underline') {
        el = [...root.querySelectorAll('[aria-label]')].find((b) =>
          new RegExp(q.label).test(b.getAttribute('aria-label')),
        );
      } else if (q.kind === 'dialog') {
        el = root.querySelector('[role=dialog]');
      } else if (q.kind === 'dialogButton') {
        const dialog = root.querySelector('[role=dialog]');
        el =
          dialog &&
          [...dialog.querySelectorAll('button')].find(
            (b) => (b.getAttribute('aria-label') ?? b.textContent).trim() === q.name,
          );
      }
      if (!el) continue;
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      return {
        x: r.left,
        y: r.top,
        width: r.width,
        height: r.height,
        visible: r.width > 0 && r.height > 0 && style.visibility !== 'hidden' && style.display !== 'none',
        ariaLabel: el.getAttribute('aria-label'),
        ariaDisabled: el.getAttribute('aria-disabled'),
        suggestionId: el.getAttribute('data-suggestion-id'),
        text: el.textContent.slice(0, 300),
        tag: el.localName,
      };
    }
    return null;
  }, query);
}

async function overlayCount(frame) {
  return frame.evaluate(() => document.querySelectorAll('redline-overlay').length);
}

async function clickAt(page, fixture, rect, frame, query) {
  if (CLICK_MODE === 'handle' && query) {
    const handle = await frame.evaluateHandle((q) => {
      for (const host of document.querySelectorAll('redline-overlay')) {
        const root = host.shadowRoot;
        if (!root) continue;
        const el =
          q.kind === 'underline'
            ? [...root.querySelectorAll('[aria-label]')].find((b) =>
                new RegExp(q.label).test(b.getAttribute('aria-label')),
              )
            : [...(root.querySelector('[role=dialog]')?.querySelectorAll('button') ?? [])].find(
                (b) => (b.getAttribute('aria-label') ?? b.textContent).trim() === q.name,
              );
        if (el) return el;
      }
      return null;
    }, query);
    vlog('ElementHandle.click on', JSON.stringify(query));
    await handle.asElement().click();
    return;
  }
  const off = await frameOffset(page, fixture);
  const x = off.x + rect.x + rect.width / 2;
  const y = off.y + rect.y + rect.height / 2;
  vlog(`click at ${x.toFixed(1)},${y.toFixed(1)}`);
  await page.mouse.click(x, y);
}

/** Deepest focused element, described. */
async function activeElement(frame) {
  return frame.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el) return null;
    return `<${el.localName}${el.id ? `#${el.id}` : ''}${typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/)[0]}` : ''}> hasFocus=${document.hasFocus()}`;
  });
}

async function setPhase(frame, phase) {
  await frame.evaluate((p) => window.__ffLog && (window.__ffLog.phase = p), phase);
}

/**
 * Makes the editor's next edit go wrong, as CKEditor 5's did in Firefox: the `beforeinput` of the
 * insertion is cancelled and the selected word deleted instead (runs in the page).
 */
function breakNextEdit() {
  const breakOnce = (event) => {
    if (event.inputType !== 'insertText' && event.inputType !== 'insertReplacementText') return;
    document.removeEventListener('beforeinput', breakOnce, true);
    event.preventDefault();
    event.stopImmediatePropagation();
    setTimeout(() => document.execCommand('delete'), 0);
  };
  document.addEventListener('beforeinput', breakOnce, true);
}

/** `broken`: the editor is made to get Accept wrong; the guard must bring the exact text back and say so. */
async function runFixture(browser, site, fixture, sentence, broken = false) {
  const result = {
    name: broken ? `${fixture.name} (edit forced wrong)` : fixture.name,
    broken,
    page: fixture.page,
    consoleErrors: [],
    events: [],
    notes: [],
  };
  const page = await browser.newPage();
  page.on('console', (msg) => {
    const type = msg.type();
    if (type === 'error' || type === 'warn' || type === 'warning')
      result.consoleErrors.push(`${type}: ${msg.text()}`.slice(0, 400));
  });
  page.on('pageerror', (err) =>
    result.consoleErrors.push(`pageerror: ${String(err?.message ?? err)}`.slice(0, 400)),
  );
  try {
    await page.goto(site.url(fixture.page), { waitUntil: 'load' });
    const frame = await frameOf(page, fixture);
    if (fixture.rich) {
      const ready = await poll(() => frame.evaluate(() => !!window.redlineEditor), { timeout: 20000 });
      if (!ready) throw new Error('editor did not expose window.redlineEditor');
    }
    await frame.evaluate(installEventLog);

    // Focus the field with a real click at its centre (scrolled into view first), then type.
    const field = await poll(
      () =>
        frame.evaluate(
          (selectors, resolveSrc) => {
            const el = new Function(`return (${resolveSrc})`)()(selectors);
            if (!el) return null;
            el.scrollIntoView({ block: 'center' });
            const r = el.getBoundingClientRect();
            return { x: r.left, y: r.top, width: r.width, height: Math.min(r.height, 60) };
          },
          fixture.path,
          resolvePath.toString(),
        ),
      { timeout: 10000 },
    );
    if (!field) throw new Error('field not found');
    await clickAt(page, fixture, field);
    result.focusAfterClick = await activeElement(frame);
    await page.keyboard.type(sentence, { delay: 5 });
    const typedAt = Date.now();
    const typed = await poll(async () => ((await readText(frame, fixture)) === sentence ? sentence : null), {
      timeout: 5000,
    });
    result.typed = typed ?? (await readText(frame, fixture));
    if (typed == null) result.notes.push(`typed text reads ${JSON.stringify(result.typed)}`);

    // The underline.
    const underlineQuery = { kind: 'underline', label: ': a → an$' };
    const mark = await poll(
      async () => {
        const m = await overlayElement(frame, underlineQuery);
        return m?.visible ? m : null;
      },
      { timeout: FIRST_UNDERLINE_MS, interval: 100 },
    );
    result.underlineMs = Date.now() - typedAt;
    result.overlayHosts = await overlayCount(frame);
    if (!mark) {
      result.underline = false;
      result.notes.push('no underline within timeout');
      return result;
    }
    result.underline = true;
    result.underlineLabel = mark.ariaLabel;
    // A person's pace: the editor's history delay passes (Quill/Lexical 1 s, ProseMirror 500 ms).
    if (fixture.rich) {
      await poll(() => frame.evaluate(() => window.redlineEditor?.undoBoundary?.() ?? true), {
        timeout: 5000,
      });
    }
    // Armed: shown for ARM_MS (300 ms) and aria-disabled gone.
    await sleep(400);
    const armed = await poll(
      async () => {
        const m = await overlayElement(frame, underlineQuery);
        return m && m.ariaDisabled == null ? m : null;
      },
      { timeout: 3000 },
    );
    await clickAt(page, fixture, armed ?? mark, frame, underlineQuery);

    const dialog = await poll(() => overlayElement(frame, { kind: 'dialog' }), { timeout: 5000 });
    result.card = !!dialog;
    if (!dialog) {
      result.notes.push('no card (role=dialog) after clicking the underline');
      return result;
    }
    result.cardText = dialog.text;
    result.cardInViewport = await page.evaluate(
      ([x, y, w, h]) => x >= 0 && y >= 0 && x + w <= innerWidth && y + h <= innerHeight,
      await (async () => {
        const off = await frameOffset(page, fixture);
        return [off.x + dialog.x, off.y + dialog.y, dialog.width, dialog.height];
      })(),
    );
    result.cardInsideFrameViewport = await frame.evaluate(
      (d) => d.x >= 0 && d.y >= 0 && d.x + d.width <= innerWidth && d.y + d.height <= innerHeight,
      dialog,
    );
    result.cardBox = {
      x: Math.round(dialog.x),
      y: Math.round(dialog.y),
      w: Math.round(dialog.width),
      h: Math.round(dialog.height),
    };
    await sleep(400);
    const accept = await poll(
      async () => {
        const b = await overlayElement(frame, { kind: 'dialogButton', name: 'Accept' });
        return b && b.ariaDisabled == null && b.visible ? b : null;
      },
      { timeout: 3000 },
    );
    if (!accept) {
      result.notes.push('no armed Accept button in the card');
      return result;
    }
    await setPhase(frame, 'accept');
    if (broken) await frame.evaluate(breakNextEdit);
    await clickAt(page, fixture, accept, frame, { kind: 'dialogButton', name: 'Accept' });
    if (broken) {
      const readAlert = () =>
        frame.evaluate(() => {
          for (const host of document.querySelectorAll('redline-overlay')) {
            const a = host.shadowRoot?.querySelector('[role=alert]');
            if (a) return a.textContent;
          }
          return null;
        });
      result.alert = await poll(readAlert, { timeout: 10000 });
      await poll(async () => (await readText(frame, fixture)) === sentence, { timeout: 5000 });
      result.accepted = await readText(frame, fixture);
      return result;
    }
    // Read until the text changes and stays (or 3 s).
    await poll(async () => (await readText(frame, fixture)) !== sentence, { timeout: 3000 });
    await sleep(300);
    result.accepted = await readText(frame, fixture);
    result.cardAfterAccept = !!(await overlayElement(frame, { kind: 'dialog' }));
    const alert = await frame.evaluate(() => {
      for (const host of document.querySelectorAll('redline-overlay')) {
        const a = host.shadowRoot?.querySelector('[role=alert]');
        if (a) return a.textContent;
      }
      return null;
    });
    if (alert) result.notes.push(`card alert: ${alert}`);
    result.underlineAfterAccept = !!(await overlayElement(frame, underlineQuery));
    result.focusBeforeUndo = await activeElement(frame);

    // The editor's own undo.
    await setPhase(frame, 'undo');
    const before = result.accepted;
    await page.keyboard.down('Control');
    await page.keyboard.press('z');
    await page.keyboard.up('Control');
    await poll(async () => (await readText(frame, fixture)) !== before, { timeout: 3000 });
    await sleep(300);
    result.undone = await readText(frame, fixture);
    result.underlineAfterUndo = !!(await poll(() => overlayElement(frame, underlineQuery), {
      timeout: 5000,
    }));
    await setPhase(frame, null);
    result.events = await frame.evaluate(() => window.__ffLog?.entries ?? []);
    return result;
  } catch (error) {
    result.error = String(error?.stack ?? error).slice(0, 800);
    return result;
  } finally {
    await page.close().catch(() => {});
  }
}

/**
 * Content scripts start a few seconds after installExtension. The e2e build's content probe sets
 * `data-redline-probe` on <html> as soon as the content script runs: reload a page until it does,
 * then type into a textarea and wait for the first underline (the local checker's wasm warms up).
 */
async function waitForActivation(browser, site, installedAt, sentence) {
  const page = await browser.newPage();
  try {
    let loads = 0;
    let probeAt = null;
    while (Date.now() - installedAt < 60000) {
      await page.goto(site.url('textarea.html'), { waitUntil: 'load' });
      loads++;
      const seen = await poll(
        () => page.evaluate(() => document.documentElement.hasAttribute('data-redline-probe')),
        {
          timeout: 1000,
          interval: 50,
        },
      );
      if (seen) {
        probeAt = Date.now();
        break;
      }
    }
    if (!probeAt) throw new Error('content script never ran (no data-redline-probe) within 60 s of install');
    const box = await page.evaluate(() => {
      const r = document.querySelector('#other').getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    });
    await page.mouse.click(box.x, box.y);
    await page.keyboard.type(sentence);
    const typedAt = Date.now();
    const underline = await poll(
      () =>
        page.evaluate(() =>
          [...document.querySelectorAll('redline-overlay')].some((h) =>
            [...(h.shadowRoot?.querySelectorAll('[aria-label]') ?? [])].some((b) =>
              /: a → an$/.test(b.getAttribute('aria-label')),
            ),
          ),
        ),
      { timeout: 60000, interval: 100 },
    );
    return {
      pageLoads: loads,
      contentScriptMs: probeAt - installedAt,
      firstUnderlineAfterTypingMs: underline ? Date.now() - typedAt : null,
      firstUnderlineAfterInstallMs: underline ? Date.now() - installedAt : null,
    };
  } finally {
    await page.close().catch(() => {});
  }
}

// ------------------------------------------------------------------------------------------------ main
async function main() {
  if (!existsSync(path.join(EXT_DIR, 'manifest.json'))) {
    throw new Error(`No Firefox build at ${EXT_DIR}. Build it first (see the header of this file).`);
  }
  const site = await startStaticSite();
  log('fixtures at', site.origin);
  const t0 = Date.now();
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: !flag('headful'),
    protocolTimeout: 60000,
    dumpio: VERBOSE,
    extraPrefsFirefox: {
      'xpinstall.signatures.required': false,
      // Content-script and page console output on the browser's stdout (seen with --verbose).
      'devtools.console.stdout.content': true,
    },
  });
  const browserStdout = [];
  const proc = browser.process();
  for (const stream of [proc?.stdout, proc?.stderr]) {
    stream?.on('data', (chunk) => {
      for (const line of String(chunk).split('\n')) if (line.trim()) browserStdout.push(line);
    });
  }
  const launchedMs = Date.now() - t0;
  const version = await browser.version();
  const addonId = await browser.installExtension(EXT_DIR);
  const installedAt = Date.now();
  log(`launched ${version} in ${launchedMs} ms; installed ${addonId}`);
  const activation = await waitForActivation(browser, site, installedAt, SENTENCE);
  log('activation', JSON.stringify(activation));

  const results = [];
  for (const fixture of FIXTURES) {
    if (ONLY.length && !ONLY.some((o) => fixture.name.toLowerCase().includes(o) || fixture.page.includes(o)))
      continue;
    const started = Date.now();
    const r = await runFixture(browser, site, fixture, SENTENCE);
    r.ms = Date.now() - started;
    results.push(r);
    log(
      `${fixture.name}: underline=${r.underline} accept=${JSON.stringify(r.accepted)} undo=${JSON.stringify(r.undone)}${r.error ? ` ERROR ${r.error.split('\n')[0]}` : ''}${r.notes.length ? ` notes=${JSON.stringify(r.notes)}` : ''}`,
    );
    if (VERBOSE) for (const e of r.events) log('   ', JSON.stringify(e));
  }
  // The damage guard: every rich editor is made to get Accept wrong once.
  for (const fixture of FIXTURES.filter((f) => f.rich)) {
    if (ONLY.length && !ONLY.some((o) => fixture.name.toLowerCase().includes(o) || fixture.page.includes(o)))
      continue;
    const r = await runFixture(browser, site, fixture, SENTENCE, true);
    results.push(r);
    log(
      `${r.name}: text=${JSON.stringify(r.accepted)} alert=${JSON.stringify(r.alert)}${r.error ? ` ERROR ${r.error.split('\n')[0]}` : ''}`,
    );
  }
  for (const r of results) {
    r.ok = r.broken
      ? Boolean(
          r.underline && !r.error && r.accepted === SENTENCE && /did not take the change/.test(r.alert ?? ''),
        )
      : Boolean(r.underline && !r.error && r.accepted === FIXED && r.undone === SENTENCE);
  }
  // Playground, options, key, popup chat, Rewrite panel (app-checks.mjs).
  if (!ONLY.length || ONLY.includes('app')) {
    results.push(...(await runAppChecks({ browser, site, fields: { readText, resolvePath } })));
  }
  await browser.close();
  await site.close();

  const redlineLines = browserStdout.filter((l) => /redline|error|moz-extension/i.test(l)).slice(0, 200);
  const report = {
    firefox: version,
    extension: EXT_DIR,
    sentence: SENTENCE,
    activation,
    results,
    browserStdout: redlineLines,
  };
  if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify(report, null, 2));
  const failed = results.filter((r) => !r.ok);
  log(`${results.length - failed.length} passed, ${failed.length} failed`);
  process.exitCode = failed.length ? 1 : 0;
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
