import browser from 'webextension-polyfill';

/**
 * Content scripts run inside other people's pages. Chrome lets us shut them out of storage.local
 * (where a remembered API key lives) so they see neither its values nor its change events. Where
 * there is no such switch (Firefox), this says so, and the key is kept elsewhere (utils/ai/key.ts).
 * @returns whether content scripts are shut out of storage.local now.
 */
export async function restrictStorageToExtensionPages(): Promise<boolean> {
  const local = browser.storage.local as typeof browser.storage.local & {
    setAccessLevel?: (options: { accessLevel: 'TRUSTED_CONTEXTS' }) => Promise<void>;
  };
  if (typeof local.setAccessLevel !== 'function') return false;
  try {
    await local.setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' });
    return true;
  } catch {
    return false;
  }
}
