import { createStore, type StoreApi } from 'zustand/vanilla';
import type { RewriteMenuItem } from '@/utils/rewrite/actions';
import { applyReview, type ReviewPart } from '@/utils/rewrite/review';

/**
 * Where a rewrite stands. `refused`: nothing was sent (no selection, private field, site off);
 * `stopped`: Stop was pressed, what arrived is kept.
 */
export type RewritePhase = 'waiting' | 'streaming' | 'done' | 'stopped' | 'error' | 'refused';

export interface PanelView {
  title: string;
  original: string;
  result: string;
  phase: RewritePhase;
  /** Why there is no result (an error, a refusal). */
  message: string | null;
  /** What the last button did or why it could not (Copied; the text changed, nothing replaced). */
  notice: { text: string; tone: 'info' | 'error' } | null;
  /** The selection is in an editable field: Replace is offered. */
  editable: boolean;
  /** Once the result is complete: its changes to the original, and those the person rejected. */
  review: Review | null;
}

export interface Review {
  parts: ReviewPart[];
  /** Indexes of the rejected changes; every other change is kept. */
  rejected: readonly number[];
}

/** Where the panel or picker sits, in viewport px: below the selection, or above it when there is no room. */
export interface Placement {
  left: number;
  top?: number;
  bottom?: number;
  maxHeight: number;
}

export interface RewriteActions {
  choose(item: RewriteMenuItem): void;
  /** Keep (`accept`) or reject one change of the review, or every change (`index` null). */
  decide(index: number | null, accept: boolean): void;
  replace(): void;
  copy(): void;
  retry(): void;
  stop(): void;
  close(): void;
}

export interface RewriteState {
  panel: PanelView | null;
  picker: RewriteMenuItem[] | null;
  placement: Placement | null;
  actions: RewriteActions;
}

export type RewriteStore = StoreApi<RewriteState>;

/** What Replace and Copy take: the result with the rejected changes undone. */
export function reviewedText(panel: Pick<PanelView, 'result' | 'review'>): string {
  return panel.review ? applyReview(panel.review.parts, panel.review.rejected) : panel.result;
}

/** The Rewrite panel's and picker's state, written by the page runtime; `actions` are the views' intents. */
export function createRewriteStore(actions: RewriteActions): RewriteStore {
  return createStore<RewriteState>(() => ({ panel: null, picker: null, placement: null, actions }));
}

export const PANEL_WIDTH = 400;
const MARGIN = 8;
const GAP = 6;
/** Space the panel wants below the selection before it would rather go above. */
const WANTED_HEIGHT = 260;

/** Below the anchor if it fits, else above; always inside the viewport. */
export function placeNear(
  anchor: DOMRect | null,
  width: number,
  viewport: { width: number; height: number },
) {
  const box = anchor ?? new DOMRect(viewport.width / 2 - width / 2, viewport.height / 3, width, 0);
  const left = Math.max(MARGIN, Math.min(box.left, viewport.width - width - MARGIN));
  const below = viewport.height - box.bottom - GAP - MARGIN;
  const above = box.top - GAP - MARGIN;
  if (below >= WANTED_HEIGHT || below >= above) {
    const top = Math.max(MARGIN, Math.min(box.bottom + GAP, viewport.height - MARGIN - 120));
    return { left, top, maxHeight: Math.max(120, viewport.height - top - MARGIN) };
  }
  const bottom = Math.max(MARGIN, viewport.height - box.top + GAP);
  return { left, bottom, maxHeight: Math.max(120, viewport.height - bottom - MARGIN) };
}
