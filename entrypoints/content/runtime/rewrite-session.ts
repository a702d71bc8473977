/**
 * The Rewrite panel's and picker's logic: reads the selection, streams one rewrite at a time over
 * the rewrite port (with the grant of the person's menu click or shortcut), and puts the result back
 * through the field's adapter (verified, undoable) or on the clipboard.
 */
import {
  createRewriteStore,
  PANEL_WIDTH,
  placeNear,
  reviewedText,
  type PanelView,
  type RewriteStore,
} from '@/components/rewrite/store';
import type { PortCall } from '@/utils/messaging/ports';
import type { RewriteResult, TabMessage } from '@/utils/messaging/protocol';
import type { RewriteMenuItem } from '@/utils/rewrite/actions';
import { reviewChanges, reviewParts } from '@/utils/rewrite/review';
import type { CapturedSelection } from '@/utils/rewrite/selection';
import { resolveTarget, type RewriteTarget } from '@/utils/rewrite/target';
import type { PageTransport } from './transport';

const LOST_CONNECTION = 'Lost the connection to Redline. Reload the page and try again.';
/** Why Replace changed nothing; the field is as it was in every case. */
const REPLACE_REFUSED = {
  stale:
    'The selected text changed since you asked, so nothing was replaced. Copy the result, or select the text again.',
  detached: 'The field is gone from the page, so nothing was replaced. Copy the result instead.',
  failed: 'This field did not take the change, so nothing was changed. Copy the result instead.',
  damaged:
    'This editor changed the text instead of taking the result, and Redline could not put it back: press Ctrl+Z in the field to undo it.',
} as const;
const PICKER_WIDTH = 240;

export interface RewriteSessionDeps {
  doc: Document;
  transport: PageTransport;
  signal: AbortSignal;
  /** A Replace the person asked for is their edit (the model may see that field's text). */
  onReplaced?(field: HTMLElement): void;
}

export class RewriteSession {
  readonly store: RewriteStore;
  private target: RewriteTarget | null = null;
  private item: RewriteMenuItem | null = null;
  private selection: CapturedSelection | null = null;
  /** The grant of the menu click or shortcut that opened this panel. */
  private grant = '';
  private call: PortCall<RewriteResult> | null = null;
  /** Where focus was before the panel took it, to give it back on close. */
  private returnFocus: HTMLElement | null = null;
  private frame = 0;
  /** A Replace the editor has not drawn yet. */
  private replacing = false;

  constructor(private readonly deps: RewriteSessionDeps) {
    this.store = createRewriteStore({
      choose: (item) => this.choose(item),
      decide: (index, accept) => this.decide(index, accept),
      replace: () => this.replace(),
      copy: () => void this.copy(),
      retry: () => this.run(),
      stop: () => this.stop(),
      close: () => this.close(true),
    });
    const view = deps.doc.defaultView;
    const follow = () => this.schedulePlacement();
    view?.addEventListener('scroll', follow, { capture: true, passive: true, signal: deps.signal });
    view?.addEventListener('resize', follow, { passive: true, signal: deps.signal });
    deps.signal.addEventListener('abort', () => this.close(false), { once: true });
  }

  /** The background asked: a menu item was chosen (panel), or the shortcut pressed (picker). */
  open(
    message: Extract<TabMessage, { kind: 'rewrite.open' | 'rewrite.picker' }>,
    selection: CapturedSelection,
  ) {
    this.close(false);
    this.selection = selection;
    this.grant = message.grant;
    this.returnFocus = this.focusedElement();
    if (message.kind === 'rewrite.open') {
      void this.start(message.item, resolveTarget(selection));
      return;
    }
    this.target = resolveTarget(selection);
    this.store.setState({ picker: message.items, panel: null, placement: this.placement(PICKER_WIDTH) });
  }

  private choose(item: RewriteMenuItem): void {
    const target = this.target ?? (this.selection ? resolveTarget(this.selection) : null);
    if (target) void this.start(item, target);
  }

  private async start(item: RewriteMenuItem, target: RewriteTarget): Promise<void> {
    this.item = item;
    this.target = target;
    const panel: PanelView = {
      title: item.title,
      original: target.ok ? target.text : '',
      result: '',
      phase: target.ok ? 'waiting' : 'refused',
      message: target.ok ? null : target.message,
      notice: null,
      editable: target.ok && target.edit !== null,
      review: null,
    };
    this.store.setState({ picker: null, panel, placement: this.placement(PANEL_WIDTH) });
    if (!target.ok) return;
    // A site the user switched off is never read, menu or not.
    const site = await this.deps.transport.send('site.status', {}).catch(() => ({ enabled: true }));
    if (this.target !== target) return;
    if (!site.enabled) {
      this.update({
        phase: 'refused',
        message: 'Redline is off for this site. Turn it on from the toolbar popup.',
      });
      return;
    }
    this.run();
  }

  private run(): void {
    const target = this.target;
    const item = this.item;
    if (!target?.ok || !item) return;
    this.call?.cancel();
    this.update({ phase: 'waiting', result: '', message: null, notice: null, review: null });
    const call = this.deps.transport.rewrite.request(
      // The picker's choice is named; a menu click's grant already holds its action.
      { grant: this.grant, text: target.text, itemId: item.id },
      (chunk) => {
        if (this.call !== call) return;
        if (chunk.type === 'start') this.update({ phase: 'streaming' });
        else this.update({ phase: 'streaming', result: (this.panel()?.result ?? '') + chunk.text });
      },
    );
    this.call = call;
    void call.result.then((outcome) => {
      if (this.call !== call) return;
      this.call = null;
      if (!outcome.ok) {
        this.update({ phase: 'error', message: LOST_CONNECTION });
        return;
      }
      const result = outcome.result;
      if (!result.ok) {
        this.update({ phase: 'error', message: result.message || `Error: ${result.code}` });
        return;
      }
      const done = !result.stopped && Boolean(result.text.trim());
      this.update({
        phase: result.stopped ? 'stopped' : 'done',
        result: result.text,
        message: !result.stopped && !result.text.trim() ? 'The model returned no text. Try again.' : null,
        // Tracked changes only for a whole result: half a sentence's changes say little.
        review: done ? { parts: reviewParts(target.text, result.text), rejected: [] } : null,
      });
    });
  }

  /** The person kept or rejected a change (or all of them): Replace and Copy take what is kept. */
  private decide(index: number | null, accept: boolean): void {
    const review = this.panel()?.review;
    if (!review) return;
    const all = reviewChanges(review.parts).map((change) => change.index);
    const chosen = index === null ? all : all.filter((i) => i === index);
    const rejected = accept
      ? review.rejected.filter((i) => !chosen.includes(i))
      : [...new Set([...review.rejected, ...chosen])].sort((a, b) => a - b);
    this.update({ review: { ...review, rejected }, notice: null });
  }

  /** Stop ends the request in the background; what arrived stays. */
  private stop(): void {
    const phase = this.panel()?.phase;
    if (phase !== 'waiting' && phase !== 'streaming') return;
    this.call?.cancel();
    this.update({ phase: 'stopped' });
  }

  private replace(): void {
    const panel = this.panel();
    const target = this.target;
    if (!panel || panel.phase !== 'done' || !panel.result || !target?.ok || !target.edit || this.replacing)
      return;
    const text = reviewedText(panel);
    // Every change rejected: there is nothing to put in.
    if (text === target.text) return;
    const { adapter, span } = target.edit;
    this.deps.onReplaced?.(adapter.element);
    const outcome = adapter.replace(span, target.text, text);
    // Some editors (Slate) take the edit into their model and draw it a moment later.
    if (outcome.ok === 'pending') {
      this.replacing = true;
      this.update({ notice: { tone: 'info', text: 'Replacing…' } });
    }
    void (outcome.ok === 'pending' ? outcome.settled : Promise.resolve(outcome)).then((result) => {
      this.replacing = false;
      if (this.target !== target) return;
      if (result.ok) {
        // The adapter left focus and the caret in the field, after the new text: Ctrl+Z undoes it.
        this.close(false);
        return;
      }
      this.update({ notice: { tone: 'error', text: REPLACE_REFUSED[result.reason] } });
    });
  }

  private async copy(): Promise<void> {
    const panel = this.panel();
    const text = panel && reviewedText(panel);
    if (!text) return;
    const copied = await this.deps.doc.defaultView?.navigator.clipboard.writeText(text).then(
      () => true,
      () => false,
    );
    this.update({
      notice: copied
        ? { tone: 'info', text: 'Copied.' }
        : { tone: 'error', text: 'The browser did not allow copying here. Select the result and copy it.' },
    });
  }

  close(restoreFocus: boolean): void {
    const call = this.call;
    this.call = null;
    call?.cancel();
    const target = this.target;
    if (target?.ok) target.edit?.adapter.dispose();
    this.target = null;
    this.item = null;
    this.store.setState({ panel: null, picker: null, placement: null });
    if (restoreFocus) this.returnFocus?.focus({ preventScroll: true });
    this.returnFocus = null;
  }

  private panel(): PanelView | null {
    return this.store.getState().panel;
  }

  private update(patch: Partial<PanelView>): void {
    const panel = this.panel();
    if (panel) this.store.setState({ panel: { ...panel, ...patch } });
  }

  private focusedElement(): HTMLElement | null {
    let element = this.deps.doc.activeElement;
    while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
    return element instanceof HTMLElement ? element : null;
  }

  private placement(width: number) {
    const view = this.deps.doc.defaultView;
    const viewport = { width: view?.innerWidth ?? 1024, height: view?.innerHeight ?? 768 };
    return placeNear(this.target?.anchor() ?? null, Math.min(width, viewport.width - 16), viewport);
  }

  private schedulePlacement(): void {
    const { panel, picker } = this.store.getState();
    const view = this.deps.doc.defaultView;
    if ((!panel && !picker) || this.frame || !view) return;
    this.frame = view.requestAnimationFrame(() => {
      this.frame = 0;
      const state = this.store.getState();
      if (state.panel || state.picker) {
        this.store.setState({ placement: this.placement(state.panel ? PANEL_WIDTH : PICKER_WIDTH) });
      }
    });
  }
}
