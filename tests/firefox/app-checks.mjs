/**
 * The Firefox lane's checks beyond inline suggestions, in the same browser after the field fixtures:
 * the playground a first install opens, the options page saving a provider, the API key never
 * reaching a page or its content script, the popup's streamed chat, and the Rewrite panel's Replace
 * (and Ctrl+Z) in every rewrite fixture of the Chromium specs. Each check mirrors a Chromium spec
 * (named in its `spec`), through the same labels and the same OpenAI-compatible test server.
 *
 * WebDriver BiDi may not navigate a tab to a moz-extension: address, so the checks start from the
 * playground tab Redline opens on install and move within the extension's own origin from there.
 */
import { importTs, log, poll, vlog } from './lib.mjs';

/** A key the test server accepts, and that must show up nowhere a page or content script can read. */
const KEY = 'sk-redline-ff-SECRET-4b7e19d0c2';
const MODEL = 'redline-test-model';

const { REWRITE_CASE, REWRITE_FIELDS, selectTextIn } = await importTs('tests/fixtures/field-kinds.ts');
const { before: BEFORE, sentence: SENTENCE, after: AFTER, rewrite: REWRITE } = REWRITE_CASE;

// ------------------------------------------------------------------- in-page helpers (serialized)
/** The control a person finds by this label (a <label>'s text or an aria-label), as a handle. */
function controlByLabel(name) {
  for (const label of document.querySelectorAll('label')) {
    const own = [...label.childNodes]
      .filter((n) => n.nodeType === 3 || (n.nodeType === 1 && !n.matches('input,select,textarea')))
      .map((n) => n.textContent)
      .join('')
      .trim();
    if (own === name && label.control) return label.control;
  }
  return document.querySelector(`[aria-label="${CSS.escape(name)}"]`);
}

/** A button by its accessible name (aria-label, else its text), in the document or Redline's layers. */
function buttonByName(name, scopeLabel) {
  const roots = [document, ...[...document.querySelectorAll('[data-redline]')].map((h) => h.shadowRoot)];
  for (const root of roots) {
    if (!root) continue;
    const scope = scopeLabel ? root.querySelector(`[aria-label="${CSS.escape(scopeLabel)}"]`) : root;
    if (!scope) continue;
    for (const b of scope.querySelectorAll('button')) {
      if ((b.getAttribute('aria-label') ?? b.textContent).trim() === name) return b;
    }
  }
  return null;
}

/** Text of the element with this aria-label inside Redline's layers (or the document), or null. */
function textByLabel(label) {
  const roots = [...[...document.querySelectorAll('[data-redline]')].map((h) => h.shadowRoot), document];
  for (const root of roots) {
    const el = root?.querySelector(`[aria-label="${CSS.escape(label)}"]`);
    if (el) return el.textContent;
  }
  return null;
}

// ------------------------------------------------------------------------------------- driving
/** A real mouse click at the centre of the element `find(...args)` returns in `page`. */
async function click(page, find, ...args) {
  const box = await poll(
    () =>
      page.evaluate(
        (src, args) => {
          const el = new Function(`return (${src})`)()(...args);
          if (!el || el.getAttribute('aria-disabled') === 'true' || el.disabled) return null;
          el.scrollIntoView({ block: 'center' });
          const r = el.getBoundingClientRect();
          return r.width > 0 ? { x: r.left + r.width / 2, y: r.top + r.height / 2 } : null;
        },
        find.toString(),
        args,
      ),
    { timeout: 20000 },
  );
  if (!box) throw new Error(`nothing to click: ${find.name}(${args.join(', ')})`);
  await page.mouse.click(box.x, box.y);
}

/** Types `value` into the labelled field as a person would: click, select what is there, type. */
async function fill(page, label, value) {
  await click(page, controlByLabel, label);
  await page.evaluate(
    (src, label) => new Function(`return (${src})`)()(label).select(),
    controlByLabel.toString(),
    label,
  );
  await page.keyboard.press('Backspace');
  await page.keyboard.type(value);
}

async function valueOf(page, label) {
  return page.evaluate(
    (src, label) => new Function(`return (${src})`)()(label)?.value ?? null,
    controlByLabel.toString(),
    label,
  );
}

/** The tab showing this extension page (puppeteer's own URL for it may still say about:blank). */
async function extensionPage(browser, pathname, timeout = 20000) {
  return poll(
    async () => {
      for (const page of await browser.pages()) {
        const href = await page.evaluate(() => location.href).catch(() => '');
        if (href.startsWith('moz-extension://') && new URL(href).pathname === pathname) return page;
      }
      return null;
    },
    { timeout, interval: 200 },
  );
}

/** Navigates an extension tab to another page of the extension and waits for `label` to show. */
async function openWithin(page, pathname, label) {
  await page.evaluate((p) => {
    location.href = p;
  }, pathname);
  const ready = await poll(
    () =>
      page.evaluate(
        (p, src, label) =>
          location.pathname === p &&
          document.readyState === 'complete' &&
          !!new Function(`return (${src})`)()(label),
        pathname,
        controlByLabel.toString(),
        label,
      ),
    { timeout: 20000, interval: 100 },
  );
  if (!ready) throw new Error(`${pathname} did not show "${label}"`);
}

/** Fires the real menu listener of the background, as a click on the item would (e2e builds). */
async function clickMenu(extPage, pageUrl, menuItemId) {
  const reply = await extPage.evaluate(
    (pageUrl, menuItemId) =>
      new Promise((resolve) => {
        const port = globalThis.browser.runtime.connect({ name: 'redline-e2e-hooks' });
        port.onMessage.addListener((m) => {
          port.disconnect();
          resolve(m);
        });
        port.onDisconnect.addListener(() => resolve({ ok: false, error: 'hook port closed' }));
        port.postMessage({ hook: 'menuClick', pageUrl, menuItemId, editable: true });
      }),
    pageUrl,
    menuItemId,
  );
  if (!reply?.ok) throw new Error(`menu hook: ${reply?.error}`);
}

// --------------------------------------------------------------------------------------- checks
/**
 * Runs every check; returns one result per check ({ name, spec, ok, notes, ms }).
 * `fields`: the harness's readers of a field kind's text and element (readText, resolvePath).
 */
export async function runAppChecks({ browser, site, fields }) {
  const { startTestServer } = await importTs('tests/server/openai-test-server.ts');
  const server = await startTestServer({ port: 0, apiKeys: [KEY] });
  const results = [];
  const check = async (name, spec, run) => {
    const result = { name, spec, ok: false, notes: [] };
    const started = Date.now();
    try {
      await run(result);
      result.ok = result.notes.length === 0;
    } catch (error) {
      result.error = String(error?.stack ?? error).slice(0, 800);
    }
    result.ms = Date.now() - started;
    results.push(result);
    log(
      `${name}: ${result.ok ? 'ok' : 'FAILED'}${result.error ? ` ${result.error.split('\n')[0]}` : ''}${result.notes.length ? ` ${JSON.stringify(result.notes)}` : ''} (${result.ms} ms)`,
    );
    return result;
  };
  const expectEqual = (result, what, actual, expected) => {
    if (actual !== expected)
      result.notes.push(`${what}: ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
  };

  let ext = null;
  let webPage = null;
  try {
    await check('first install opens the playground', 'onboarding (utils/onboarding.ts)', async (r) => {
      ext = await extensionPage(browser, '/playground.html');
      if (!ext) r.notes.push('no playground tab after install');
    });
    if (!ext) return results;

    // A web page is open, its content script recording what it can receive, while the key is saved.
    webPage = await browser.newPage();
    await webPage.goto(site.url('fields.html'), { waitUntil: 'load' });
    await poll(() => webPage.evaluate(() => document.documentElement.hasAttribute('data-redline-probe')), {
      timeout: 20000,
    });

    await check(
      'options: a provider saved through the labels',
      'options.spec.ts (configuring a provider…)',
      async (r) => {
        await openWithin(ext, '/options.html', 'Base URL');
        const provider = await ext.evaluateHandle(
          (src) => new Function(`return (${src})`)()('Provider'),
          controlByLabel.toString(),
        );
        await provider.asElement().select('custom');
        await fill(ext, 'Base URL', server.url);
        await fill(ext, 'API key', KEY);
        await fill(ext, 'Model', MODEL);
        await click(ext, buttonByName, 'Save');
        const saved = await poll(() => ext.evaluate(() => document.body.innerText.includes('Saved')), {
          timeout: 10000,
        });
        if (!saved) r.notes.push('no "Saved"');
        expectEqual(r, 'API key field after saving', await valueOf(ext, 'API key'), '');
        if ((await ext.content()).includes(KEY)) r.notes.push('the options page shows the key');
        await ext.evaluate(() => {
          window.__beforeReload = true;
          location.reload();
        });
        await poll(
          async () =>
            !(await ext.evaluate(() => window.__beforeReload === true)) &&
            (await valueOf(ext, 'Model')) !== null,
          { timeout: 10000 },
        );
        await poll(async () => (await valueOf(ext, 'Base URL')) === server.url, { timeout: 5000 });
        expectEqual(r, 'Base URL after reload', await valueOf(ext, 'Base URL'), server.url);
        expectEqual(r, 'Model after reload', await valueOf(ext, 'Model'), MODEL);
        expectEqual(r, 'Provider after reload', await valueOf(ext, 'Provider'), 'custom');
        const hint = await ext.evaluate(() => /Stored key sk-…/.test(document.body.innerText));
        if (!hint) r.notes.push('no "Stored key sk-…" hint after reload');
        if ((await ext.content()).includes(KEY)) r.notes.push('the reloaded options page shows the key');
      },
    );

    await check('the API key never reaches a page or its content script', 'key-safety.spec.ts', async (r) => {
      // Focus makes the content script read storage and talk to the background.
      await click(webPage, (id) => document.getElementById(id), 'comment');
      await webPage.keyboard.type('Hello there.');
      const replied = await poll(
        () =>
          webPage.evaluate(() =>
            JSON.parse(document.documentElement.getAttribute('data-redline-probe') ?? '[]').some(
              (e) => e.channel === 'sendMessage.reply',
            ),
          ),
        { timeout: 15000 },
      );
      if (!replied) r.notes.push('the content script got no reply from the background');
      const probeText = await webPage.evaluate(() =>
        document.documentElement.getAttribute('data-redline-probe'),
      );
      const probe = JSON.parse(probeText ?? '[]');
      // Firefox lets content scripts read storage.local (no setAccessLevel): the key must not be there.
      const reads = probe.filter((e) => e.channel === 'storage.local.get');
      r.storageReads = reads.length;
      if (!reads.some((e) => e.payload && typeof e.payload === 'object' && 'settings' in e.payload))
        r.notes.push('the probe never read storage.local (the check would prove nothing)');
      if (probeText.includes(KEY)) r.notes.push('the key reached the content script');
      if ((await webPage.content()).includes(KEY)) r.notes.push('the key is in the page');
    });

    await check('popup chat streams a reply', 'popup.spec.ts (streams a reply…)', async (r) => {
      await ext.evaluate(() => globalThis.browser.tabs.create({ url: '/popup.html' }));
      const popup = await extensionPage(browser, '/popup.html');
      if (!popup) throw new Error('no popup tab');
      try {
        await poll(
          () =>
            popup.evaluate(
              (src) => !!new Function(`return (${src})`)()('Message'),
              controlByLabel.toString(),
            ),
          {
            timeout: 10000,
          },
        );
        await click(popup, controlByLabel, 'Message');
        await popup.keyboard.type('Hello there');
        await click(popup, buttonByName, 'Send');
        const answered = await poll(
          () =>
            popup.evaluate(() =>
              document.querySelector('[role=log]')?.textContent.includes('Echo: Hello there'),
            ),
          { timeout: 30000 },
        );
        if (!answered) r.notes.push('no "Echo: Hello there" in the chat log');
        const request = server.log.find((e) => e.path.endsWith('/chat/completions') && e.stream);
        if (!request) r.notes.push('no streamed chat request reached the test server');
        else if (request.headers.authorization !== `Bearer ${KEY}`)
          r.notes.push('the chat request did not carry the saved key');
        if ((await popup.content()).includes(KEY)) r.notes.push('the popup shows the key');
      } finally {
        await popup.close().catch(() => {});
      }
    });

    await check(
      'German typed in a textarea: Hunspell in the event page underlines it, and German turns on',
      'languages.spec.ts',
      async (r) => {
        const page = await browser.newPage();
        try {
          await page.goto(site.url('textarea.html'), { waitUntil: 'load' });
          await click(page, () => document.querySelector('#field'));
          await page.keyboard.type('Gestern habe ich einen langen Spazirgang durch den Wald gemacht.');
          const label = await poll(
            () =>
              page.evaluate(() => {
                const root = document.querySelector('redline-overlay')?.shadowRoot;
                const mark = [...(root?.querySelectorAll('[data-suggestion-id]') ?? [])].find((el) =>
                  /Spazirgang/.test(el.getAttribute('aria-label') ?? ''),
                );
                return mark?.getAttribute('aria-label') ?? null;
              }),
            { timeout: 30000 },
          );
          expectEqual(r, 'underline', label, 'spelling: Spazirgang → Spaziergang');
          const notice = await poll(
            () =>
              page.evaluate(
                () =>
                  document.querySelector('redline-overlay')?.shadowRoot?.querySelector('[role=status]')
                    ?.textContent ?? null,
              ),
            { timeout: 5000 },
          );
          if (!/German spelling is on now/.test(notice ?? ''))
            r.notes.push(`notice: ${JSON.stringify(notice)}`);
        } finally {
          await page.close();
        }
      },
    );

    server.reply(SENTENCE, REWRITE);
    for (const fixture of REWRITE_FIELDS) {
      await check(
        `rewrite: ${fixture.name}: Replace puts it in place, Ctrl+Z restores`,
        'rewrite.spec.ts',
        async (r) => {
          const page = await browser.newPage();
          const logStart = server.log.length;
          try {
            await page.goto(site.url(fixture.page), { waitUntil: 'load' });
            if (fixture.rich)
              await poll(() => page.evaluate(() => !!window.redlineEditor), { timeout: 20000 });
            const frame = page.mainFrame();
            await click(
              page,
              (selectors, src) => new Function(`return (${src})`)()(selectors),
              fixture.path,
              fields.resolvePath.toString(),
            );
            await page.keyboard.type(BEFORE + SENTENCE + AFTER);
            const typed = await poll(
              async () => (await fields.readText(frame, fixture)) === BEFORE + SENTENCE + AFTER,
              {
                timeout: 5000,
              },
            );
            if (!typed)
              throw new Error(`typed text reads ${JSON.stringify(await fields.readText(frame, fixture))}`);
            const selected = await page.evaluate(
              (selectors, resolveSrc, selectSrc, text) => {
                const el = new Function(`return (${resolveSrc})`)()(selectors);
                return new Function(`return (${selectSrc})`)()(el, text);
              },
              fixture.path,
              fields.resolvePath.toString(),
              selectTextIn.toString(),
              SENTENCE,
            );
            expectEqual(r, 'selection', selected, SENTENCE);
            await clickMenu(ext, page.url(), 'redline-formal');
            const result = await poll(
              async () => ((await page.evaluate(textByLabel, 'Result')) === REWRITE ? REWRITE : null),
              {
                timeout: 20000,
              },
            );
            if (!result) {
              r.notes.push(`panel result ${JSON.stringify(await page.evaluate(textByLabel, 'Result'))}`);
              return;
            }
            // A person reads the result first: editors merge changes made close together into one undo step.
            if (fixture.rich)
              await poll(() => page.evaluate(() => window.redlineEditor?.undoBoundary?.() ?? true), {
                timeout: 5000,
              });
            await click(page, buttonByName, 'Replace', 'Rewrite');
            await poll(async () => (await fields.readText(frame, fixture)) === BEFORE + REWRITE + AFTER, {
              timeout: 5000,
            });
            expectEqual(r, 'after Replace', await fields.readText(frame, fixture), BEFORE + REWRITE + AFTER);
            const panelGone = await poll(async () => (await page.evaluate(textByLabel, 'Result')) === null, {
              timeout: 3000,
            });
            if (!panelGone) r.notes.push('the panel stayed open after Replace');
            await page.keyboard.down('Control');
            await page.keyboard.press('z');
            await page.keyboard.up('Control');
            await poll(async () => (await fields.readText(frame, fixture)) === BEFORE + SENTENCE + AFTER, {
              timeout: 5000,
            });
            expectEqual(r, 'after Ctrl+Z', await fields.readText(frame, fixture), BEFORE + SENTENCE + AFTER);
            const request = server.log.slice(logStart).find(
              // The rewrite, not a model check of the whole field that the pause may send meanwhile.
              (e) =>
                e.path.endsWith('/chat/completions') &&
                JSON.stringify(e.body?.messages ?? '').includes('rewrites text') &&
                JSON.stringify(e.body?.messages ?? '').includes(SENTENCE),
            );
            if (!request) r.notes.push('no rewrite request reached the test server');
            else if (JSON.stringify(request.body).includes('Intro line'))
              r.notes.push('more than the selection went to the model');
            vlog('rewrite request', JSON.stringify(request?.body).slice(0, 300));
          } finally {
            await page.close().catch(() => {});
          }
        },
      );
    }
  } finally {
    await webPage?.close().catch(() => {});
    await server.close();
  }
  return results;
}
