import type { Runtime } from 'webextension-polyfill';
import type { CheckServerMessage } from '../messaging';
import { CheckClientMessageSchema } from '../protocol';
import { runLlmCheck, type LlmCheckDeps } from './llm-check';

/** Requests one page may have in flight at once; more are answered at once with an error. */
const MAX_IN_FLIGHT = 8;

/**
 * Serves one frame's check port: each `check` runs with its own AbortController; `cancel` or the
 * port closing aborts it, and the server sees the connection close.
 */
export function serveCheckPort(port: Runtime.Port, deps: LlmCheckDeps): void {
  const inFlight = new Map<number, AbortController>();
  let connected = true;
  const post = (message: CheckServerMessage) => {
    if (connected) port.postMessage(message);
  };

  port.onDisconnect.addListener(() => {
    connected = false;
    for (const controller of inFlight.values()) controller.abort();
    inFlight.clear();
  });

  port.onMessage.addListener((raw: unknown) => {
    const parsed = CheckClientMessageSchema.safeParse(raw);
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.type === 'cancel') {
      inFlight.get(message.id)?.abort();
      inFlight.delete(message.id);
      return;
    }
    if (inFlight.has(message.id)) return;
    if (inFlight.size >= MAX_IN_FLIGHT) {
      post({
        type: 'result',
        id: message.id,
        result: { ok: false, code: 'busy', message: 'Too many checks at once; trying again shortly.' },
      });
      return;
    }
    const controller = new AbortController();
    inFlight.set(message.id, controller);
    void runLlmCheck(message.paragraphs, controller.signal, deps)
      .catch((error: unknown) => ({
        ok: false as const,
        code: 'unknown',
        message: `Redline could not check this text: ${error instanceof Error ? error.message : String(error)}`,
      }))
      .then((result) => {
        if (inFlight.get(message.id) !== controller) return;
        inFlight.delete(message.id);
        post({ type: 'result', id: message.id, result });
      });
  });
}
