import type { Handlers } from './protocol';
import { getSettings, isSiteEnabled } from './settings';

/** Content scripts ask whether Redline runs on their tab's site. */
export const siteHandlers: Pick<Handlers, 'site.status'> = {
  'site.status': async (_data, sender) => {
    const url = sender.tab?.url ?? sender.url ?? '';
    const hostname = URL.canParse(url) ? new URL(url).hostname : '';
    return { enabled: hostname ? isSiteEnabled(await getSettings(), hostname) : false, hostname };
  },
};
