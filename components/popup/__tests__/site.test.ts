import { describe, expect, it } from 'vitest';
import { isSiteEnabled, parseSettings } from '@/utils/settings';
import { siteFromUrl, withSiteEnabled } from '../site';

describe('siteFromUrl', () => {
  it('finds the hostname of web pages', () => {
    expect(siteFromUrl('https://Docs.Example.com/a?b#c')).toEqual({
      kind: 'web',
      hostname: 'docs.example.com',
    });
    expect(siteFromUrl('http://localhost:3000/')).toEqual({ kind: 'web', hostname: 'localhost' });
  });

  it('refuses pages Redline cannot run on', () => {
    for (const url of [
      undefined,
      '',
      'chrome://extensions/',
      'chrome-extension://abc/popup.html',
      'moz-extension://abc/popup.html',
      'about:blank',
      'file:///home/me/a.html',
      'https://chromewebstore.google.com/detail/x',
      'https://chrome.google.com/webstore/detail/x',
      'not a url',
    ]) {
      expect(siteFromUrl(url)).toEqual({ kind: 'unsupported' });
    }
  });
});

describe('withSiteEnabled', () => {
  it('adds a hostname once when switching off', () => {
    expect(withSiteEnabled([], 'Example.com', false)).toEqual(['example.com']);
    expect(withSiteEnabled(['example.com'], 'example.com', false)).toEqual(['example.com']);
    expect(withSiteEnabled(['example.com'], 'docs.example.com', false)).toEqual(['example.com']);
  });

  it('removes every entry that covers the hostname when switching on, so the switch sticks', () => {
    const disabled = ['example.com', 'docs.example.com', 'other.org'];
    const next = withSiteEnabled(disabled, 'docs.example.com', true);
    expect(next).toEqual(['other.org']);
    expect(isSiteEnabled(parseSettings({ disabledSites: next }), 'docs.example.com')).toBe(true);
  });
});
