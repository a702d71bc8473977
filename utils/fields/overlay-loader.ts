import browser from 'webextension-polyfill';
import type { EditableField } from './eligibility';

/** Where the overlay script leaves its handle, in the content script's isolated world (pages can't see it). */
export const OVERLAY_GLOBAL = '__redlineOverlay';

export interface OverlayHandle {
  attach(field: EditableField): void;
}

const loading = new Map<string, Promise<unknown>>();

/**
 * Loads one of Redline's lazily loaded UI scripts once per frame and returns the handle it leaves
 * at `globalName`. A dynamic import of the extension's own (web-accessible) script runs in this
 * isolated world; `scripting.executeScript` would need host permissions for every site.
 */
export function loadUiScript<T>(path: string, globalName: string): Promise<T> {
  let pending = loading.get(path) as Promise<T> | undefined;
  if (!pending) {
    pending = import(/* @vite-ignore */ browser.runtime.getURL(path)).then(() => {
      const handle = (globalThis as Record<string, unknown>)[globalName] as T | undefined;
      if (!handle) throw new Error(`Redline: ${path} did not start`);
      return handle;
    });
    loading.set(path, pending);
    pending.catch(() => loading.delete(path));
  }
  return pending;
}

/** Loads the overlay (underlines, card, badge) on the first focus of an eligible field. */
export function loadOverlay(): Promise<OverlayHandle> {
  return loadUiScript<OverlayHandle>('/overlay.js', OVERLAY_GLOBAL);
}
