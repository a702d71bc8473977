import browser from 'webextension-polyfill';
import type { Runtime } from 'webextension-polyfill';
import { SlidingBudget } from './budget/sliding-budget';
import type { TabMessage } from './messaging/protocol';
import type { Handlers } from './messaging/router';
import {
  apiKeyLocal,
  apiKeyStamp,
  apiKeySession,
  getSettings,
  isSiteEnabled,
  MAX_DICTIONARY_WORDS,
  MAX_IGNORED_RULES,
  pinnedLanguage,
  updateSettings,
  watchSettings,
} from './settings';

function senderHostname(sender: Runtime.MessageSender): string {
  const url = sender.tab?.url ?? sender.url ?? '';
  return URL.canParse(url) ? new URL(url).hostname.toLowerCase() : '';
}

/** The site of the frame that asked (the checks of that frame are filtered by it), not the tab's. */
function frameSite(sender: Runtime.MessageSender): string {
  const url = sender.url ?? sender.tab?.url ?? '';
  return URL.canParse(url) ? new URL(url).hostname.toLowerCase() : '';
}

/**
 * Changes a content script may make to the settings (a word, an ignored rule, its own site off), per
 * tab and minute: a person clicks a card's button a few times a minute; a page that got hold of the
 * buttons (it should not: they need trusted clicks) still cannot flood the settings.
 */
const SETTINGS_CHANGES = { requestsPerMinute: 20, charsPerMinute: 4_000 };
const changes = new SlidingBudget();

function allowChange(sender: Runtime.MessageSender, chars: number): void {
  if (!sender.tab) return; // Redline's own pages
  const verdict = changes.take(
    [{ key: `tab:${sender.tab.id ?? -1}`, caps: SETTINGS_CHANGES }],
    chars,
    Date.now(),
  );
  if (!verdict.ok) throw new Error('Too many changes from this page at once. Try again in a minute.');
}

/**
 * What content scripts may ask of settings: whether their own site is on, to switch their own site
 * off, and the card's "Ignore rule" / "Add to dictionary". Nothing else of the settings reaches them.
 */
export const siteHandlers: Pick<
  Handlers,
  | 'site.status'
  | 'site.disable'
  | 'site.language'
  | 'settings.ignoreRule'
  | 'settings.addWord'
  | 'settings.open'
> = {
  'site.status': async (_data, sender) => {
    const hostname = senderHostname(sender);
    const settings = await getSettings();
    return {
      enabled: hostname ? isSiteEnabled(settings, hostname) : false,
      hostname,
      pinned: pinnedLanguage(settings, frameSite(sender)),
    };
  },
  'site.language': async ({ language }, sender) => {
    const site = frameSite(sender);
    if (!site) throw new Error('This page has no site to set the language of.');
    allowChange(sender, site.length);
    const { siteLanguages, languages, languagesDeclined } = await getSettings();
    const others = siteLanguages.filter((entry) => entry.site !== site);
    await updateSettings({
      siteLanguages: language ? [...others, { site, language }] : others,
      // Pinning a language turns it on.
      ...(language && !languages.includes(language)
        ? {
            languages: [...languages, language],
            languagesDeclined: languagesDeclined.filter((c) => c !== language),
          }
        : {}),
    });
    return { ok: true };
  },
  'site.disable': async (_data, sender) => {
    const hostname = senderHostname(sender);
    if (!hostname) throw new Error('This page has no site to turn off.');
    allowChange(sender, hostname.length);
    const { disabledSites } = await getSettings();
    if (!disabledSites.includes(hostname))
      await updateSettings({ disabledSites: [...disabledSites, hostname] });
    return { enabled: false, hostname };
  },
  'settings.ignoreRule': async ({ rule, thisSiteOnly }, sender) => {
    allowChange(sender, rule.length);
    const { ignoredRules, siteIgnoredRules } = await getSettings();
    const full = () =>
      new Error(`You have ignored ${MAX_IGNORED_RULES} rules already. Remove some in Redline’s settings.`);
    if (thisSiteOnly) {
      const site = frameSite(sender);
      if (!site) throw new Error('This page has no site to ignore the rule on.');
      if (ignoredRules.includes(rule) || siteIgnoredRules.some((e) => e.site === site && e.rule === rule))
        return { ok: true };
      if (siteIgnoredRules.length >= MAX_IGNORED_RULES) throw full();
      await updateSettings({ siteIgnoredRules: [...siteIgnoredRules, { site, rule }] });
      return { ok: true };
    }
    if (ignoredRules.includes(rule)) return { ok: true };
    if (ignoredRules.length >= MAX_IGNORED_RULES) throw full();
    // Ignored everywhere now: its per-site entries say nothing more.
    await updateSettings({
      ignoredRules: [...ignoredRules, rule],
      siteIgnoredRules: siteIgnoredRules.filter((e) => e.rule !== rule),
    });
    return { ok: true };
  },
  'settings.addWord': async ({ word }, sender) => {
    allowChange(sender, word.length);
    const { dictionary } = await getSettings();
    if (dictionary.includes(word)) return { ok: true };
    // Never by dropping one of the person's words: at the cap, the new one is refused, and said so.
    if (dictionary.length >= MAX_DICTIONARY_WORDS) {
      throw new Error(
        `Your dictionary is full (${MAX_DICTIONARY_WORDS.toLocaleString('en')} words). Remove some in Redline’s settings.`,
      );
    }
    await updateSettings({ dictionary: [...dictionary, word] });
    return { ok: true };
  },
  'settings.open': async () => {
    await browser.runtime.openOptionsPage();
    return { ok: true };
  },
};

/** Sends a typed message to a tab (or one frame of it); tabs without Redline's content script are skipped. */
export async function sendToTab(tabId: number, message: TabMessage, frameId?: number): Promise<boolean> {
  try {
    await browser.tabs.sendMessage(tabId, message, frameId === undefined ? undefined : { frameId });
    return true;
  } catch {
    return false;
  }
}

/** Every tab hears `config.changed`: it asks again for what it needs, and checks again. */
export async function tellTabsConfigChanged(): Promise<void> {
  for (const tab of await browser.tabs.query({}))
    if (tab.id !== undefined) void sendToTab(tab.id, { kind: 'config.changed' });
}

/**
 * Content scripts cannot read storage (it holds the key), so they hear of settings changes from here:
 * every tab gets `config.changed` (no data) and asks again for what it needs, and checks again.
 */
export function broadcastConfigChanges(): void {
  const broadcast = () => void tellTabsConfigChanged();
  watchSettings(broadcast);
  // A key added or removed turns the model's checks on or off (the key itself is never sent).
  apiKeyLocal.watch(broadcast);
  apiKeySession.watch(broadcast);
  apiKeyStamp.watch(broadcast);
}
