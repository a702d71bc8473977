/** The page runtime's handle, as the lazily loaded script leaves it for the content script. */
import type { PageRuntime, PageRuntimeOptions } from './page-runtime';

/** Where the runtime script leaves its factory, in the content script's isolated world (pages can't see it). */
export const RUNTIME_GLOBAL = '__redlineRuntime';
/** The web-accessible script that carries the runtime and its views (React, one copy for both). */
export const RUNTIME_SCRIPT = '/page-runtime.js';

export interface RuntimeFactory {
  start(options: Omit<PageRuntimeOptions, 'transport' | 'views'>): PageRuntime;
}

export type { PageRuntime };
