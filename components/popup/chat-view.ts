import type { ChatTurn } from '@/utils/settings';

/**
 * The exchange in flight, as the popup sees it. The background records both turns in
 * `chatHistoryItem`; until each lands there, the popup shows its own copy, so nothing flickers
 * whichever arrives first (the storage change or the port message).
 */
export interface PendingExchange {
  /** Distinguishes this exchange from an earlier one whose port messages are still arriving. */
  id: number;
  /** As sent (trimmed, like the background stores it). */
  userText: string;
  /** The streamed reply so far. */
  reply: string;
  /** `stopping`: Stop was pressed, the background has not confirmed yet. */
  phase: 'waiting' | 'streaming' | 'stopping' | 'done';
  stopped: boolean;
  error?: string;
  /** The background has written the user turn to the history. */
  userRecorded: boolean;
}

/** One bubble in the chat log. */
export interface ChatEntry {
  key: string;
  role: 'user' | 'assistant';
  content: string;
  /** Still streaming. */
  live: boolean;
  stopped: boolean;
  error?: string;
}

export function isInFlight(pending: PendingExchange | null): boolean {
  return pending !== null && pending.phase !== 'done';
}

/** Keeps the well-formed turns of whatever storage holds; a damaged entry never breaks the popup. */
export function parseHistory(raw: unknown): ChatTurn[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((entry: unknown): ChatTurn[] => {
    if (!entry || typeof entry !== 'object') return [];
    const { role, content, incomplete, error } = entry as Record<string, unknown>;
    if ((role !== 'user' && role !== 'assistant') || typeof content !== 'string') return [];
    const turn: ChatTurn = { role, content };
    if (incomplete === true) turn.incomplete = true;
    if (typeof error === 'string' && error) turn.error = error;
    return [turn];
  });
}

/**
 * Folds a history change into the pending exchange: notes when the user turn is recorded and
 * returns null once the reply is (the history then shows the whole exchange).
 */
export function reconcilePending(
  pending: PendingExchange,
  history: readonly ChatTurn[],
): PendingExchange | null {
  const last = history.at(-1);
  if (!last) return pending;
  if (last.role === 'user') {
    return last.content === pending.userText && !pending.userRecorded
      ? { ...pending, userRecorded: true }
      : pending;
  }
  const previous = history.at(-2);
  const userTurnFound = previous?.role === 'user' && previous.content === pending.userText;
  return pending.userRecorded || userTurnFound ? null : pending;
}

/** The log's bubbles: the recorded history, then whatever of the pending exchange is not recorded yet. */
export function buildChatEntries(history: readonly ChatTurn[], pending: PendingExchange | null): ChatEntry[] {
  const entries: ChatEntry[] = history.map((turn, index) => ({
    key: `h${index}`,
    role: turn.role,
    content: turn.content,
    live: false,
    stopped: turn.role === 'assistant' && turn.incomplete === true && !turn.error,
    ...(turn.error ? { error: turn.error } : {}),
  }));
  if (!pending) return entries;
  if (!pending.userRecorded) {
    entries.push({
      key: `p${pending.id}u`,
      role: 'user',
      content: pending.userText,
      live: false,
      stopped: false,
    });
  }
  entries.push({
    key: `p${pending.id}a`,
    role: 'assistant',
    content: pending.reply,
    live: pending.phase !== 'done',
    stopped: pending.stopped && !pending.error,
    ...(pending.error ? { error: pending.error } : {}),
  });
  return entries;
}
