/**
 * The server half of the port helpers (see ports.ts): validates every request, bounds how many run
 * at once per connection, aborts on `cancel` and on the port closing, posts one message per chunk,
 * and keeps the service worker alive while any request runs.
 */
import browser from 'webextension-polyfill';
import type { Runtime } from 'webextension-polyfill';
import { createKeepAlive, type KeepAlive } from './keep-alive';
import type { PortChunk, PortName, PortRequest, PortResult, PortServerMessage } from './protocol';
import { recordReceived } from './router';
import { PortClientMessageSchema } from './schemas';

export interface PortCallContext<N extends PortName> {
  /** Aborted by `cancel`, by the port closing, or by the service itself. */
  signal: AbortSignal;
  /** Sends one chunk now (dropped once the port is closed). */
  emit(chunk: PortChunk<N>): void;
  sender: Runtime.MessageSender;
}

export interface PortService<N extends PortName> {
  /** Who may connect: checked once per connection, before any message is read. */
  accepts(sender: Runtime.MessageSender): boolean;
  /** The request, validated; null when malformed. */
  parse(raw: unknown): PortRequest<N> | null;
  /** The result for a request that cannot run: malformed, over the in-flight cap, or thrown. */
  refuse(reason: 'malformed' | 'busy' | 'failed', detail?: string): PortResult<N>;
  /** Requests one connection may have in flight at once. */
  maxInFlight: number;
  handle(request: PortRequest<N>, call: PortCallContext<N>): Promise<PortResult<N>>;
}

const workerKeepAlive = createKeepAlive(() => browser.runtime.getPlatformInfo());

/** Serves one connection of a port. */
export function servePort<N extends PortName>(
  port: Runtime.Port,
  service: PortService<N>,
  keepAlive: KeepAlive = workerKeepAlive,
): void {
  const sender = port.sender ?? {};
  const inFlight = new Map<number, AbortController>();
  let connected = true;
  const post = (message: PortServerMessage<N>) => {
    if (!connected) return;
    try {
      port.postMessage(message);
    } catch {
      connected = false;
    }
  };

  port.onDisconnect.addListener(() => {
    connected = false;
    for (const controller of inFlight.values()) controller.abort();
    inFlight.clear();
  });

  port.onMessage.addListener((raw: unknown) => {
    const envelope = PortClientMessageSchema.safeParse(raw);
    if (!envelope.success) return;
    const message = envelope.data;
    // e2e builds keep what arrived, as the router does, so tests can assert what a page sent.
    if (import.meta.env.MODE === 'e2e')
      recordReceived({ port: port.name, message, url: sender.url, tab: Boolean(sender.tab) });
    if (message.type === 'cancel') {
      inFlight.get(message.id)?.abort();
      return;
    }
    const { id } = message;
    if (inFlight.has(id)) return;
    const end = (result: PortResult<N>) => post({ type: 'end', id, result });
    const request = service.parse(message.request);
    if (request === null) return end(service.refuse('malformed'));
    if (inFlight.size >= service.maxInFlight) return end(service.refuse('busy'));
    const controller = new AbortController();
    inFlight.set(id, controller);
    const release = keepAlive.hold();
    const emit = (chunk: PortChunk<N>) => {
      if (inFlight.get(id) === controller) post({ type: 'chunk', id, chunk });
    };
    void service
      .handle(request, { signal: controller.signal, emit, sender })
      .catch((error: unknown) =>
        service.refuse('failed', error instanceof Error ? error.message : String(error)),
      )
      .then((result) => {
        release();
        if (inFlight.get(id) !== controller) return;
        inFlight.delete(id);
        end(result);
      });
  });
}

/** Serves every connection to the port `name` that `service.accepts`; others are closed at once. */
export function registerPort<N extends PortName>(name: N, service: PortService<N>): void {
  browser.runtime.onConnect.addListener((port: Runtime.Port) => {
    if (port.name !== name) return;
    if (!port.sender || port.sender.id !== browser.runtime.id || !service.accepts(port.sender)) {
      port.disconnect();
      return;
    }
    servePort(port, service);
  });
}
