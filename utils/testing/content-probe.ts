import browser from 'webextension-polyfill';

/**
 * e2e builds only (`import.meta.env.MODE === 'e2e'`): records everything the content script can
 * receive from the extension, so tests can assert what reaches a page's context — e.g. that the API
 * key never does. The record lives on a DOM attribute the test reads.
 */
export function installContentProbe(): void {
  const received: unknown[] = [];
  const flush = () => document.documentElement.setAttribute('data-redline-probe', JSON.stringify(received));
  const record = (channel: string, payload: unknown) => {
    received.push({ channel, payload });
    flush();
  };
  browser.runtime.onMessage.addListener((message: unknown) => {
    record('runtime.onMessage', message);
  });
  browser.storage.onChanged.addListener((changes, area) => record(`storage.onChanged:${area}`, changes));
  // What a content script could read from storage on its own, tried on every focus.
  const tryReadStorage = () =>
    void browser.storage.local.get(null).then(
      (all) => record('storage.local.get', all),
      (error: unknown) => record('storage.local.get:refused', String(error)),
    );
  tryReadStorage();
  document.addEventListener('focusin', tryReadStorage, { capture: true });
  const original = browser.runtime.sendMessage.bind(browser.runtime);
  browser.runtime.sendMessage = (async (message: unknown) => {
    const reply: unknown = await original(message);
    record('sendMessage.reply', reply);
    return reply;
  }) as typeof browser.runtime.sendMessage;
  // Lets a test send any message from this content script, as a hostile page could make it do.
  document.addEventListener('redline-probe:send', (event) => {
    const message: unknown = JSON.parse(String((event as CustomEvent).detail));
    void original(message).then((reply: unknown) => record('probe.reply', reply));
  });
  flush();
}
