import { sendMessage } from '@/utils/messaging/send';
import { getSettings, updateSettings, usageItem, watchSettings } from '@/utils/settings';
import { requestHostAccess } from './host-access';
import type { OptionsDeps } from '@/components/options/store';

/** The options store's dependencies in the real extension. */
export const browserDeps: OptionsDeps = {
  getSettings,
  updateSettings,
  watchSettings,
  send: sendMessage,
  requestHostAccess: (origin) => requestHostAccess(origin),
  loadUsage: () => usageItem.getValue(),
  watchUsage: (callback) => usageItem.watch((usage) => callback(usage ?? {})),
};
