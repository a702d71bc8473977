import {
  useEffect,
  useLayoutEffect,
  useRef,
  type KeyboardEvent as ReactKeyboardEvent,
  type MouseEvent,
} from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { Category, Suggestion } from '@/utils/text/types';
import { LANGUAGES } from '@/utils/language/languages';
import { PersonButton, layerIntact } from '../person-button';
import type { Box, OverlayStore } from './store';

const CATEGORY_LABEL: Record<Category, string> = {
  spelling: 'Spelling',
  grammar: 'Grammar',
  punctuation: 'Punctuation',
  clarity: 'Clarity',
  style: 'Style',
  tone: 'Tone',
};

/** "grammar: go → goes" — the accessible name the contract promises; "style: very" when only flagged. */
export function suggestionLabel(s: Suggestion): string {
  if (s.flagOnly) return `${s.category}: ${s.original}`;
  return `${s.category}: ${s.original} → ${s.replacement || '(delete)'}`;
}

/** Who made the suggestion, as the card says it. */
export function sourceLabel(s: Suggestion): string {
  if (s.rule.startsWith('rule:')) return 'Your rule';
  return s.source === 'local' ? 'Local check' : 'Your model';
}

/** Keeps focus in the page's field: clicking the overlay must not blur what the person is typing in. */
const keepFocus = (event: MouseEvent) => event.preventDefault();

export function OverlayApp({ store }: { store: OverlayStore }) {
  const underlines = useStore(store, (s) => s.underlines);
  const card = useStore(store, (s) => s.card);
  const actions = useStore(store, (s) => s.actions);
  return (
    <>
      {underlines.map(({ suggestion, rects }) => {
        const [first, ...rest] = rects;
        if (!first) return null;
        return (
          <div
            key={suggestion.id}
            className={`rl-underline rl-${suggestion.category}${card?.id === suggestion.id ? ' rl-active' : ''}`}
            style={place(first)}
            data-suggestion-id={suggestion.id}
            role="button"
            tabIndex={-1}
            aria-label={suggestionLabel(suggestion)}
            aria-haspopup="dialog"
            onMouseDown={keepFocus}
            onClick={(event) => {
              // A page's `.click()` opens nothing: only a person's click on a layer the page left alone.
              if (event.nativeEvent.isTrusted && layerIntact(event.currentTarget))
                actions.openCard(suggestion.id, false);
            }}
          >
            {rest.map((rect, i) => (
              <div
                key={i}
                aria-hidden="true"
                className="rl-underline-part"
                style={{
                  left: rect.x - first.x,
                  top: rect.y - first.y,
                  width: rect.width,
                  height: rect.height,
                }}
              />
            ))}
          </div>
        );
      })}
      <Card store={store} />
      <Badge store={store} />
    </>
  );
}

const place = (box: Box) => ({ left: box.x, top: box.y, width: box.width, height: box.height });

const CARD_WIDTH = 320;

function Card({ store }: { store: OverlayStore }) {
  const card = useStore(store, (s) => s.card);
  const live = useStore(store, (s) => s.underlines.find((u) => u.suggestion.id === s.card?.id));
  const underline = live ?? (card?.notice ? card.held : undefined);
  const actions = useStore(store, (s) => s.actions);
  const acceptRef = useRef<HTMLButtonElement>(null);
  const dismissRef = useRef<HTMLButtonElement>(null);
  const dialogRef = useRef<HTMLDivElement>(null);
  const flagOnly = Boolean(underline?.suggestion.flagOnly);

  useEffect(() => {
    // From the keyboard, focus goes to the first button that can act: Accept, or Dismiss when a
    // notice has turned Accept off or there is nothing to accept.
    if (card?.viaKeyboard) (card.notice || flagOnly ? dismissRef : acceptRef).current?.focus();
  }, [card?.id, card?.viaKeyboard, card?.notice, flagOnly]);

  useEffect(() => {
    if (!card) return;
    // A click anywhere else (in the page, in the field) closes the card.
    const onPointerDown = (event: PointerEvent) => {
      if (event.isTrusted && !event.composedPath().includes(dialogRef.current as EventTarget))
        actions.closeCard(false);
    };
    document.addEventListener('pointerdown', onPointerDown, true);
    return () => document.removeEventListener('pointerdown', onPointerDown, true);
  }, [card, actions]);

  if (!card || !underline) return null;
  const s = underline.suggestion;
  const anchor = underline.rects[0] as Box;
  const below = anchor.y + anchor.height + 6;
  const top = below + 190 > window.innerHeight && anchor.y > 200 ? undefined : below;
  const style = {
    left: Math.max(8, Math.min(anchor.x, window.innerWidth - CARD_WIDTH - 8)),
    ...(top === undefined ? { bottom: window.innerHeight - anchor.y + 6 } : { top }),
    width: CARD_WIDTH,
  };

  const onKeyDown = (event: ReactKeyboardEvent) => {
    if (!event.nativeEvent.isTrusted) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      actions.closeCard(true);
    } else if (event.key === 'Tab') {
      event.preventDefault();
      actions.step(event.shiftKey ? -1 : 1);
    } else if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
      const buttons = [...(dialogRef.current?.querySelectorAll('button') ?? [])];
      const index = buttons.indexOf(document.activeElement?.shadowRoot?.activeElement as HTMLButtonElement);
      const next = buttons[(index + (event.key === 'ArrowRight' ? 1 : -1) + buttons.length) % buttons.length];
      next?.focus();
      event.preventDefault();
    }
    event.stopPropagation();
  };

  return (
    <div
      ref={dialogRef}
      className="rl-card"
      role="dialog"
      aria-label={`${CATEGORY_LABEL[s.category]} suggestion`}
      style={style}
      onMouseDown={keepFocus}
      onKeyDown={onKeyDown}
    >
      <div className="rl-card-head">
        <span className={`rl-chip rl-${s.category}`}>{CATEGORY_LABEL[s.category]}</span>
        <span className="rl-source">{sourceLabel(s)}</span>
      </div>
      {s.flagOnly ? (
        <p className="rl-change">
          <mark>{s.original}</mark>
        </p>
      ) : (
        <p className="rl-change">
          <del>{s.original}</del> <span aria-hidden="true">→</span> <ins>{s.replacement || '(delete)'}</ins>
        </p>
      )}
      {s.explanation && <p className="rl-explanation">{s.explanation}</p>}
      {card.notice && (
        <p className="rl-notice" role="alert">
          {card.notice}
        </p>
      )}
      <div className="rl-actions">
        {!s.flagOnly && (
          <PersonButton
            ref={acceptRef}
            className="rl-primary"
            disabled={Boolean(card.notice)}
            onPress={() => actions.accept(s.id)}
          >
            Accept
          </PersonButton>
        )}
        <PersonButton ref={dismissRef} onPress={() => actions.dismiss(s.id)}>
          Dismiss
        </PersonButton>
        <PersonButton onPress={() => actions.ignoreRule(s.id, false)}>Ignore rule</PersonButton>
        <PersonButton onPress={() => actions.ignoreRule(s.id, true)}>Ignore on this site</PersonButton>
        {s.word && (
          <PersonButton onPress={() => actions.addToDictionary(s.id)}>Add to dictionary</PersonButton>
        )}
      </div>
      <p className="rl-hint">
        {s.flagOnly ? 'Tab: next · Esc: close' : 'Tab: next · Enter: accept · Esc: close'}
      </p>
    </div>
  );
}

/**
 * "Language on example.com": detect it (the default), or pin one of the local checker's languages
 * for the site; pinning turns that language on.
 */
function LanguageMenu({
  hostname,
  pinned,
  actions,
}: Pick<ReturnType<OverlayStore['getState']>, 'hostname' | 'actions'> & { pinned: string | null }) {
  const label = `Language on ${hostname || 'this site'}`;
  // Pinning a language the person has not enabled turns it on (`site.language`).
  return (
    <div className="rl-menu-group" role="group" aria-label={label}>
      <p className="rl-menu-label" aria-hidden="true">
        {label}
      </p>
      <PersonButton
        role="menuitemradio"
        aria-checked={pinned === null}
        onPress={() => actions.pinLanguage(null)}
      >
        Detect automatically
      </PersonButton>
      {LANGUAGES.map(({ code, name }) => (
        <PersonButton
          key={code}
          role="menuitemradio"
          aria-checked={pinned === code}
          onPress={() => actions.pinLanguage(code)}
        >
          {name}
        </PersonButton>
      ))}
    </div>
  );
}

type BadgeState = Pick<ReturnType<OverlayStore['getState']>, 'status' | 'count' | 'model'>;

function statusText(state: BadgeState): string {
  switch (state.status.state) {
    case 'checking':
      return 'Checking…';
    case 'error':
      return state.status.message;
    default:
      return state.count === 0 ? 'No issues' : `${state.count} issue${state.count === 1 ? '' : 's'}`;
  }
}

/** What the model checker has to say: why it failed, or why only local checks run. */
function modelNote(state: BadgeState): string | null {
  if (state.model.state === 'error') return `Your model: ${state.model.message}`;
  if (state.model.state === 'off' && state.model.message) return `Local checks only. ${state.model.message}`;
  return null;
}

function Badge({ store }: { store: OverlayStore }) {
  // Only what the badge shows: underline updates alone do not re-render it.
  const state = useStore(
    store,
    useShallow((s) => ({
      field: s.field,
      menuOpen: s.menuOpen,
      actions: s.actions,
      hostname: s.hostname,
      pinnedLanguage: s.pinnedLanguage,
      notice: s.notice,
      status: s.status,
      model: s.model,
      count: s.count,
    })),
  );
  const { field, menuOpen, actions, hostname, pinnedLanguage, notice } = state;
  // The menu opens upward and the notice downward (off the text); each turns to the other side
  // when it would leave the window there and the other side has more room.
  const menuRef = useRef<HTMLDivElement>(null);
  const toastRef = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const fit = (element: HTMLElement | null, className: string) => {
      if (!element) return;
      const box = element.getBoundingClientRect();
      const anchor = element.parentElement?.getBoundingClientRect();
      if (!anchor) return;
      const above = anchor.top;
      const below = window.innerHeight - anchor.bottom;
      if (box.top < 0 && below > above) element.classList.add(className);
      if (box.bottom > window.innerHeight && above > below) element.classList.add(className);
    };
    fit(menuRef.current, 'rl-below');
    fit(toastRef.current, 'rl-above');
  }, [menuOpen, notice]);
  if (!field) return null;
  const note = modelNote(state);
  const text = note ? `${statusText(state)}. ${note}` : statusText(state);
  const error = state.status.state === 'error' || state.model.state === 'error';
  const short = state.status.state === 'checking' ? '…' : error ? '!' : String(state.count);
  return (
    <div
      className="rl-badge-wrap"
      style={{ left: field.x + field.width - 30, top: field.y + field.height - 28 }}
      onMouseDown={keepFocus}
    >
      <PersonButton
        className={`rl-badge${error ? ' rl-badge-error' : ''}${state.count ? ' rl-badge-issues' : ''}`}
        aria-label={`Redline: ${text}`}
        aria-haspopup="menu"
        aria-expanded={menuOpen}
        title={`Redline: ${text}`}
        onPress={() => actions.toggleMenu()}
      >
        {short}
      </PersonButton>
      {menuOpen && (
        <div ref={menuRef} className="rl-menu" role="menu" aria-label="Redline">
          <p className="rl-menu-status" role="status">
            {statusText(state)}
          </p>
          {note && (
            <p className={`rl-menu-note${state.model.state === 'error' ? ' rl-menu-error' : ''}`}>{note}</p>
          )}
          {note && (
            <PersonButton role="menuitem" onPress={() => actions.openSettings()}>
              Open Redline settings
            </PersonButton>
          )}
          <PersonButton role="menuitem" onPress={() => actions.disableSite()}>
            Turn off on {hostname || 'this site'}
          </PersonButton>
          <LanguageMenu hostname={hostname} pinned={pinnedLanguage} actions={actions} />
        </div>
      )}
      {notice && !menuOpen && (
        <div ref={toastRef} className="rl-toast" role="status">
          <span>{notice}</span>
          <PersonButton aria-label="Close notice" onPress={() => actions.closeNotice()}>
            ×
          </PersonButton>
        </div>
      )}
    </div>
  );
}
