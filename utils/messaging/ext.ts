/**
 * The few extension APIs the always-injected content script needs, without webextension-polyfill
 * (about half the script's size and most of its start-up cost on every page): MV3 Chromium's `chrome`
 * returns promises, and Firefox's `browser` always did. Everything else loads with the page runtime.
 */
import type { Kind, Reply, RequestOf, ResponseMap } from './protocol';

interface ExtEvent<F> {
  addListener(listener: F): void;
  removeListener(listener: F): void;
}

export interface MinimalExtension {
  runtime: {
    /** Undefined once the extension was reloaded or updated under this page. */
    id?: string;
    getURL(path: string): string;
    sendMessage(message: unknown): Promise<unknown>;
    onMessage: ExtEvent<(message: unknown) => void>;
  };
}

export function extension(): MinimalExtension {
  const scope = globalThis as { browser?: MinimalExtension; chrome?: MinimalExtension };
  // Firefox has both; Chromium only `chrome`.
  return (scope.browser?.runtime ? scope.browser : scope.chrome) as MinimalExtension;
}

/** Whether this content script still belongs to a live extension. */
export function extensionAlive(): boolean {
  try {
    return Boolean(extension()?.runtime?.id);
  } catch {
    return false;
  }
}

/** `sendMessage` for the content script (same contract as `send.ts`). */
export async function sendFromContent<K extends Kind>(kind: K, data: RequestOf<K>): Promise<ResponseMap[K]> {
  const reply = (await extension().runtime.sendMessage({ kind, data })) as Reply<ResponseMap[K]> | undefined;
  if (!reply) throw new Error('Redline’s background did not answer.');
  if (!reply.ok) throw new Error(reply.error);
  return reply.value;
}
