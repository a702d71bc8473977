/**
 * The API key: read only here, in the background. Pages see a masked hint at most.
 *
 * A remembered key goes to storage.local once content scripts are shut out of it (Chrome's
 * `setAccessLevel`); where they cannot be (Firefox), to the extension's IndexedDB (key-vault.ts),
 * which no content script reaches. A key for this session only goes to storage.session, which
 * content scripts cannot read in either browser.
 */
import { apiKeyLocal, apiKeySession, apiKeyStamp } from '../settings';
import { restrictStorageToExtensionPages } from '../storage-access';
import type { KeyStatus } from '../messaging/protocol';
import { indexedDbVault, type SecretVault } from './key-vault';

const VAULT_NAME = 'apiKey';
let vault: SecretVault = indexedDbVault();

/** Tests: another vault (the default is the extension's IndexedDB). */
export function useKeyVault(next: SecretVault): void {
  vault = next;
}

export async function readApiKey(): Promise<{ key: string; remembered: boolean }> {
  const session = await apiKeySession.getValue();
  if (session) return { key: session, remembered: false };
  const local = await apiKeyLocal.getValue();
  if (local) return { key: local, remembered: true };
  return { key: (await vault.get(VAULT_NAME).catch(() => undefined)) ?? '', remembered: true };
}

/** Stores the key in exactly one place: see above. Empty forgets it everywhere. */
export async function writeApiKey(key: string, remember: boolean): Promise<void> {
  const trimmed = key.trim();
  // The restriction is per browser session; make sure it holds before the key lands in storage.
  const localIsPrivate = await restrictStorageToExtensionPages();
  const target = !trimmed ? 'none' : !remember ? 'session' : localIsPrivate ? 'local' : 'vault';
  if (target === 'vault') await vault.set(VAULT_NAME, trimmed);
  else await vault.delete(VAULT_NAME).catch(() => undefined);
  if (target === 'local') await apiKeyLocal.setValue(trimmed);
  else await apiKeyLocal.removeValue();
  if (target === 'session') await apiKeySession.setValue(trimmed);
  else await apiKeySession.removeValue();
  await apiKeyStamp.setValue(Date.now());
}

/**
 * At start-up: shuts content scripts out of storage.local where the browser can; where it cannot,
 * moves a key an earlier version left there into the vault.
 */
export async function secureStoredKey(): Promise<void> {
  if (await restrictStorageToExtensionPages()) return;
  const legacy = await apiKeyLocal.getValue();
  if (legacy) await writeApiKey(legacy, true);
}

/** Moves a stored key between places when the "Don't remember my key" choice changes. */
export async function setKeyRemembered(remember: boolean): Promise<void> {
  const { key } = await readApiKey();
  if (key) await writeApiKey(key, remember);
}

/** `sk-…wxyz`: recognisable to its owner, useless to anyone else. */
export function keyHint(key: string): string {
  if (!key) return '';
  const prefix = key.match(/^[a-z]{2,4}-/i)?.[0] ?? '';
  return key.length <= 8 ? '…' : `${prefix}…${key.slice(-4)}`;
}

export async function keyStatus(): Promise<KeyStatus> {
  const { key, remembered } = await readApiKey();
  return { hasKey: Boolean(key), remembered, hint: keyHint(key) };
}
