/** What the popup knows about the active tab's site. */
export type SiteInfo = { kind: 'web'; hostname: string } | { kind: 'unsupported' };

/*
 * Browsers keep extensions off their own stores, so Redline's content script never runs there even
 * though the pages are plain https.
 */
const EXTENSION_FREE_HOSTS = new Set(['chromewebstore.google.com', 'addons.mozilla.org']);

/**
 * The site of a tab URL, or `unsupported` for pages Redline cannot run on (browser pages, the
 * extension's own pages, files, web stores) and for tabs whose URL the popup may not read.
 */
export function siteFromUrl(url: string | undefined): SiteInfo {
  if (!url) return { kind: 'unsupported' };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { kind: 'unsupported' };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return { kind: 'unsupported' };
  const hostname = parsed.hostname.toLowerCase();
  if (!hostname || EXTENSION_FREE_HOSTS.has(hostname)) return { kind: 'unsupported' };
  if (hostname === 'chrome.google.com' && parsed.pathname.startsWith('/webstore')) {
    return { kind: 'unsupported' };
  }
  return { kind: 'web', hostname };
}

/** Whether an entry of `disabledSites` covers a hostname (subdomains included, as `isSiteEnabled`). */
function covers(site: string, hostname: string): boolean {
  return hostname === site || hostname.endsWith(`.${site}`);
}

/**
 * The disabled-site list after switching Redline on or off for one hostname. Switching on removes
 * every entry that covers the hostname (a parent domain included), or the switch would not stick.
 */
export function withSiteEnabled(
  disabledSites: readonly string[],
  hostname: string,
  enabled: boolean,
): string[] {
  const host = hostname.toLowerCase();
  if (enabled) return disabledSites.filter((site) => !covers(site, host));
  return disabledSites.some((site) => covers(site, host)) ? [...disabledSites] : [...disabledSites, host];
}
