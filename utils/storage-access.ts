import browser from 'webextension-polyfill';

/**
 * Content scripts run inside other people's pages. Chrome lets us shut them out of storage.local
 * (where the API key lives) so they see neither its values nor its change events; Firefox has no
 * such switch, and there Redline's content scripts simply never read storage.
 */
export async function restrictStorageToExtensionPages(): Promise<void> {
  const local = browser.storage.local as typeof browser.storage.local & {
    setAccessLevel?: (options: { accessLevel: 'TRUSTED_CONTEXTS' }) => Promise<void>;
  };
  try {
    await local.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' });
  } catch {
    // Not supported here (Firefox, test doubles): content scripts just never read storage.
  }
}
