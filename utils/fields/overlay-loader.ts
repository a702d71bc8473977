import browser from 'webextension-polyfill';
import type { EditableField } from './eligibility';

/** Where the overlay script leaves its handle, in the content script's isolated world (pages can't see it). */
export const OVERLAY_GLOBAL = '__redlineOverlay';

export interface OverlayHandle {
  attach(field: EditableField): void;
}

let loading: Promise<OverlayHandle> | null = null;

/**
 * Loads the overlay once per frame. A dynamic import of the extension's own (web-accessible) script
 * runs in this isolated world; `scripting.executeScript` would need host permissions for every site.
 */
export function loadOverlay(): Promise<OverlayHandle> {
  loading ??= import(/* @vite-ignore */ browser.runtime.getURL('/overlay.js')).then(() => {
    const handle = (globalThis as Record<string, unknown>)[OVERLAY_GLOBAL] as OverlayHandle | undefined;
    if (!handle) throw new Error('Redline overlay did not start');
    return handle;
  });
  loading.catch(() => (loading = null));
  return loading;
}
