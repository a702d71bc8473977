/**
 * The client half of the one port helper pair that the check, rewrite and chat ports all use (the
 * server half is serve-port.ts, kept apart so pages carry no schema library). A port carries
 * requests with ids: the client posts `start`, the server answers with one `chunk` message per
 * streamed piece and exactly one `end`; `cancel` aborts one request, closing the port aborts them
 * all (the server sees the HTTP request close).
 */
import browser from 'webextension-polyfill';
import type { Runtime } from 'webextension-polyfill';
import type {
  PortChunk,
  PortClientMessage,
  PortName,
  PortRequest,
  PortResult,
  PortServerMessage,
} from './protocol';

// ---------------------------------------------------------------------------------------------
// Client (pages and content scripts)
// ---------------------------------------------------------------------------------------------

/** The background's result, or `lost` when the port closed first (worker restart, extension reloaded). */
export type PortOutcome<R> = { ok: true; result: R } | { ok: false; lost: true };

export interface PortCall<R> {
  result: Promise<PortOutcome<R>>;
  /** Asks the background to stop; its `end` (a rewrite's partial text, say) still arrives. */
  cancel(): void;
}

export interface PortClient<N extends PortName> {
  request(request: PortRequest<N>, onChunk?: (chunk: PortChunk<N>) => void): PortCall<PortResult<N>>;
  /** Called when the port closes under the client (not on `close()`). */
  onLost(listener: () => void): () => void;
  /** Closes the port; requests in flight end as `lost`. */
  close(): void;
}

interface Pending<N extends PortName> {
  onChunk?: (chunk: PortChunk<N>) => void;
  settle(outcome: PortOutcome<PortResult<N>>): void;
}

/** A client over ports made by `connect` (one at a time, opened on first use and after a loss). */
export function createPortClient<N extends PortName>(
  name: N,
  connect: (name: N) => Runtime.Port,
): PortClient<N> {
  let port: Runtime.Port | null = null;
  let nextId = 1;
  const pending = new Map<number, Pending<N>>();
  const lostListeners = new Set<() => void>();

  const loseAll = () => {
    const waiting = [...pending.values()];
    pending.clear();
    for (const call of waiting) call.settle({ ok: false, lost: true });
  };

  const open = (): Runtime.Port => {
    if (port) return port;
    const opened = connect(name);
    opened.onMessage.addListener((raw: unknown) => {
      const message = raw as PortServerMessage<N>;
      const call = pending.get(message?.id);
      if (!call) return;
      if (message.type === 'chunk') call.onChunk?.(message.chunk);
      else if (message.type === 'end') {
        pending.delete(message.id);
        call.settle({ ok: true, result: message.result });
      }
    });
    opened.onDisconnect.addListener(() => {
      if (port !== opened) return;
      port = null;
      loseAll();
      for (const listener of [...lostListeners]) listener();
    });
    port = opened;
    return opened;
  };

  const post = (message: PortClientMessage<N>): boolean => {
    try {
      open().postMessage(message);
      return true;
    } catch {
      // The extension was reloaded or updated: this page's end is orphaned.
      port = null;
      for (const listener of [...lostListeners]) listener();
      return false;
    }
  };

  return {
    request(request, onChunk) {
      const id = nextId++;
      let settle!: (outcome: PortOutcome<PortResult<N>>) => void;
      const result = new Promise<PortOutcome<PortResult<N>>>((resolve) => (settle = resolve));
      pending.set(id, { onChunk, settle });
      if (!post({ type: 'start', id, request })) {
        pending.delete(id);
        settle({ ok: false, lost: true });
      }
      return {
        result,
        cancel: () => {
          if (pending.has(id)) post({ type: 'cancel', id });
        },
      };
    },
    onLost(listener) {
      lostListeners.add(listener);
      return () => lostListeners.delete(listener);
    },
    close() {
      const closing = port;
      port = null;
      closing?.disconnect();
      loseAll();
    },
  };
}

/** A client over `runtime.connect`. */
export function connectPort<N extends PortName>(name: N): PortClient<N> {
  return createPortClient(name, (portName) => browser.runtime.connect({ name: portName }));
}
