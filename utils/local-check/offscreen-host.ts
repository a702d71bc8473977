/**
 * The offscreen document's side (Chromium): it owns the linter, so the linter outlives the
 * service worker's idle stops and its multi-second setup never blocks the worker's other messages.
 * Offscreen documents only get `runtime`: settings arrive with every request.
 */
import browser from 'webextension-polyfill';
import type { Runtime } from 'webextension-polyfill';
import { createHarperLinter, extensionLanguages } from './harper-linter';
import { LocalChecker } from './local-checker';
import { isOffscreenRequest, type OffscreenRequest } from './offscreen-protocol';

/** Messages from Redline's background or pages; never from a content script (those have a tab). */
function fromRedline(sender: Runtime.MessageSender): boolean {
  return (
    sender.id === browser.runtime.id &&
    !sender.tab &&
    (sender.url ?? '').startsWith(browser.runtime.getURL('/'))
  );
}

function answer(checker: LocalChecker, request: OffscreenRequest): Promise<unknown> {
  switch (request.op) {
    case 'warm':
      return checker.warm(request.settings);
    case 'check':
      return checker.check(request.paragraphs, request.settings, request.scope);
    case 'configure':
      return checker.configure(request.settings).then(() => null);
    case 'languages':
      return checker.languagesOf(request.texts, request.settings, request.scope);
  }
}

/** Called once by the offscreen page's script. */
export function serveLocalCheckerOffscreen(): void {
  const checker = new LocalChecker({ createLinter: createHarperLinter, languages: extensionLanguages() });
  browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
    if (!isOffscreenRequest(message) || !fromRedline(sender)) return undefined;
    return answer(checker, message);
  });
}
