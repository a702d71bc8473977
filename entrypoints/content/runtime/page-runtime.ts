/**
 * The page runtime: everything Redline does inside a web page once a field is focused or a rewrite
 * is asked for. One object per frame owns focus, one session per field (adapter, check loop, layout),
 * the overlay's and the Rewrite panel's stores, and teardown: when `signal` aborts (the extension was
 * updated, reloaded or disabled) every listener, observer, port and node of Redline goes.
 *
 * Views (components/overlay, components/rewrite) render the stores and emit intents; this file
 * carries the intents out. Unit tests drive it with happy-dom and a fake transport.
 */
import { createOverlayStore, type OverlayActions, type OverlayStore } from '@/components/overlay/store';
import type { RewriteStore } from '@/components/rewrite/store';
import type { ReplaceResult } from '@/utils/fields/adapter';
import { fieldFromEvent, ineligibleReason, type EditableField } from '@/utils/fields/eligibility';
import { RichEditorAdapter } from '@/utils/fields/rich-editor-adapter';
import type { PersonTrace } from '@/utils/fields/person-input';
import type { TabMessage } from '@/utils/messaging/protocol';
import type { CapturedSelection } from '@/utils/rewrite/selection';
import type { Suggestion } from '@/utils/text/types';
import { languageLabel, type LanguageCode } from '@/utils/language/languages';
import { FieldSession } from './field-session';
import { OverlayLayout } from './overlay-layout';
import { RewriteSession } from './rewrite-session';
import type { PageTransport } from './transport';

/** When to look again whether the extension is gone, after its port closed (ms). */
const GONE_RECHECK_MS = [250, 1_000, 3_000];

/** How long a notice by the badge stays (ms). */
const NOTICE_MS = 12_000;

/** Pause after the last keystroke before the field is checked. */
export const CHECK_DEBOUNCE_MS = 300;

/** Mounts a view for a store in the page (an open shadow root); returns its unmount. */
export type MountView<S> = (doc: Document, store: S) => () => void;

export interface PageRuntimeOptions {
  document: Document;
  /** Aborts when the content script's context goes (update, reload, disable): everything is removed. */
  signal: AbortSignal;
  transport: PageTransport;
  /** Fields that were ever secrets, shared with the focus watcher: refused for life. */
  sensitive: WeakSet<Element>;
  /** What the person did in fields before the runtime loaded (kept by the always-injected script). */
  trace?: PersonTrace;
  /** The views. Absent in unit tests, which drive the stores as the views would. */
  views?: { overlay: MountView<OverlayStore>; rewrite: MountView<RewriteStore> };
  /** The extension went away under the page: the caller aborts `signal`. */
  onExtensionGone?(): void;
  debounceMs?: number;
}

export interface PageRuntime {
  /** Starts watching `field` (the focus watcher found it eligible on a site that is on). */
  attach(field: EditableField): void;
  /** A rewrite menu item or the shortcut, for the selection captured when the message arrived. */
  rewrite(
    message: Extract<TabMessage, { kind: 'rewrite.open' | 'rewrite.picker' }>,
    selection: CapturedSelection,
  ): void;
  /** Settings changed (the background said so). */
  configChanged(): Promise<void>;
  readonly overlay: OverlayStore;
  readonly rewriteStore: RewriteStore;
}

const NO_LONGER_APPLIES = 'This suggestion no longer applies.';
const ACCEPT_REFUSED: Record<Exclude<ReplaceResult, { ok: true }>['reason'], string> = {
  stale: 'The text changed since this suggestion was made. Nothing was changed.',
  failed: 'This field did not take the change, so nothing was changed.',
  detached: 'The field is gone from the page. Nothing was changed.',
  damaged:
    'This editor changed the text instead of taking the suggestion, and Redline could not put it back: press Ctrl+Z in the field to undo it.',
};
/** Shown instead of Accept in a rich editor that once did not take an edit as asked. */
const ACCEPT_OFF =
  'Accept is off in this editor until you reload the page: it did not take an earlier change as asked. Copy the suggestion by hand, or Dismiss it.';

export function createPageRuntime(options: PageRuntimeOptions): PageRuntime {
  const { document: doc, signal, transport, sensitive } = options;
  const view = doc.defaultView as Window;
  const debounceMs = options.debounceMs ?? CHECK_DEBOUNCE_MS;
  const sessions = new Set<FieldSession>();
  const byField = new WeakMap<EditableField, FieldSession>();
  let active: FieldSession | null = null;
  let unfollow: (() => void) | null = null;
  let enabled = true;
  const unmounts: (() => void)[] = [];

  const overlay = createOverlayStore(overlayActions(), view.location.hostname);
  const layout = new OverlayLayout(overlay, view);
  let overlayMounted = false;
  let rewrite: RewriteSession | null = null;
  const rewriteSession = () => {
    if (!rewrite) {
      rewrite = new RewriteSession({
        doc,
        transport,
        signal,
        onReplaced: (field) => byField.get(field)?.person.acted(),
      });
      if (options.views) unmounts.push(options.views.rewrite(doc, rewrite.store));
    }
    return rewrite;
  };

  const sessionDeps = {
    transport,
    sensitive,
    trace: options.trace,
    debounceMs,
    onText: (session: FieldSession, editStart: number) => {
      if (session === active) layout.typed(editStart);
    },
    onMoved: (session: FieldSession, redrawn: boolean) => {
      if (session !== active) return;
      if (redrawn) layout.relayoutSoon();
      else layout.moved();
    },
    onRefused: (session: FieldSession) => drop(session),
    onLanguagesTurnedOn: (languages: string[]) => {
      const names = languages.map(languageLabel);
      const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0];
      showNotice(
        `${list} spelling is on now: Redline found ${list} text here. Turn languages on or off in Redline settings → Languages.`,
      );
      void refreshSite();
    },
  };

  let noticeTimer: number | undefined;
  function showNotice(notice: string | null): void {
    view.clearTimeout(noticeTimer);
    overlay.setState({ notice });
    if (notice) noticeTimer = view.setTimeout(() => overlay.setState({ notice: null }), NOTICE_MS);
  }

  /** What the badge menu shows of the site: its pinned language. */
  async function refreshSite(): Promise<void> {
    const status = await transport.send('site.status', {}).catch(() => null);
    if (signal.aborted || !status) return;
    overlay.setState({ pinnedLanguage: status.pinned });
  }

  function attach(field: EditableField): void {
    if (!enabled || signal.aborted || ineligibleReason(field, sensitive)) return;
    if (!overlayMounted && options.views) {
      overlayMounted = true;
      unmounts.push(options.views.overlay(doc, overlay));
      void refreshSite();
    }
    let session = byField.get(field);
    if (!session) {
      // Fields the page removed are let go before a new one is watched.
      for (const old of sessions) if (!old.field.isConnected && old !== active) drop(old);
      session = new FieldSession(field, sessionDeps);
      sessions.add(session);
      byField.set(field, session);
    }
    if (active === session) return;
    activate(session);
  }

  function activate(session: FieldSession | null): void {
    unfollow?.();
    unfollow = null;
    active = session;
    overlay.setState({ card: null, menuOpen: false });
    if (session) {
      if (session.stale) {
        session.stale = false;
        session.checker.invalidate();
      }
      unfollow = session.checker.onUpdate((cause) =>
        cause === 'results' ? layout.resultsChanged() : layout.schedule(),
      );
    }
    layout.follow(session);
  }

  function drop(session: FieldSession): void {
    if (!sessions.delete(session)) return;
    byField.delete(session.field);
    if (session === active) activate(null);
    session.dispose();
  }

  function dropAll(): void {
    activate(null);
    for (const session of [...sessions]) drop(session);
    overlay.setState({ underlines: [], field: null, card: null, menuOpen: false });
  }

  const find = (id: string): Suggestion | undefined =>
    active?.checker.getSuggestions().find((s) => s.id === id);
  const focusField = () => active?.field.focus({ preventScroll: true });
  /** Rich editors (by kind) that did not take an edit as asked: no more Accept there until reload. */
  const acceptOff = new Set<string>();
  const editorKind = (session: FieldSession | null) =>
    session?.adapter instanceof RichEditorAdapter ? session.adapter.editor.kind : null;
  const setCard = (card: { id: string; viaKeyboard: boolean; notice?: string } | null) => {
    const kind = editorKind(active);
    const noticed =
      card && !card.notice && kind && acceptOff.has(kind) ? { ...card, notice: ACCEPT_OFF } : card;
    // A card saying why keeps what it is about, even once the underline goes.
    const held = noticed?.notice
      ? overlay.getState().underlines.find((u) => u.suggestion.id === noticed.id)
      : undefined;
    const shown = noticed && held ? { ...noticed, held } : noticed;
    overlay.setState({ card: shown, ...(shown ? { menuOpen: false } : {}) });
    active?.checker.pin(shown && (!shown.notice || shown.notice === ACCEPT_OFF) ? shown.id : null);
  };

  function overlayActions(): OverlayActions {
    return {
      openCard: (id, viaKeyboard) => setCard({ id, viaKeyboard }),
      closeCard: (returnFocus) => {
        setCard(null);
        if (returnFocus) focusField();
      },
      step: (direction) => {
        const list = active?.checker.getSuggestions() ?? [];
        const current = overlay.getState().card;
        if (!list.length || !current) return;
        const index = list.findIndex((s) => s.id === current.id);
        const next = list[(index + direction + list.length) % list.length];
        if (next) setCard({ id: next.id, viaKeyboard: current.viaKeyboard });
      },
      accept: (id) => {
        const session = active;
        const suggestion = find(id);
        const viaKeyboard = overlay.getState().card?.viaKeyboard ?? false;
        // Only flagged (a style rule with nothing to put instead): there is nothing to accept.
        if (suggestion?.flagOnly) return;
        if (!session || !suggestion) {
          setCard({ id, viaKeyboard, notice: NO_LONGER_APPLIES });
          return;
        }
        const finish = (result: ReplaceResult) => {
          if (!result.ok) {
            const kind = editorKind(session);
            if (result.reason === 'failed' || result.reason === 'damaged') {
              if (kind) acceptOff.add(kind);
              // The text was put back: the suggestion stands again, and its card says why.
              session.takeText();
              session.checker.reinstate(suggestion);
            }
            setCard({ id, viaKeyboard, notice: ACCEPT_REFUSED[result.reason] });
            return;
          }
          if (overlay.getState().card?.id === id) setCard(null);
          session.checker.endWord();
          if (viaKeyboard) focusField();
        };
        // The person asked for this edit: it is theirs (the model may see the field's text).
        session.person.acted();
        const outcome = session.adapter.replace(suggestion, suggestion.original, suggestion.replacement);
        // Editors that draw an edit a moment later (Slate, Draft.js) say how it went once they have.
        if (outcome.ok === 'pending') void outcome.settled.then(finish);
        else finish(outcome);
      },
      dismiss: (id) => {
        active?.checker.dismiss(id);
        setCard(null);
        focusField();
      },
      ignoreRule: (id, thisSiteOnly) => {
        const suggestion = find(id);
        if (!suggestion) return setCard(null);
        void transport.send('settings.ignoreRule', { rule: suggestion.rule, thisSiteOnly }).then(
          () => {
            setCard(null);
            focusField();
          },
          (error: unknown) => setCard({ id, viaKeyboard: false, notice: messageOf(error) }),
        );
      },
      addToDictionary: (id) => {
        const suggestion = find(id);
        if (!suggestion) return setCard(null);
        void transport.send('settings.addWord', { word: suggestion.word ?? suggestion.original }).then(
          () => {
            setCard(null);
            focusField();
          },
          (error: unknown) => setCard({ id, viaKeyboard: false, notice: messageOf(error) }),
        );
      },
      openSettings: () => {
        overlay.setState({ menuOpen: false });
        void transport.send('settings.open', {}).catch(() => undefined);
      },
      disableSite: () => {
        overlay.setState({ menuOpen: false });
        void transport.send('site.disable', {}).then(
          () => {
            enabled = false;
            dropAll();
          },
          () => undefined,
        );
      },
      pinLanguage: (language) => {
        overlay.setState({ menuOpen: false });
        void transport.send('site.language', { language: language as LanguageCode | null }).then(
          () => {
            const name = language ? languageLabel(language) : null;
            showNotice(
              name
                ? `Redline checks ${overlay.getState().hostname} as ${name} now.`
                : `Redline detects the language on ${overlay.getState().hostname} again.`,
            );
          },
          (error: unknown) => showNotice(messageOf(error)),
        );
      },
      closeNotice: () => showNotice(null),
      toggleMenu: (open) => {
        overlay.setState({ menuOpen: open ?? !overlay.getState().menuOpen, card: null });
        active?.checker.pin(null);
      },
    };
  }

  // Focus decides which field's underlines show.
  doc.addEventListener(
    'focusin',
    (event) => {
      const field = fieldFromEvent(event);
      if (field && !ineligibleReason(field, sensitive) && byField.has(field)) attach(field);
    },
    { capture: true, signal },
  );
  // Scrolling anything (page, field, a scrolled container) moves underlines.
  view.addEventListener('scroll', () => layout.moved(), { capture: true, passive: true, signal });
  view.addEventListener('resize', () => layout.moved(), { passive: true, signal });
  // Alt+Enter in a checked field opens the card of the suggestion nearest the caret (a person's key
  // only); Esc there closes an open card (opened with the mouse, focus stayed in the field).
  doc.addEventListener(
    'keydown',
    (event) => {
      if (!event.isTrusted) return;
      if (
        event.key === 'Escape' &&
        overlay.getState().card &&
        active &&
        fieldFromEvent(event) === active.field
      ) {
        event.preventDefault();
        event.stopPropagation();
        setCard(null);
        return;
      }
      if (event.key !== 'Enter' || !event.altKey) return;
      if (event.ctrlKey || event.metaKey || event.shiftKey) return;
      const session = active;
      if (!session || fieldFromEvent(event) !== session.field) return;
      const caret = session.adapter.caretOffset() ?? 0;
      const nearest = [...session.checker.getSuggestions()].sort(
        (a, b) => distance(a, caret) - distance(b, caret),
      )[0];
      if (!nearest) return;
      event.preventDefault();
      event.stopPropagation();
      setCard({ id: nearest.id, viaKeyboard: true });
    },
    { capture: true, signal },
  );
  // A tab in the background does not re-check after a settings change until it is seen again.
  doc.addEventListener(
    'visibilitychange',
    () => {
      if (doc.visibilityState !== 'visible' || !active?.stale) return;
      active.stale = false;
      active.checker.invalidate();
    },
    { signal },
  );
  // The background going away (the port closed) may mean the extension was updated or reloaded.
  // The port closes a moment before the browser marks this script orphaned: look again shortly.
  const stopWatching = transport.check.onLost(() => {
    const look = () => {
      if (!signal.aborted && !transport.alive()) options.onExtensionGone?.();
    };
    look();
    for (const ms of GONE_RECHECK_MS) view.setTimeout(look, ms);
  });

  signal.addEventListener(
    'abort',
    () => {
      stopWatching();
      dropAll();
      layout.dispose();
      view.clearTimeout(noticeTimer);
      transport.check.close();
      transport.rewrite.close();
      for (const unmount of unmounts.splice(0)) unmount();
    },
    { once: true },
  );

  return {
    attach,
    rewrite: (message, selection) => {
      if (!signal.aborted) rewriteSession().open(message, selection);
    },
    async configChanged() {
      const status = await transport.send('site.status', {}).catch(() => null);
      if (signal.aborted || !status) return;
      if (!status.enabled) {
        enabled = false;
        dropAll();
        return;
      }
      enabled = true;
      overlay.setState({ pinnedLanguage: status.pinned });
      for (const session of sessions) session.stale = true;
      if (active && doc.visibilityState === 'visible') {
        active.stale = false;
        active.checker.invalidate();
      }
    },
    overlay,
    get rewriteStore() {
      return rewriteSession().store;
    },
  };
}

function distance(s: Suggestion, caret: number): number {
  if (caret >= s.start && caret <= s.end) return 0;
  return Math.min(Math.abs(caret - s.start), Math.abs(caret - s.end));
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
