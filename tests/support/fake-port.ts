import type { Runtime } from 'webextension-polyfill';

/**
 * A page's end of a `runtime.connect` port, in memory, for unit tests of the background's port
 * servers (chat, rewrite): what the background posts, and a way to talk back or hang up.
 */
export function createFakePort<M extends { type: string }>(name: string) {
  type Listener<A extends unknown[]> = (...args: A) => void;
  const messageListeners = new Set<Listener<[unknown, Runtime.Port]>>();
  const disconnectListeners = new Set<Listener<[Runtime.Port]>>();
  const received: M[] = [];
  const waiters: (() => void)[] = [];
  let connected = true;
  let postedAfterDisconnect = 0;

  const event = <A extends unknown[]>(listeners: Set<Listener<A>>) => ({
    addListener: (listener: Listener<A>) => void listeners.add(listener),
    removeListener: (listener: Listener<A>) => void listeners.delete(listener),
    hasListener: (listener: Listener<A>) => listeners.has(listener),
  });

  const port: Runtime.Port = {
    name,
    postMessage(message) {
      if (!connected) {
        postedAfterDisconnect++;
        return;
      }
      received.push(message as M);
      waiters.splice(0).forEach((wake) => wake());
    },
    disconnect() {
      connected = false;
    },
    onMessage: event(messageListeners),
    onDisconnect: event(disconnectListeners),
  };

  return {
    port,
    received,
    /** Messages the background posted after the page hung up (it should post none). */
    get postedAfterDisconnect() {
      return postedAfterDisconnect;
    },
    /** The page posts a message. */
    send(message: unknown) {
      messageListeners.forEach((listener) => listener(message, port));
    },
    /** The page goes away. */
    close() {
      connected = false;
      disconnectListeners.forEach((listener) => listener(port));
    },
    /** Resolves with the first message of this type (already received or future), from index `from` on. */
    next<T extends M['type']>(type: T, { from = 0, timeoutMs = 5000 } = {}) {
      return new Promise<Extract<M, { type: T }>>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no '${type}' message; got ${JSON.stringify(received)}`)),
          timeoutMs,
        );
        const check = () => {
          const hit = received.slice(from).find((m) => m.type === type);
          if (!hit) return void waiters.push(check);
          clearTimeout(timer);
          resolve(hit as Extract<M, { type: T }>);
        };
        check();
      });
    },
    /** The text of every `delta` message so far. */
    deltas() {
      return received.flatMap((m) => (m.type === 'delta' && 'text' in m ? [String(m.text)] : []));
    },
  };
}
