/**
 * The content script's share of the rewrite feature: hear the background's "open the panel" and
 * "open the picker", take hold of the selection at once, then load the panel script (React) lazily.
 */
import browser from 'webextension-polyfill';
import { loadUiScript } from '../fields/overlay-loader';
import type { RewriteMenuItem } from './actions';
import { isRewriteTabMessage } from './messages';
import { captureSelection, type CapturedSelection } from './selection';

/** Where the rewrite script leaves its handle, in the content script's isolated world. */
export const REWRITE_GLOBAL = '__redlineRewrite';

export interface RewriteHandle {
  /** Opens the Rewrite panel for a chosen menu item. */
  open(item: RewriteMenuItem, selection: CapturedSelection): void;
  /** Opens the picker (the menu's items, in the page) for the keyboard shortcut. */
  pick(items: RewriteMenuItem[], selection: CapturedSelection): void;
}

export function listenForRewrites(doc: Document, signal: AbortSignal): void {
  const listener = (message: unknown) => {
    if (!isRewriteTabMessage(message) || signal.aborted) return;
    // The shortcut reaches every frame of the tab; the focused one answers.
    if (message.kind === 'rewrite.picker' && !doc.hasFocus()) return;
    const selection = captureSelection(doc);
    void loadUiScript<RewriteHandle>('/rewrite.js', REWRITE_GLOBAL).then((handle) => {
      if (message.kind === 'rewrite.open') handle.open(message.item, selection);
      else handle.pick(message.items, selection);
    });
  };
  browser.runtime.onMessage.addListener(listener);
  signal.addEventListener('abort', () => browser.runtime.onMessage.removeListener(listener));
}
