/**
 * e2e builds only (`import.meta.env.MODE === 'e2e'`): records everything the content script can
 * receive from the extension, so tests can assert what reaches a page's context — e.g. that the API
 * key never does. The record lives on a DOM attribute the test reads.
 *
 * It patches the raw `chrome.runtime` of this isolated world, which the always-injected script and
 * the page runtime (a separate bundle, with its own copy of webextension-polyfill) both end up in.
 */
import { ContentScriptContext } from 'wxt/utils/content-script-context';

type Listener = (message: unknown) => void;
interface RawPort {
  name: string;
  onMessage: { addListener(listener: Listener): void };
}
interface RawRuntime {
  sendMessage(...args: unknown[]): unknown;
  connect(...args: unknown[]): RawPort;
  onMessage: { addListener(listener: Listener): void };
}
interface RawChrome {
  runtime: RawRuntime;
  storage: {
    local: { get(keys: null): Promise<unknown> };
    onChanged: { addListener(listener: (changes: unknown, area: string) => void): void };
  };
}

export function installContentProbe(): void {
  const raw = (globalThis as unknown as { chrome: RawChrome }).chrome;
  const received: unknown[] = [];
  const flush = () => document.documentElement.setAttribute('data-redline-probe', JSON.stringify(received));
  const record = (channel: string, payload: unknown) => {
    received.push({ channel, payload });
    flush();
  };
  raw.runtime.onMessage.addListener((message) => record('runtime.onMessage', message));
  try {
    raw.storage.onChanged.addListener((changes, area) => record(`storage.onChanged:${area}`, changes));
  } catch (error) {
    record('storage.onChanged:refused', String(error));
  }
  // What a content script could read from storage on its own, tried on every focus.
  const tryReadStorage = () =>
    void (async () => raw.storage.local.get(null))().then(
      (all) => record('storage.local.get', all),
      (error: unknown) => record('storage.local.get:refused', String(error)),
    );
  tryReadStorage();
  document.addEventListener('focusin', tryReadStorage, { capture: true });

  const sendMessage = raw.runtime.sendMessage.bind(raw.runtime);
  // Callback style (webextension-polyfill) and promise style (MV3 `chrome`) both pass through here.
  raw.runtime.sendMessage = (...args: unknown[]) => {
    const last = args.at(-1);
    if (typeof last === 'function') {
      return sendMessage(...args.slice(0, -1), (reply: unknown) => {
        record('sendMessage.reply', reply);
        (last as (reply: unknown) => void)(reply);
      });
    }
    const result = sendMessage(...args);
    void Promise.resolve(result).then(
      (reply: unknown) => record('sendMessage.reply', reply),
      () => undefined,
    );
    return result;
  };
  const connect = raw.runtime.connect.bind(raw.runtime);
  raw.runtime.connect = (...args: unknown[]) => {
    const port = connect(...args);
    port.onMessage.addListener((message) => record(`port.onMessage:${port.name}`, message));
    return port;
  };

  // Lets a test send any message from this content script, as a hostile page could make it do.
  document.addEventListener('redline-probe:send', (event) => {
    const message: unknown = JSON.parse(String((event as CustomEvent).detail));
    void Promise.resolve(sendMessage(message)).then((reply: unknown) => record('probe.reply', reply));
  });
  // Lets a test start a newer context of this content script, as an extension update does: WXT
  // tells the older copy to stop (its `ctx.signal` aborts).
  document.addEventListener('redline-probe:supersede', () => {
    new ContentScriptContext('content');
  });
  flush();
}
