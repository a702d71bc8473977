import { useEffect, useRef, useState } from 'react';
import type { Parsed } from './validation';

export interface DraftOptions<T> {
  /** The stored value. */
  value: T;
  format(value: T): string;
  parse(text: string): Parsed<T>;
  /** Called with a valid value that differs from the stored one. */
  onCommit(value: T): void;
  /** Pause in typing after which a valid value is saved. */
  delayMs?: number;
}

/**
 * A text field over a stored setting. What the user types is a draft: it is saved when valid
 * (after a pause, on Enter, on leaving the field), shown with an inline error when not, and never
 * overwritten by storage while the field has focus.
 */
export function useDraft<T>({ value, format, parse, onCommit, delayMs = 600 }: DraftOptions<T>) {
  const [draft, setDraft] = useState(() => format(value));
  const [synced, setSynced] = useState(value);
  const [focused, setFocused] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  // Storage changed (here or elsewhere) while the user is not editing: show the stored value.
  if (!focused && !Object.is(synced, value)) {
    setSynced(value);
    setDraft(format(value));
    setError(null);
  }

  useEffect(() => () => clearTimeout(timer.current), []);

  function commit(text: string) {
    clearTimeout(timer.current);
    const parsed = parse(text);
    if (!parsed.ok) {
      setError(parsed.error);
      return;
    }
    setError(null);
    setSynced(parsed.value);
    if (!Object.is(parsed.value, value)) onCommit(parsed.value);
  }

  return {
    draft,
    error,
    onChange(text: string) {
      setDraft(text);
      clearTimeout(timer.current);
      timer.current = setTimeout(() => commit(text), delayMs);
    },
    onFocus() {
      setFocused(true);
    },
    onBlur() {
      setFocused(false);
      commit(draft);
    },
    /** Enter in a single-line field saves at once. */
    commitNow() {
      commit(draft);
    },
  };
}
