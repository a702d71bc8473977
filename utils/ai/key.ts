/** The API key: read only here, in the background. Pages see a masked hint at most. */
import { apiKeyLocal, apiKeySession } from '../settings';
import { restrictStorageToExtensionPages } from '../storage-access';
import type { KeyStatus } from '../messaging';

export async function readApiKey(): Promise<{ key: string; remembered: boolean }> {
  const session = await apiKeySession.getValue();
  if (session) return { key: session, remembered: false };
  return { key: await apiKeyLocal.getValue(), remembered: true };
}

/** Stores the key in exactly one area: `local` when remembered, `session` otherwise. Empty forgets it. */
export async function writeApiKey(key: string, remember: boolean): Promise<void> {
  const trimmed = key.trim();
  // The restriction is per browser session; make sure it holds before the key lands in storage.
  await restrictStorageToExtensionPages();
  if (remember) {
    await apiKeySession.removeValue();
    if (trimmed) await apiKeyLocal.setValue(trimmed);
    else await apiKeyLocal.removeValue();
  } else {
    await apiKeyLocal.removeValue();
    if (trimmed) await apiKeySession.setValue(trimmed);
    else await apiKeySession.removeValue();
  }
}

/** Moves a stored key between areas when the "Don't remember my key" choice changes. */
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
