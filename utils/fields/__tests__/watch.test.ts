// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { watchFields } from '../watch';

let life: AbortController;

beforeEach(() => {
  fakeBrowser.reset();
  document.body.replaceChildren();
  life = new AbortController();
});

afterEach(() => {
  life.abort();
  vi.unstubAllGlobals();
});

const watch = (sensitive: WeakSet<Element>) => watchFields(document, life.signal, sensitive, () => undefined);

describe('watchFields: a field focused before the script ran', () => {
  it('remembers an autofocused password as a secret, so revealing it later changes nothing', () => {
    const password = Object.assign(document.createElement('input'), { type: 'password' });
    document.body.append(password);
    password.focus();
    const sensitive = new WeakSet<Element>();
    watch(sensitive);
    expect(sensitive.has(password)).toBe(true);
  });

  it('finds the focus inside an open shadow root', () => {
    const host = document.createElement('div');
    document.body.append(host);
    const password = Object.assign(document.createElement('input'), { type: 'password' });
    host.attachShadow({ mode: 'open' }).append(password);
    password.focus();
    const sensitive = new WeakSet<Element>();
    watch(sensitive);
    expect(sensitive.has(password)).toBe(true);
  });

  it('marks nothing when nothing, or an ordinary field, has the focus', () => {
    const text = document.createElement('textarea');
    document.body.append(text);
    const sensitive = new WeakSet<Element>();
    watch(sensitive);
    expect(sensitive.has(text)).toBe(false);
    text.focus();
    watch(sensitive);
    expect(sensitive.has(text)).toBe(false);
  });
});

/** The background as the content script reaches it: `site.status` answers when the test says so. */
function stubBackground() {
  let answerSite: (enabled: boolean) => void = () => undefined;
  const sent: string[] = [];
  vi.stubGlobal('browser', {
    runtime: {
      id: 'redline',
      getURL: (path: string) => path,
      onMessage: { addListener: () => undefined, removeListener: () => undefined },
      sendMessage: (message: { kind: string }) => {
        sent.push(message.kind);
        if (message.kind !== 'site.status') return Promise.resolve({ ok: true, value: { ready: true } });
        return new Promise((resolve) => {
          answerSite = (enabled) => resolve({ ok: true, value: { enabled } });
        });
      },
    },
  });
  return { sent, answerSite: (enabled: boolean) => answerSite(enabled) };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('watchFields: the focus of an eligible field', () => {
  it('lets slow work start while the background is asked about the site, and hands the field on once it is on', async () => {
    const background = stubBackground();
    const onField = vi.fn();
    const whileAsking = vi.fn();
    watchFields(document, life.signal, new WeakSet(), onField, whileAsking);
    const text = document.createElement('textarea');
    document.body.append(text);

    text.focus();
    expect(whileAsking).toHaveBeenCalledTimes(1);
    expect(onField).not.toHaveBeenCalled();
    background.answerSite(true);
    await settle();
    expect(onField).toHaveBeenCalledWith(text);
    expect(background.sent).toEqual(['site.status', 'check.warm']);

    // The answer is in: later focuses have nothing to wait for.
    text.blur();
    text.focus();
    await settle();
    expect(whileAsking).toHaveBeenCalledTimes(1);
    expect(onField).toHaveBeenCalledTimes(2);
  });

  it('starts nothing for a refused field, and hands nothing on where the site is off', async () => {
    const background = stubBackground();
    const onField = vi.fn();
    const whileAsking = vi.fn();
    watchFields(document, life.signal, new WeakSet(), onField, whileAsking);
    const password = Object.assign(document.createElement('input'), { type: 'password' });
    const text = document.createElement('textarea');
    document.body.append(password, text);

    password.focus();
    expect(whileAsking).not.toHaveBeenCalled();
    expect(background.sent).toEqual([]);

    text.focus();
    background.answerSite(false);
    await settle();
    expect(whileAsking).toHaveBeenCalledTimes(1);
    expect(onField).not.toHaveBeenCalled();
  });
});
