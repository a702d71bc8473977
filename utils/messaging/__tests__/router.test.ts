import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Runtime } from 'webextension-polyfill';
import { routeMessage, type Handlers, type RouterContext } from '../router';
import { PROTOCOL } from '../schemas';
import type { Kind } from '../protocol';
import { siteHandlers } from '../../sites';
import { updateSettings } from '../../settings';

const ctx: RouterContext = {
  extensionId: 'redline-id',
  extensionOrigin: 'chrome-extension://redline-id/',
};

const tab = { id: 7, index: 0, highlighted: false, active: true, pinned: false, incognito: false };

/** A content script running in a tab that shows someone else's page. */
const contentScript: Runtime.MessageSender = {
  id: ctx.extensionId,
  tab: { ...tab, url: 'https://docs.example.com/edit' },
  url: 'https://docs.example.com/edit',
};
/** Redline's options page, in its own window. */
const optionsPage: Runtime.MessageSender = { id: ctx.extensionId, url: `${ctx.extensionOrigin}options.html` };
/** Redline's options page opened in a tab: still Redline's own page. */
const optionsPageInTab: Runtime.MessageSender = {
  ...optionsPage,
  tab: { ...tab, url: `${ctx.extensionOrigin}options.html` },
};

/** Handlers that answer with what they received, so a reply shows what got through. */
const echo: Partial<Handlers> = {
  'key.status': async () => ({ hasKey: true, remembered: true, hint: 'sk-…abcd' }),
  'key.set': async (data) => ({ hasKey: Boolean(data.key), remembered: data.remember, hint: '' }),
  'connection.test': async (data) => ({
    ok: true,
    modelCount: 1,
    modelFound: true,
    message: `${data.baseURL} ${data.model}`,
  }),
  'models.list': async (data) => ({ ok: true, models: [data.baseURL] }),
  'site.status': async () => ({
    enabled: true,
    hostname: 'docs.example.com',
    pinned: null,
  }),
};

const validRequests = {
  'key.status': {},
  'key.set': { key: 'sk-new', remember: false },
  'connection.test': { baseURL: 'https://api.openai.com/v1', model: 'gpt-4o-mini' },
  'models.list': { baseURL: 'https://api.openai.com/v1' },
  'site.status': {},
} satisfies Partial<Record<Kind, unknown>>;
const privilegedKinds = ['key.status', 'key.set', 'connection.test', 'models.list'] as const;

const route = (message: unknown, sender: Runtime.MessageSender, handlers: Partial<Handlers> = echo) =>
  routeMessage(message, sender, ctx, handlers);

beforeEach(() => {
  fakeBrowser.reset();
});

describe('routeMessage: who is asking', () => {
  it('refuses a message from another extension', async () => {
    const reply = await route({ kind: 'key.status', data: {} }, { ...optionsPage, id: 'someone-else' });
    expect(reply).toEqual({ ok: false, error: 'Refused: not from Redline.' });
  });

  it('refuses a sender with no extension id (a web page)', async () => {
    const reply = await route({ kind: 'site.status', data: {} }, { url: 'https://evil.test/' });
    expect(reply.ok).toBe(false);
  });

  it.each(privilegedKinds)('refuses %s from a content script', async (kind) => {
    const reply = await route({ kind, data: validRequests[kind] }, contentScript);
    expect(reply).toEqual({ ok: false, error: `Refused: “${kind}” is only for Redline's own pages.` });
  });

  it('refuses every privileged kind from a content script before looking at the payload', async () => {
    const privileged = Object.entries(PROTOCOL).filter(([, spec]) => spec.privileged);
    expect(privileged.map(([kind]) => kind)).toEqual(expect.arrayContaining([...privilegedKinds]));
    for (const [kind] of privileged) {
      const reply = await route({ kind, data: {} }, contentScript);
      expect(reply).toEqual({ ok: false, error: `Refused: “${kind}” is only for Redline's own pages.` });
    }
  });

  it.each(privilegedKinds)('answers %s for an extension page', async (kind) => {
    const reply = await route({ kind, data: validRequests[kind] }, optionsPage);
    expect(reply.ok).toBe(true);
  });

  it.each(privilegedKinds)('answers %s for an extension page opened in a tab', async (kind) => {
    const reply = await route({ kind, data: validRequests[kind] }, optionsPageInTab);
    expect(reply.ok).toBe(true);
  });

  it('refuses a privileged kind from a page whose URL only mentions the extension origin', async () => {
    const reply = await route(
      { kind: 'key.status', data: {} },
      { ...contentScript, url: `https://evil.test/?${ctx.extensionOrigin}` },
    );
    expect(reply.ok).toBe(false);
  });

  it('answers site.status for a content script', async () => {
    const reply = await route({ kind: 'site.status', data: {} }, contentScript);
    expect(reply).toEqual({
      ok: true,
      value: { enabled: true, hostname: 'docs.example.com', pinned: null },
    });
  });

  it('tells a content script that Redline is off on a subdomain of a site the user switched off', async () => {
    await updateSettings({ disabledSites: ['example.com'] });
    const reply = await route({ kind: 'site.status', data: {} }, contentScript, siteHandlers);
    expect(reply).toEqual({
      ok: true,
      value: { enabled: false, hostname: 'docs.example.com', pinned: null },
    });
  });
});

describe('routeMessage: what is asked', () => {
  it('refuses an unknown kind', async () => {
    const reply = await route({ kind: 'key.get', data: {} }, optionsPage);
    expect(reply).toEqual({ ok: false, error: 'Refused: unknown kind “key.get”.' });
  });

  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])(
    'refuses the inherited property name %s as a kind',
    async (kind) => {
      const reply = await route({ kind, data: {} }, optionsPage);
      expect(reply).toEqual({ ok: false, error: `Refused: unknown kind “${kind}”.` });
    },
  );

  it.each([null, 'key.status', 42, { data: {} }, { kind: 5 }])(
    'refuses the malformed message %j',
    async (message) => {
      expect(await route(message, optionsPage)).toEqual({ ok: false, error: 'Refused: malformed message.' });
    },
  );

  it.each([
    ['key.set', { remember: 'yes' }],
    ['key.set', { key: 42, remember: true }],
    ['key.set', { key: 'x'.repeat(1001), remember: true }],
    ['key.set', { key: 'sk-x', remember: true, area: 'sync' }],
    ['key.status', { verbose: true }],
    ['connection.test', { baseURL: 'https://api.openai.com/v1' }],
    ['connection.test', { baseURL: 'https://api.openai.com/v1', model: 'm', extra: 1 }],
    ['models.list', { baseURL: 7 }],
    ['site.status', { hostname: 'bank.test' }],
    ['site.status', 'yes'],
  ] as const)('refuses the invalid %s payload %j', async (kind, data) => {
    const sender = kind === 'site.status' ? contentScript : optionsPage;
    expect(await route({ kind, data }, sender)).toEqual({
      ok: false,
      error: `Refused: invalid “${kind}” payload.`,
    });
  });

  it('treats a null payload as an empty one', async () => {
    expect((await route({ kind: 'key.status', data: null }, optionsPage)).ok).toBe(true);
  });

  it('hands the handler the validated payload and returns its answer', async () => {
    const reply = await route(
      { kind: 'connection.test', data: { baseURL: 'http://localhost:11434/v1', model: 'llama3.2' } },
      optionsPage,
    );
    expect(reply).toEqual({
      ok: true,
      value: { ok: true, modelCount: 1, modelFound: true, message: 'http://localhost:11434/v1 llama3.2' },
    });
  });

  it('answers a kind with no handler with an error, not silence', async () => {
    const reply = await route({ kind: 'models.list', data: validRequests['models.list'] }, optionsPage, {});
    expect(reply).toEqual({ ok: false, error: 'No handler for “models.list”.' });
  });
});

describe('routeMessage: failures', () => {
  it("returns a handler's error message instead of throwing", async () => {
    const reply = await route({ kind: 'key.status', data: {} }, optionsPage, {
      'key.status': async () => {
        throw new Error('Storage is unavailable.');
      },
    });
    expect(reply).toEqual({ ok: false, error: 'Storage is unavailable.' });
  });

  it('returns a non-Error rejection as text', async () => {
    const reply = await route({ kind: 'key.status', data: {} }, optionsPage, {
      'key.status': () => Promise.reject('quota exceeded'),
    });
    expect(reply).toEqual({ ok: false, error: 'quota exceeded' });
  });
});

describe('settings a content script may change', () => {
  const send = (kind: Kind, data: unknown, sender: Runtime.MessageSender = contentScript) =>
    routeMessage({ kind, data }, sender, ctx, siteHandlers);

  it('a full dictionary refuses a new word with a clear message and drops none of the person’s words', async () => {
    const words = Array.from({ length: 5000 }, (_, i) => `word${i}`);
    await updateSettings({ dictionary: words });
    const reply = await send('settings.addWord', { word: 'Zorblax' });
    expect(reply).toEqual({ ok: false, error: expect.stringContaining('dictionary is full') });
    const { getSettings } = await import('../../settings');
    const { dictionary } = await getSettings();
    expect(dictionary).toHaveLength(5000);
    expect(dictionary[0]).toBe('word0');
    expect(dictionary).not.toContain('Zorblax');
  });

  it('Ignore on this site ignores the rule on the asking frame’s site, whatever the message claims', async () => {
    const { getSettings } = await import('../../settings');
    const frame = { ...contentScript, url: 'https://comments.example.net/box' };
    expect((await send('settings.ignoreRule', { rule: 'local:AnA', thisSiteOnly: true }, frame)).ok).toBe(
      true,
    );
    // A site named in the message is refused, not used.
    const claim = await send('settings.ignoreRule', {
      rule: 'local:AnA',
      thisSiteOnly: true,
      site: 'x.example',
    });
    expect(claim).toEqual({ ok: false, error: 'Refused: invalid “settings.ignoreRule” payload.' });
    let settings = await getSettings();
    expect(settings.siteIgnoredRules).toEqual([{ site: 'comments.example.net', rule: 'local:AnA' }]);
    expect(settings.ignoredRules).toEqual([]);
    // Ignored everywhere later: the per-site entry goes, as it says nothing more.
    expect((await send('settings.ignoreRule', { rule: 'local:AnA' })).ok).toBe(true);
    settings = await getSettings();
    expect(settings.ignoredRules).toEqual(['local:AnA']);
    expect(settings.siteIgnoredRules).toEqual([]);
  });

  it('a tab may change settings a few times a minute, not flood them', async () => {
    const tabSender = { ...contentScript, tab: { ...tab, id: 99, url: 'https://flood.example/' } };
    const replies = [];
    for (let i = 0; i < 30; i++) replies.push(await send('settings.addWord', { word: `w${i}` }, tabSender));
    expect(replies.filter((r) => r.ok)).toHaveLength(20);
    expect(replies.at(-1)).toEqual({ ok: false, error: expect.stringContaining('Too many changes') });
    // Another tab is not held back by that one.
    const other = { ...contentScript, tab: { ...tab, id: 100, url: 'https://calm.example/' } };
    expect((await send('settings.addWord', { word: 'calm' }, other)).ok).toBe(true);
    // Redline's own pages are not limited.
    expect((await send('settings.ignoreRule', { rule: 'local:X' }, optionsPage)).ok).toBe(true);
  });
});
