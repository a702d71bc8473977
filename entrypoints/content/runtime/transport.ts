/**
 * The page runtime's way to the background: typed requests and the check and rewrite ports. Built
 * on webextension-polyfill, which loads with the runtime (never with the always-injected script).
 */
import browser from 'webextension-polyfill';
import { connectPort, type PortClient } from '@/utils/messaging/ports';
import {
  CHECK_PORT,
  REWRITE_PORT,
  type CheckResult,
  type Kind,
  type RequestOf,
  type ResponseMap,
} from '@/utils/messaging/protocol';
import { sendMessage } from '@/utils/messaging/send';
import type { CheckCall } from '@/utils/check/field-checker';
import type { ParagraphRequest, ParagraphResult } from '@/utils/text/types';

export interface PageTransport {
  send<K extends Kind>(kind: K, data: RequestOf<K>): Promise<ResponseMap[K]>;
  check: PortClient<typeof CHECK_PORT>;
  rewrite: PortClient<typeof REWRITE_PORT>;
  /** False once the extension was reloaded or updated under this page. */
  alive(): boolean;
}

export function browserTransport(): PageTransport {
  return {
    send: sendMessage,
    check: connectPort(CHECK_PORT),
    rewrite: connectPort(REWRITE_PORT),
    alive: () => {
      try {
        return Boolean(browser.runtime?.id);
      } catch {
        return false;
      }
    },
  };
}

/** A check over the port, as the field's check loop wants it: a lost port is a failure to back off from. */
export function checkCall(
  transport: PageTransport,
  checker: 'local' | 'llm',
  paragraphs: ParagraphRequest[],
  onPartial?: (results: ParagraphResult[]) => void,
): CheckCall {
  const call = transport.check.request(
    { checker, paragraphs },
    onPartial ? (chunk) => onPartial(chunk.results) : undefined,
  );
  return {
    result: call.result.then((outcome): CheckResult =>
      outcome.ok ? outcome.result : { ok: false, code: 'lost', message: 'Lost the connection.' },
    ),
    cancel: call.cancel,
  };
}
