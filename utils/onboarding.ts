import browser from 'webextension-polyfill';

/** A first install opens the playground, where Redline can be tried at once with no key. */
export function registerOnboarding(): void {
  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason !== 'install' || import.meta.env.MODE === 'e2e') return;
    void browser.tabs.create({ url: browser.runtime.getURL('/playground.html') });
  });
}
