import browser from 'webextension-polyfill';
import type { Kind, Reply, RequestOf, ResponseMap } from './protocol';

/** One typed request to the background; throws with the background's message on failure. */
export async function sendMessage<K extends Kind>(kind: K, data: RequestOf<K>): Promise<ResponseMap[K]> {
  const reply = (await browser.runtime.sendMessage({ kind, data })) as Reply<ResponseMap[K]> | undefined;
  if (!reply) throw new Error('Redline’s background did not answer. Reload the extension and try again.');
  if (!reply.ok) throw new Error(reply.error);
  return reply.value;
}
