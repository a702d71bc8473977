import {
  useEffect,
  useRef,
  useState,
  type CSSProperties,
  type KeyboardEvent as ReactKeyboardEvent,
} from 'react';
import { useStore } from 'zustand';
import type { RewriteMenuItem } from '@/utils/rewrite/actions';
import { describeChange, reviewChanges, type ReviewChange } from '@/utils/rewrite/review';
import { PersonButton } from '../person-button';
import {
  PANEL_WIDTH,
  reviewedText,
  type PanelView,
  type Placement,
  type Review,
  type RewriteActions,
  type RewriteStore,
} from './store';

export function RewriteApp({ store }: { store: RewriteStore }) {
  const panel = useStore(store, (s) => s.panel);
  const picker = useStore(store, (s) => s.picker);
  const placement = useStore(store, (s) => s.placement);
  const actions = useStore(store, (s) => s.actions);
  if (!placement) return null;
  if (panel) return <Panel panel={panel} placement={placement} actions={actions} />;
  if (picker) return <Picker items={picker} placement={placement} actions={actions} />;
  return null;
}

function placementStyle(placement: Placement, width: number): CSSProperties {
  return {
    left: placement.left,
    ...(placement.top !== undefined ? { top: placement.top } : { bottom: placement.bottom }),
    width,
    maxHeight: placement.maxHeight,
  };
}

/** Focus and the active element inside this shadow root. */
function activeIn(element: HTMLElement | null): Element | null {
  const root = element?.getRootNode() as ShadowRoot | undefined;
  return root?.activeElement ?? null;
}

const STATUS: Record<PanelView['phase'], string> = {
  waiting: 'Asking your model…',
  streaming: 'Writing…',
  done: '',
  stopped: 'Stopped.',
  error: '',
  refused: '',
};

function Panel({
  panel,
  placement,
  actions,
}: {
  panel: PanelView;
  placement: Placement;
  actions: RewriteActions;
}) {
  const dialogRef = useRef<HTMLDivElement>(null);
  const running = panel.phase === 'waiting' || panel.phase === 'streaming';
  const finished = panel.phase === 'done' && Boolean(panel.result);
  const text = reviewedText(panel);
  // Every change rejected: Replace would put back what is there.
  const nothingKept = finished && text === panel.original;

  // The dialog takes focus when it opens (Esc works at once). When the run ends, Stop goes away:
  // focus moves to the first button that can act (Replace, else Copy), so it never falls to the page.
  useEffect(() => {
    dialogRef.current?.focus({ preventScroll: true });
  }, []);
  useEffect(() => {
    const dialog = dialogRef.current;
    if (running || !dialog) return;
    const active = activeIn(dialog);
    if (active && active !== dialog && dialog.contains(active) && !active.matches(':disabled')) return;
    // Someone typing elsewhere in the page keeps their focus.
    const pageFocus = dialog.ownerDocument.activeElement;
    const host = (dialog.getRootNode() as ShadowRoot).host;
    if (!active && pageFocus && pageFocus !== dialog.ownerDocument.body && pageFocus !== host) return;
    const next = dialog.querySelector<HTMLButtonElement>('.rl-rw-actions button:not(:disabled)');
    (next ?? dialog).focus({ preventScroll: true });
  }, [running, finished]);

  const onKeyDown = (event: ReactKeyboardEvent) => {
    if (event.key === 'Escape' && event.nativeEvent.isTrusted) {
      event.preventDefault();
      actions.close();
    }
    // Keys typed in the panel are the panel's, not the page's shortcuts.
    event.stopPropagation();
  };

  return (
    <div
      ref={dialogRef}
      className="rl-rw-panel"
      role="dialog"
      aria-label="Rewrite"
      aria-describedby="rl-rw-status"
      tabIndex={-1}
      style={placementStyle(placement, Math.min(PANEL_WIDTH, window.innerWidth - 16))}
      onKeyDown={onKeyDown}
    >
      <div className="rl-rw-head">
        <span className="rl-rw-title">{panel.title}</span>
        <PersonButton className="rl-rw-close" aria-label="Close" onPress={actions.close}>
          ×
        </PersonButton>
      </div>
      <p id="rl-rw-status" className="rl-rw-status" role="status">
        {STATUS[panel.phase]}
      </p>
      {panel.message && (
        <p className="rl-rw-message" role="alert">
          {panel.message}
        </p>
      )}
      {panel.phase !== 'refused' && panel.phase !== 'error' && (
        <div className="rl-rw-result" aria-label="Result" aria-busy={running}>
          {text || (running ? '' : '(no text)')}
        </div>
      )}
      {panel.review && finished ? (
        <ChangesReview review={panel.review} actions={actions} />
      ) : (
        panel.original &&
        panel.phase !== 'refused' && (
          <details className="rl-rw-original">
            <summary>Original</summary>
            <p aria-label="Original">{panel.original}</p>
          </details>
        )
      )}
      {panel.notice && (
        <p
          className={`rl-rw-notice rl-rw-${panel.notice.tone}`}
          role={panel.notice.tone === 'error' ? 'alert' : 'status'}
        >
          {panel.notice.text}
        </p>
      )}
      <div className="rl-rw-actions">
        {running ? (
          <PersonButton key="stop" className="rl-rw-primary" onPress={actions.stop}>
            Stop
          </PersonButton>
        ) : (
          <>
            {panel.editable && (
              <PersonButton
                key="replace"
                className="rl-rw-primary"
                disabled={!finished || nothingKept}
                title={nothingKept ? 'Every change is rejected: nothing to replace.' : undefined}
                onPress={actions.replace}
              >
                Replace
              </PersonButton>
            )}
            {panel.phase !== 'refused' && (
              <PersonButton
                className={panel.editable ? undefined : 'rl-rw-primary'}
                disabled={!panel.result}
                onPress={actions.copy}
              >
                Copy
              </PersonButton>
            )}
            {panel.phase !== 'refused' && <PersonButton onPress={actions.retry}>Retry</PersonButton>}
          </>
        )}
      </div>
    </div>
  );
}

/**
 * The result as tracked changes in the original text: each change a group with Accept change and
 * Reject change. One change at a time is in the tab order; ↑/↓ move between changes, Enter keeps
 * the focused one and Backspace rejects it, and what happened is announced.
 */
function ChangesReview({ review, actions }: { review: Review; actions: RewriteActions }) {
  const changes = reviewChanges(review.parts);
  const rejected = new Set(review.rejected);
  const [current, setCurrent] = useState(0);
  const [said, setSaid] = useState('');
  const regionRef = useRef<HTMLDivElement>(null);
  const total = changes.length;
  if (total === 0) {
    return <p className="rl-rw-nochange">The result is the same as the original.</p>;
  }
  const kept = total - rejected.size;
  const name = (change: ReviewChange) =>
    `Change ${change.index + 1} of ${total}: ${describeChange(change)}${rejected.has(change.index) ? ', rejected' : ''}`;

  const decide = (change: ReviewChange, accept: boolean) => {
    actions.decide(change.index, accept);
    setCurrent(change.index);
    setSaid(`Change ${change.index + 1} ${accept ? 'kept' : 'rejected'}: ${describeChange(change)}.`);
  };
  const decideAll = (accept: boolean) => {
    actions.decide(null, accept);
    setSaid(accept ? `All ${total} changes kept.` : `All ${total} changes rejected.`);
  };
  const focusChange = (index: number) => {
    const to = Math.max(0, Math.min(total - 1, index));
    setCurrent(to);
    regionRef.current?.querySelector<HTMLElement>(`[data-change="${to}"]`)?.focus({ preventScroll: false });
  };
  const onKeyDown = (event: ReactKeyboardEvent, change: ReviewChange) => {
    if (!event.nativeEvent.isTrusted) return;
    const onGroup = event.target === event.currentTarget;
    if (event.key === 'ArrowDown' || event.key === 'ArrowRight') focusChange(change.index + 1);
    else if (event.key === 'ArrowUp' || event.key === 'ArrowLeft') focusChange(change.index - 1);
    else if (event.key === 'Home') focusChange(0);
    else if (event.key === 'End') focusChange(total - 1);
    else if (event.key === 'Enter' && onGroup) decide(change, true);
    else if ((event.key === 'Backspace' || event.key === 'Delete') && onGroup) decide(change, false);
    else return;
    event.preventDefault();
  };

  return (
    <div className="rl-rw-review">
      <div className="rl-rw-review-head">
        <span className="rl-rw-review-count">
          {kept === total
            ? `${total} ${total === 1 ? 'change' : 'changes'}`
            : `${kept} of ${total} ${total === 1 ? 'change' : 'changes'} kept`}
        </span>
        <PersonButton disabled={kept === total} onPress={() => decideAll(true)}>
          Accept all
        </PersonButton>
        <PersonButton disabled={kept === 0} onPress={() => decideAll(false)}>
          Reject all
        </PersonButton>
      </div>
      <div ref={regionRef} className="rl-rw-changes" aria-label="Changes">
        {review.parts.map((part, i) =>
          part.kind === 'same' ? (
            <span key={`s${i}`}>{part.text}</span>
          ) : (
            <span
              key={`c${part.index}`}
              role="group"
              aria-label={name(part)}
              aria-keyshortcuts="Enter Backspace ArrowUp ArrowDown"
              data-change={part.index}
              tabIndex={part.index === Math.min(current, total - 1) ? 0 : -1}
              className={`rl-rw-change${rejected.has(part.index) ? ' rl-rw-rejected' : ''}`}
              onKeyDown={(event) => onKeyDown(event, part)}
              onFocus={() => setCurrent(part.index)}
            >
              {part.removed && <del>{part.removed}</del>}
              {part.added && <ins>{part.added}</ins>}
              <span className="rl-rw-change-buttons">
                <PersonButton
                  aria-label="Accept change"
                  aria-pressed={!rejected.has(part.index)}
                  tabIndex={-1}
                  onPress={() => decide(part, true)}
                >
                  ✓
                </PersonButton>
                <PersonButton
                  aria-label="Reject change"
                  aria-pressed={rejected.has(part.index)}
                  tabIndex={-1}
                  onPress={() => decide(part, false)}
                >
                  ✕
                </PersonButton>
              </span>
            </span>
          ),
        )}
      </div>
      <span className="rl-rw-said" role="status">
        {said}
      </span>
    </div>
  );
}

/** The shortcut's menu: the same items as the right-click menu, arrow keys to move, Enter to choose. */
function Picker({
  items,
  placement,
  actions,
}: {
  items: RewriteMenuItem[];
  placement: Placement;
  actions: RewriteActions;
}) {
  const menuRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    menuRef.current?.querySelector('button')?.focus({ preventScroll: true });
  }, []);

  const onKeyDown = (event: ReactKeyboardEvent) => {
    if (!event.nativeEvent.isTrusted) return;
    const buttons = [...(menuRef.current?.querySelectorAll('button') ?? [])];
    const index = buttons.indexOf(activeIn(menuRef.current) as HTMLButtonElement);
    const move = (to: number) => buttons[(to + buttons.length) % buttons.length]?.focus();
    if (event.key === 'ArrowDown') move(index + 1);
    else if (event.key === 'ArrowUp') move(index - 1);
    else if (event.key === 'Home') move(0);
    else if (event.key === 'End') move(buttons.length - 1);
    else if (event.key === 'Escape' || event.key === 'Tab') actions.close();
    else {
      event.stopPropagation();
      return;
    }
    event.preventDefault();
    event.stopPropagation();
  };

  return (
    <div
      ref={menuRef}
      className="rl-rw-picker"
      role="menu"
      aria-label="Rewrite with Redline"
      style={placementStyle(placement, 240)}
      onKeyDown={onKeyDown}
    >
      {items.map((item) => (
        <PersonButton key={item.id} role="menuitem" onPress={() => actions.choose(item)}>
          {item.title}
        </PersonButton>
      ))}
    </div>
  );
}
