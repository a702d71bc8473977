import { createStore } from 'zustand/vanilla';
import type { CheckStatus, ModelState } from '@/utils/check/field-checker';
import type { Suggestion } from '@/utils/text/types';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One underlined suggestion: its line boxes in viewport coordinates (first one carries the hit box). */
export interface UnderlineView {
  suggestion: Suggestion;
  rects: Box[];
}

export interface CardView {
  id: string;
  /** Opened from the keyboard: focus goes into the card. */
  viaKeyboard: boolean;
  /** Shown instead of acting, e.g. when the text changed under the suggestion. */
  notice?: string;
  /**
   * With a notice: the suggestion and where it was, so the card still says why once its underline
   * is gone (the page changed the text under it: the next read of the field drops it).
   */
  held?: UnderlineView;
}

export interface OverlayActions {
  openCard(id: string, viaKeyboard: boolean): void;
  closeCard(returnFocus: boolean): void;
  step(direction: 1 | -1): void;
  accept(id: string): void;
  dismiss(id: string): void;
  /** `thisSiteOnly`: on the field's site only ("Ignore on this site"), else everywhere. */
  ignoreRule(id: string, thisSiteOnly: boolean): void;
  addToDictionary(id: string): void;
  disableSite(): void;
  /** Pins the site's language (the badge menu), or `null`: detect it again. */
  pinLanguage(language: string | null): void;
  /** Closes the notice under the badge. */
  closeNotice(): void;
  openSettings(): void;
  toggleMenu(open?: boolean): void;
}

export interface OverlayState {
  underlines: UnderlineView[];
  /** The active field's visible box; null hides the badge. */
  field: Box | null;
  status: CheckStatus;
  /** The model checker: on, off (local checks only, and why) or failing (and why). */
  model: ModelState;
  count: number;
  card: CardView | null;
  menuOpen: boolean;
  hostname: string;
  /** The language the person pinned for this site from the badge menu; null: detected. */
  pinnedLanguage: string | null;
  /** A short notice by the badge ("German spelling is on now…"); null for none. */
  notice: string | null;
  actions: OverlayActions;
}

/**
 * The overlay's state, written by the page runtime; `actions` are the intents the views emit (the
 * runtime carries them out). Views read this store and nothing else.
 */
export function createOverlayStore(actions: OverlayActions, hostname: string) {
  return createStore<OverlayState>(() => ({
    underlines: [],
    field: null,
    status: { state: 'idle' },
    model: { state: 'on' },
    count: 0,
    card: null,
    menuOpen: false,
    hostname,
    pinnedLanguage: null,
    notice: null,
    actions,
  }));
}

export type OverlayStore = ReturnType<typeof createOverlayStore>;
