import type { Runtime } from 'webextension-polyfill';
import type { PortChunk, PortName, PortResult, PortServerMessage } from '../../utils/messaging/protocol';

/**
 * A page's end of a `runtime.connect` port, in memory, for unit tests of the background's port
 * services: the page starts and cancels requests over the real wire format, reads what the
 * background posted, or hangs up.
 */
export function createFakePort<N extends PortName>(name: N, sender: Runtime.MessageSender = {}) {
  type Listener<A extends unknown[]> = (...args: A) => void;
  type Message = PortServerMessage<N>;
  const messageListeners = new Set<Listener<[unknown, Runtime.Port]>>();
  const disconnectListeners = new Set<Listener<[Runtime.Port]>>();
  const received: Message[] = [];
  const waiters: (() => void)[] = [];
  let connected = true;
  let postedAfterDisconnect = 0;
  let nextId = 1;

  const event = <A extends unknown[]>(listeners: Set<Listener<A>>) => ({
    addListener: (listener: Listener<A>) => void listeners.add(listener),
    removeListener: (listener: Listener<A>) => void listeners.delete(listener),
    hasListener: (listener: Listener<A>) => listeners.has(listener),
  });

  const port: Runtime.Port = {
    name,
    sender,
    postMessage(message) {
      if (!connected) {
        postedAfterDisconnect++;
        return;
      }
      received.push(message as Message);
      waiters.splice(0).forEach((wake) => wake());
    },
    disconnect() {
      connected = false;
    },
    onMessage: event(messageListeners),
    onDisconnect: event(disconnectListeners),
  };

  const waitFor = <T>(find: () => T | undefined, what: string, timeoutMs = 5000) =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no ${what}; got ${JSON.stringify(received)}`)),
        timeoutMs,
      );
      const check = () => {
        const hit = find();
        if (hit === undefined) return void waiters.push(check);
        clearTimeout(timer);
        resolve(hit);
      };
      check();
    });

  const chunksOf = (id: number): PortChunk<N>[] =>
    received.flatMap((m) => (m.type === 'chunk' && m.id === id ? [m.chunk] : []));

  return {
    port,
    received,
    /** Messages the background posted after the page hung up (it should post none). */
    get postedAfterDisconnect() {
      return postedAfterDisconnect;
    },
    /** The page sends any message at all (a hostile or broken one). */
    sendRaw(message: unknown) {
      messageListeners.forEach((listener) => listener(message, port));
    },
    /** The page starts a request; returns its id. */
    start(request: unknown): number {
      const id = nextId++;
      this.sendRaw({ type: 'start', id, request });
      return id;
    },
    /** The page cancels a request (Stop). */
    cancel(id: number) {
      this.sendRaw({ type: 'cancel', id });
    },
    /** The page goes away. */
    close() {
      connected = false;
      disconnectListeners.forEach((listener) => listener(port));
    },
    /** Resolves with the request's result (already received or future). */
    end(id: number, timeoutMs?: number): Promise<PortResult<N>> {
      return waitFor(
        () => {
          const hit = received.find((m) => m.type === 'end' && m.id === id);
          return hit?.type === 'end' ? hit.result : undefined;
        },
        `end of request ${id}`,
        timeoutMs,
      );
    },
    /** Resolves once a chunk of this type arrived for the request. */
    chunk(id: number, type: string, timeoutMs?: number): Promise<PortChunk<N>> {
      return waitFor(
        () => chunksOf(id).find((c) => (c as { type?: string }).type === type),
        `'${type}' chunk of request ${id}`,
        timeoutMs,
      );
    },
    chunks: chunksOf,
    /** The text of every `delta` chunk of the request so far. */
    deltas(id: number): string[] {
      return chunksOf(id).flatMap((c) => {
        const chunk = c as { type?: string; text?: unknown };
        return chunk.type === 'delta' ? [String(chunk.text)] : [];
      });
    },
  };
}
