import browser from 'webextension-polyfill';
import { sendMessage } from '@/utils/messaging';
import type { RewriteMenuItem } from '@/utils/rewrite/actions';
import { REWRITE_PORT, type RewriteClientMessage, type RewriteServerMessage } from '@/utils/rewrite/messages';
import type { CapturedSelection } from '@/utils/rewrite/selection';
import { resolveTarget, type RewriteTarget } from '@/utils/rewrite/target';
import { createRewriteStore, PANEL_WIDTH, placeNear, type PanelView, type RewriteStore } from './store';

/** One rewrite request's port, as the controller needs it. */
export interface RewriteConnection {
  post(message: RewriteClientMessage): void;
  onMessage(listener: (message: RewriteServerMessage) => void): void;
  /** Called when the background goes away (not when `disconnect()` is called here). */
  onDisconnect(listener: () => void): void;
  disconnect(): void;
}

function connectRewrite(): RewriteConnection {
  const port = browser.runtime.connect({ name: REWRITE_PORT });
  return {
    post: (message) => port.postMessage(message),
    onMessage: (listener) =>
      port.onMessage.addListener((message) => listener(message as RewriteServerMessage)),
    onDisconnect: (listener) => port.onDisconnect.addListener(() => listener()),
    disconnect: () => port.disconnect(),
  };
}

const LOST_CONNECTION = 'Lost the connection to Redline. Reload the page and try again.';
/** Why Replace changed nothing; the field is as it was in every case. */
const REPLACE_REFUSED = {
  stale:
    'The selected text changed since you asked, so nothing was replaced. Copy the result, or select the text again.',
  detached: 'The field is gone from the page, so nothing was replaced. Copy the result instead.',
  failed: 'This field did not accept the edit; nothing was changed. Copy the result instead.',
} as const;
const PICKER_WIDTH = 240;

/**
 * The Rewrite panel's logic: reads the selection, streams one rewrite at a time over the rewrite
 * port, and puts the result back through the field's adapter (verified, undoable) or on the clipboard.
 */
export class RewriteController {
  readonly store: RewriteStore;
  private target: RewriteTarget | null = null;
  private item: RewriteMenuItem | null = null;
  private selection: CapturedSelection | null = null;
  private connection: RewriteConnection | null = null;
  /** Where focus was before the panel took it, to give it back on close. */
  private returnFocus: HTMLElement | null = null;
  private frame = 0;
  /** A Replace the editor has not drawn yet. */
  private replacing = false;

  constructor(
    private readonly doc: Document,
    private readonly connect: () => RewriteConnection = connectRewrite,
  ) {
    this.store = createRewriteStore({
      choose: (item) => this.choose(item),
      replace: () => this.replace(),
      copy: () => void this.copy(),
      retry: () => this.run(),
      stop: () => this.stop(),
      close: () => this.close(true),
    });
    const view = doc.defaultView;
    const follow = () => this.schedulePlacement();
    view?.addEventListener('scroll', follow, { capture: true, passive: true });
    view?.addEventListener('resize', follow, { passive: true });
  }

  /** The shortcut: the menu's items in the page, next to the selection. */
  pick(items: RewriteMenuItem[], selection: CapturedSelection): void {
    this.close(false);
    this.selection = selection;
    this.returnFocus = this.focusedElement();
    this.target = resolveTarget(selection);
    this.store.setState({ picker: items, panel: null, placement: this.placement(PICKER_WIDTH) });
  }

  /** A menu item was chosen: the panel opens and the rewrite starts. */
  open(item: RewriteMenuItem, selection: CapturedSelection): void {
    this.close(false);
    this.selection = selection;
    this.returnFocus = this.focusedElement();
    void this.start(item, resolveTarget(selection));
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
    };
    this.store.setState({ picker: null, panel, placement: this.placement(PANEL_WIDTH) });
    if (!target.ok) return;
    // A site the user switched off is never read, menu or not.
    const site = await sendMessage('site.status', {}).catch(() => ({ enabled: true }));
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
    this.connection?.disconnect();
    let conn: RewriteConnection;
    try {
      conn = this.connect();
    } catch {
      this.update({ phase: 'error', message: LOST_CONNECTION });
      return;
    }
    this.connection = conn;
    this.update({ phase: 'waiting', result: '', message: null, notice: null });
    conn.onMessage((message) => {
      if (this.connection !== conn) return;
      switch (message.type) {
        case 'start':
          this.update({ phase: 'streaming' });
          break;
        case 'delta':
          this.update({ phase: 'streaming', result: (this.panel()?.result ?? '') + message.text });
          break;
        case 'done':
          this.finish();
          this.update({
            phase: message.stopped ? 'stopped' : 'done',
            result: message.text,
            message:
              !message.stopped && !message.text.trim() ? 'The model returned no text. Try again.' : null,
          });
          break;
        case 'error':
          this.finish();
          this.update({ phase: 'error', message: message.message || `Error: ${message.code}` });
          break;
      }
    });
    conn.onDisconnect(() => {
      if (this.connection !== conn) return;
      this.finish();
      this.update({ phase: 'error', message: LOST_CONNECTION });
    });
    conn.post({ type: 'start', menuItemId: item.id, text: target.text });
  }

  /** Closing the port aborts the request in the background; what arrived stays. */
  private stop(): void {
    const phase = this.panel()?.phase;
    if (phase !== 'waiting' && phase !== 'streaming') return;
    this.finish();
    this.update({ phase: 'stopped' });
  }

  private replace(): void {
    const panel = this.panel();
    const target = this.target;
    if (!panel || panel.phase !== 'done' || !panel.result || !target?.ok || !target.edit || this.replacing)
      return;
    const { adapter, span } = target.edit;
    const outcome = adapter.replace(span, target.text, panel.result);
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
    const text = this.panel()?.result;
    if (!text) return;
    const copied = await this.doc.defaultView?.navigator.clipboard.writeText(text).then(
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
    this.finish();
    const target = this.target;
    if (target?.ok) target.edit?.adapter.dispose();
    this.target = null;
    this.item = null;
    this.store.setState({ panel: null, picker: null, placement: null });
    if (restoreFocus) this.returnFocus?.focus({ preventScroll: true });
    this.returnFocus = null;
  }

  private finish(): void {
    const conn = this.connection;
    this.connection = null;
    conn?.disconnect();
  }

  private panel(): PanelView | null {
    return this.store.getState().panel;
  }

  private update(patch: Partial<PanelView>): void {
    const panel = this.panel();
    if (panel) this.store.setState({ panel: { ...panel, ...patch } });
  }

  private focusedElement(): HTMLElement | null {
    let element = this.doc.activeElement;
    while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
    return element instanceof HTMLElement ? element : null;
  }

  private placement(width: number) {
    const view = this.doc.defaultView;
    const viewport = { width: view?.innerWidth ?? 1024, height: view?.innerHeight ?? 768 };
    return placeNear(this.target?.anchor() ?? null, Math.min(width, viewport.width - 16), viewport);
  }

  private schedulePlacement(): void {
    const { panel, picker } = this.store.getState();
    if ((!panel && !picker) || this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      const state = this.store.getState();
      if (state.panel || state.picker) {
        this.store.setState({ placement: this.placement(state.panel ? PANEL_WIDTH : PICKER_WIDTH) });
      }
    });
  }
}
