import browser from 'webextension-polyfill';

/** A first install opens the playground, where Redline can be tried at once with no key. */
export function registerOnboarding(): void {
  browser.runtime.onInstalled.addListener(({ reason }) => {
    // Chromium's e2e specs open the pages they need; the Firefox lane starts from this tab, because
    // WebDriver BiDi may not navigate a tab to a moz-extension: address.
    if (reason !== 'install' || (import.meta.env.MODE === 'e2e' && !import.meta.env.FIREFOX)) return;
    void browser.tabs.create({ url: browser.runtime.getURL('/playground.html') });
  });
}
