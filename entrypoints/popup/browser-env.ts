import browser from 'webextension-polyfill';
import type { PopupEnv } from '@/components/popup/store';
import { connectPort } from '@/utils/messaging/ports';
import { CHAT_PORT } from '@/utils/messaging/protocol';
import { sendMessage } from '@/utils/messaging/send';
import {
  chatHistoryItem,
  getSettings,
  spendingStopItem,
  updateSettings,
  usageItem,
  watchSettings,
} from '@/utils/settings';

/** Storage keys (without the area prefix) that hold the API key, in `local` or `session`. */
const KEY_STORAGE_KEYS = new Set(['apiKey']);

/** The popup's view of the extension: storage items, the background, the active tab. */
export function browserPopupEnv(): PopupEnv {
  return {
    loadSettings: getSettings,
    watchSettings,
    updateSettings,
    loadHistory: () => chatHistoryItem.getValue(),
    watchHistory: (callback) => chatHistoryItem.watch((history) => callback(history)),
    // Extension pages may clear the history; only the background adds to it.
    clearHistory: () => chatHistoryItem.setValue([]),
    loadUsage: () => usageItem.getValue(),
    watchUsage: (callback) => usageItem.watch((usage) => callback(usage ?? {})),
    loadSpendingStop: () => spendingStopItem.getValue(),
    watchSpendingStop: (callback) => spendingStopItem.watch((stop) => callback(stop ?? null)),
    keyStatus: () => sendMessage('key.status', {}),
    watchKeyChanges(callback) {
      // Only the names of the changed keys are looked at: the key itself stays the background's.
      const listener = (changes: Record<string, unknown>, area: string) => {
        if (
          (area === 'local' || area === 'session') &&
          Object.keys(changes).some((k) => KEY_STORAGE_KEYS.has(k))
        ) {
          callback();
        }
      };
      browser.storage.onChanged.addListener(listener);
      return () => browser.storage.onChanged.removeListener(listener);
    },
    async activeTabUrl() {
      const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
      return tab?.url;
    },
    openChat: () => connectPort(CHAT_PORT),
    openOptions: () => browser.runtime.openOptionsPage(),
    // The toolbar popup closes by itself once the new tab takes focus.
    openUsage: async () => {
      await browser.tabs.create({ url: browser.runtime.getURL('/options.html#usage') });
    },
  };
}
