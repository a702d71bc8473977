import browser from 'webextension-polyfill';
import type { Runtime } from 'webextension-polyfill';
import type { Handlers } from './protocol';
import {
  apiKeyLocal,
  apiKeySession,
  getSettings,
  isSiteEnabled,
  updateSettings,
  watchSettings,
} from './settings';

function senderHostname(sender: Runtime.MessageSender): string {
  const url = sender.tab?.url ?? sender.url ?? '';
  return URL.canParse(url) ? new URL(url).hostname.toLowerCase() : '';
}

/**
 * What content scripts may ask of settings: whether their own site is on, to switch their own site
 * off, and the card's "Ignore rule" / "Add to dictionary". Nothing else of the settings reaches them.
 */
export const siteHandlers: Pick<
  Handlers,
  'site.status' | 'site.disable' | 'settings.ignoreRule' | 'settings.addWord' | 'settings.open'
> = {
  'site.status': async (_data, sender) => {
    const hostname = senderHostname(sender);
    return { enabled: hostname ? isSiteEnabled(await getSettings(), hostname) : false, hostname };
  },
  'site.disable': async (_data, sender) => {
    const hostname = senderHostname(sender);
    if (!hostname) throw new Error('This page has no site to turn off.');
    const { disabledSites } = await getSettings();
    if (!disabledSites.includes(hostname))
      await updateSettings({ disabledSites: [...disabledSites, hostname] });
    return { enabled: false, hostname };
  },
  'settings.ignoreRule': async ({ rule }) => {
    const { ignoredRules } = await getSettings();
    if (!ignoredRules.includes(rule)) await updateSettings({ ignoredRules: [...ignoredRules, rule] });
    return { ok: true };
  },
  'settings.addWord': async ({ word }) => {
    const { dictionary } = await getSettings();
    if (!dictionary.includes(word)) await updateSettings({ dictionary: [...dictionary, word] });
    return { ok: true };
  },
  'settings.open': async () => {
    await browser.runtime.openOptionsPage();
    return { ok: true };
  },
};

/**
 * Content scripts cannot read storage (it holds the key), so they hear of settings changes from here:
 * every tab gets `config.changed` (no data) and asks again for what it needs, and checks again.
 */
export function broadcastConfigChanges(): void {
  const broadcast = () => {
    void browser.tabs.query({}).then((tabs) => {
      for (const tab of tabs) {
        if (tab.id !== undefined)
          void browser.tabs.sendMessage(tab.id, { kind: 'config.changed' }).catch(() => undefined);
      }
    });
  };
  watchSettings(broadcast);
  // A key added or removed turns the model's checks on or off (the key itself is never sent).
  apiKeyLocal.watch(broadcast);
  apiKeySession.watch(broadcast);
}
