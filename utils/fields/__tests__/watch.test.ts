// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { watchFields } from '../watch';

let life: AbortController;

beforeEach(() => {
  fakeBrowser.reset();
  document.body.replaceChildren();
  life = new AbortController();
});

afterEach(() => life.abort());

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
