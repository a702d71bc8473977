import {
  useEffect,
  useMemo,
  useRef,
  type CSSProperties,
  type KeyboardEvent as ReactKeyboardEvent,
} from 'react';
import { useStore } from 'zustand';
import type { RewriteMenuItem } from '@/utils/rewrite/actions';
import { wordDiff } from '@/utils/rewrite/word-diff';
import { PersonButton } from '../person-button';
import { PANEL_WIDTH, type PanelView, type Placement, type RewriteActions, type RewriteStore } from './store';

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
  // Only once the result is complete: a diff of half a sentence says little and costs a pass per chunk.
  const diff = useMemo(
    () => (finished ? wordDiff(panel.original, panel.result) : null),
    [finished, panel.original, panel.result],
  );

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
          {panel.result || (running ? '' : '(no text)')}
        </div>
      )}
      {panel.original && panel.phase !== 'refused' && (
        <details className="rl-rw-original" open={Boolean(diff)}>
          <summary>{diff ? 'Changes from the original' : 'Original'}</summary>
          <p aria-label={diff ? 'Changes from the original' : 'Original'}>
            {diff
              ? diff.map((part, i) =>
                  part.kind === 'same' ? (
                    <span key={i}>{part.text}</span>
                  ) : part.kind === 'removed' ? (
                    <del key={i}>{part.text}</del>
                  ) : (
                    <ins key={i}>{part.text}</ins>
                  ),
                )
              : panel.original}
          </p>
        </details>
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
                disabled={!finished}
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
