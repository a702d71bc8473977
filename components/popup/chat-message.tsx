import { useEffect, useState } from 'react';
import type { ChatEntry } from './chat-view';
import { ChatMarkdown } from './chat-markdown';

const COPIED_MS = 1500;

function CopyButton({ text }: { text: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), COPIED_MS);
    return () => clearTimeout(timer);
  }, [state]);
  const copy = () => {
    navigator.clipboard.writeText(text).then(
      () => setState('copied'),
      () => setState('failed'),
    );
  };
  return (
    <button type="button" className="rl-small-button" onClick={copy}>
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : 'Copy'}
    </button>
  );
}

/** One bubble of the chat log. */
export function ChatMessage({ entry }: { entry: ChatEntry }) {
  if (entry.role === 'user') {
    return (
      <article className="rl-msg rl-msg-user" aria-label="You">
        <p className="rl-msg-text">{entry.content}</p>
      </article>
    );
  }
  const waiting = entry.live && !entry.content;
  return (
    <article className={`rl-msg rl-msg-assistant${entry.error ? ' rl-msg-failed' : ''}`} aria-label="Redline">
      {waiting ? (
        <p className="rl-muted rl-thinking">Thinking…</p>
      ) : (
        entry.content && <ChatMarkdown text={entry.content} />
      )}
      {entry.error && (
        <p className="rl-msg-error">
          <strong>Error:</strong> {entry.error}
        </p>
      )}
      {!entry.live && (entry.stopped || entry.content) && (
        <div className="rl-msg-footer">
          {entry.stopped && <span className="rl-muted">(stopped)</span>}
          {entry.content && <CopyButton text={entry.content} />}
        </div>
      )}
    </article>
  );
}
