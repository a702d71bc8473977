import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../settings';
import type { CheckResult } from '../../messaging/protocol';
import { checkerSettings, type LocalCheckBackend } from '../local-checker';
import { OffscreenLocalChecker, type OffscreenApi } from '../offscreen-client';
import { isOffscreenRequest, OFFSCREEN_TARGET, type OffscreenRequest } from '../offscreen-protocol';

const settings = checkerSettings(DEFAULT_SETTINGS);
const paragraphs = [{ hash: 'h', text: 'This is a example.' }];
const answer = (source: string): CheckResult => ({
  ok: true,
  results: [{ hash: 'h', suggestions: [{ ...suggestion, explanation: source }] }],
});
const suggestion = {
  start: 8,
  end: 9,
  original: 'a',
  replacement: 'an',
  category: 'grammar' as const,
  explanation: '',
  rule: 'local:AnA',
  source: 'local' as const,
};

/** A browser with an offscreen API: the document answers while it is open. */
function browserWithOffscreen(options: { pageLoads?: boolean } = {}) {
  const state = { open: false, created: 0, requests: [] as OffscreenRequest[] };
  const offscreen: OffscreenApi = {
    hasDocument: async () => state.open,
    createDocument: async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (options.pageLoads === false) throw new Error('Page failed to load.');
      if (state.open) throw new Error('Only a single offscreen document may be created.');
      state.open = true;
      state.created++;
    },
    closeDocument: async () => {
      state.open = false;
    },
  };
  const send = async (message: OffscreenRequest): Promise<unknown> => {
    if (!state.open) throw new Error('Could not establish connection. Receiving end does not exist.');
    state.requests.push(message);
    return message.op === 'check' ? answer('offscreen') : message.op === 'warm' ? { ready: true } : null;
  };
  return { state, offscreen, send };
}

const fallback = (): LocalCheckBackend => ({
  warm: async () => ({ ready: true }),
  check: async () => answer('background'),
  configure: async () => undefined,
  languagesOf: async (texts) => texts.map(() => ['en']),
});

describe('OffscreenLocalChecker', () => {
  it('opens one document for concurrent first requests and answers from it', async () => {
    const { state, offscreen, send } = browserWithOffscreen();
    const client = new OffscreenLocalChecker({
      offscreen,
      send,
      pageUrl: 'chrome-extension://x/p.html',
      fallback,
    });
    const [warm, a, b] = await Promise.all([
      client.warm(settings),
      client.check(paragraphs, settings, 'site'),
      client.check(paragraphs, settings, 'site'),
    ]);
    expect(warm).toEqual({ ready: true });
    expect(a).toEqual(answer('offscreen'));
    expect(b).toEqual(answer('offscreen'));
    expect(state.created).toBe(1);
    expect(
      state.requests.every((r) => r.target === OFFSCREEN_TARGET && r.settings.dialect === 'american'),
    ).toBe(true);
  });

  it('answers "disabled" without opening a document, and closes one when the checker is turned off', async () => {
    const { state, offscreen, send } = browserWithOffscreen();
    const client = new OffscreenLocalChecker({ offscreen, send, pageUrl: 'p', fallback });
    const off = { ...settings, localChecker: false };
    expect(await client.check(paragraphs, off, 'site')).toMatchObject({ ok: false, code: 'disabled' });
    expect(await client.warm(off)).toEqual({ ready: false });
    expect(state.created).toBe(0);
    await client.configure(settings);
    expect(state.created).toBe(0);

    await client.warm(settings);
    expect(state.open).toBe(true);
    await client.configure(off);
    expect(state.open).toBe(false);
  });

  it('reopens a document that went away and still answers', async () => {
    const { state, offscreen, send } = browserWithOffscreen();
    const client = new OffscreenLocalChecker({ offscreen, send, pageUrl: 'p', fallback });
    await client.check(paragraphs, settings, 'site');
    state.open = false;
    expect(await client.check(paragraphs, settings, 'site')).toEqual(answer('offscreen'));
    expect(state.created).toBe(2);
  });

  it('lints in the background when the document cannot be created', async () => {
    const { offscreen, send } = browserWithOffscreen({ pageLoads: false });
    const client = new OffscreenLocalChecker({ offscreen, send, pageUrl: 'p', fallback });
    expect(await client.check(paragraphs, settings, 'site')).toEqual(answer('background'));
    expect(await client.warm(settings)).toEqual({ ready: true });
  });
});

describe('isOffscreenRequest', () => {
  it('accepts the background’s requests and nothing else', () => {
    expect(
      isOffscreenRequest({ target: OFFSCREEN_TARGET, op: 'check', paragraphs, settings, scope: 's' }),
    ).toBe(true);
    // A check must say whose it is (the cache is kept per site).
    expect(isOffscreenRequest({ target: OFFSCREEN_TARGET, op: 'check', paragraphs, settings })).toBe(false);
    expect(isOffscreenRequest({ target: OFFSCREEN_TARGET, op: 'warm', settings })).toBe(true);
    expect(isOffscreenRequest({ kind: 'check.local', data: { paragraphs } })).toBe(false);
    expect(isOffscreenRequest({ target: OFFSCREEN_TARGET, op: 'check', settings })).toBe(false);
    expect(isOffscreenRequest({ target: OFFSCREEN_TARGET, op: 'drop', settings })).toBe(false);
    expect(isOffscreenRequest(null)).toBe(false);
  });
});
