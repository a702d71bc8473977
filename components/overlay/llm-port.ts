import browser from 'webextension-polyfill';
import type { Runtime } from 'webextension-polyfill';
import type { LlmRequest } from '@/utils/check/field-checker';
import type { ParagraphRequest } from '@/utils/text/types';
import {
  CHECK_PORT,
  type CheckClientMessage,
  type CheckServerMessage,
  type LlmCheckResult,
} from '@/utils/messaging';

/**
 * This frame's end of the LLM check port, shared by its fields. Connected on first use and again
 * after the background restarts (its port closes then: requests in flight answer "aborted" and the
 * field's check loop sends their paragraphs again).
 */
export class LlmPort {
  private port: Runtime.Port | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, (result: LlmCheckResult) => void>();

  check(paragraphs: ParagraphRequest[]): LlmRequest {
    const id = this.nextId++;
    let settle: (result: LlmCheckResult) => void = () => {};
    const result = new Promise<LlmCheckResult>((resolve) => (settle = resolve));
    this.pending.set(id, settle);
    if (!this.post({ type: 'check', id, paragraphs })) {
      this.pending.delete(id);
      settle({ ok: false, code: 'unreachable', message: 'Redline’s background is not answering.' });
    }
    return {
      result,
      cancel: () => {
        if (!this.pending.delete(id)) return;
        this.post({ type: 'cancel', id });
        settle({ ok: false, code: 'aborted', message: 'Stopped.' });
      },
    };
  }

  dispose(): void {
    this.port?.disconnect();
    this.port = null;
    this.failPending();
  }

  private post(message: CheckClientMessage): boolean {
    try {
      this.connect().postMessage(message);
      return true;
    } catch {
      // The extension was reloaded or updated: this content script is orphaned.
      return false;
    }
  }

  private connect(): Runtime.Port {
    if (this.port) return this.port;
    const port = browser.runtime.connect({ name: CHECK_PORT });
    port.onMessage.addListener((raw: unknown) => {
      const message = raw as CheckServerMessage;
      if (message?.type !== 'result') return;
      const settle = this.pending.get(message.id);
      this.pending.delete(message.id);
      settle?.(message.result);
    });
    port.onDisconnect.addListener(() => {
      if (this.port === port) this.port = null;
      this.failPending();
    });
    this.port = port;
    return port;
  }

  private failPending(): void {
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const settle of waiting) settle({ ok: false, code: 'aborted', message: 'Stopped.' });
  }
}
