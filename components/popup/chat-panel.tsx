import { useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { buildChatEntries, isInFlight } from './chat-view';
import { ChatMessage } from './chat-message';
import { chatBlockedReason, usePopup } from './store';

/** How close to the bottom (px) still counts as "following" the conversation. */
const FOLLOW_SLACK = 40;

function ChatLog() {
  const history = usePopup((s) => s.history);
  const pending = usePopup((s) => s.pending);
  const entries = useMemo(() => buildChatEntries(history, pending), [history, pending]);
  const logRef = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  const lastScrollTop = useRef(0);

  // Keeps the newest text in view while it streams, unless the reader scrolled up.
  useLayoutEffect(() => {
    const log = logRef.current;
    if (log && following.current) log.scrollTop = log.scrollHeight;
  }, [entries]);

  // The log also shrinks when a notice appears above it or the composer grows below it.
  useEffect(() => {
    const log = logRef.current;
    if (!log) return;
    const observer = new ResizeObserver(() => {
      if (following.current) log.scrollTop = log.scrollHeight;
    });
    observer.observe(log);
    return () => observer.disconnect();
  }, []);

  return (
    <div
      ref={logRef}
      className="rl-log"
      role="log"
      aria-live="polite"
      aria-label="Chat"
      aria-busy={isInFlight(pending)}
      tabIndex={0}
      onScroll={(e) => {
        // Only a scroll up (the reader's) stops following; the log resizing or growing does not.
        const log = e.currentTarget;
        if (log.scrollHeight - log.scrollTop - log.clientHeight < FOLLOW_SLACK) following.current = true;
        else if (log.scrollTop < lastScrollTop.current) following.current = false;
        lastScrollTop.current = log.scrollTop;
      }}
    >
      {entries.length === 0 ? (
        <p className="rl-log-empty rl-muted">
          Ask anything about your writing: “Is this sentence clear?”, “Give me three titles for…”.
        </p>
      ) : (
        entries.map((entry) => <ChatMessage key={entry.key} entry={entry} />)
      )}
    </div>
  );
}

function Composer() {
  const [text, setText] = useState('');
  const inFlight = usePopup((s) => isInFlight(s.pending));
  const stopping = usePopup((s) => s.pending?.phase === 'stopping');
  const hasHistory = usePopup((s) => s.history.length > 0 || s.pending !== null);
  const blocked = usePopup((s) => chatBlockedReason(s.settings, s.key));
  const send = usePopup((s) => s.send);
  const stop = usePopup((s) => s.stop);
  const clearHistory = usePopup((s) => s.clearHistory);

  const canSend = !blocked && !inFlight && text.trim().length > 0;
  const submit = () => {
    if (canSend && send(text)) setText('');
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    // Enter sends; Shift+Enter is a newline; Enter that confirms an IME composition is neither.
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    }
  };

  return (
    <form
      className="rl-composer"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      {blocked && <p className="rl-composer-blocked rl-muted">{blocked}</p>}
      <textarea
        aria-label="Message"
        placeholder={
          blocked ? 'Chat is unavailable' : 'Message Redline… (Enter to send, Shift+Enter for a new line)'
        }
        rows={2}
        value={text}
        disabled={blocked !== null}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <div className="rl-composer-actions">
        <button type="button" onClick={() => void clearHistory()} disabled={inFlight || !hasHistory}>
          Clear
        </button>
        <span className="rl-spacer" />
        <button type="button" onClick={stop} disabled={!inFlight || stopping}>
          Stop
        </button>
        <button type="submit" className="primary" disabled={!canSend}>
          Send
        </button>
      </div>
    </form>
  );
}

/** The chat with the user's model: history, the streaming reply, and the composer. */
export function ChatPanel() {
  return (
    <section className="rl-chat" aria-label="Chat with your model">
      <ChatLog />
      <Composer />
    </section>
  );
}
