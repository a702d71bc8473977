import browser from 'webextension-polyfill';

/** How long to wait for the user to answer the permission prompt before carrying on without it. */
export const HOST_ACCESS_TIMEOUT_MS = 10_000;

/**
 * Asks for access to a model server's origin (an `optional_host_permissions` entry), so requests
 * to it are not subject to CORS. Resolves true when granted (at once when it already was).
 *
 * Call it synchronously from the click or submit handler, before any `await`: Firefox (and Chrome
 * once activation expires) refuses a permission request that is not part of a user gesture. The
 * prompt may never be answered (a headless browser, a user who walks away), hence the timeout.
 */
export function requestHostAccess(origin: string, timeoutMs = HOST_ACCESS_TIMEOUT_MS): Promise<boolean> {
  let request: Promise<boolean>;
  try {
    request = browser.permissions.request({ origins: [origin] });
  } catch {
    return Promise.resolve(false);
  }
  return new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    request.then(
      (granted) => {
        clearTimeout(timer);
        resolve(granted);
      },
      () => {
        clearTimeout(timer);
        resolve(false);
      },
    );
  });
}
