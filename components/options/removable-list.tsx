import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { Parsed } from './validation';

interface RemovableListProps {
  /** Names the list for assistive tech, e.g. "Sites where Redline is off". */
  label: string;
  items: readonly string[];
  empty: ReactNode;
  onRemove(item: string): void;
  /** What the user sees for an item (defaults to the item itself); also names its Remove button. */
  describe?(item: string): string;
}

/** A list of stored strings, each with a Remove button; focus stays in the list after a removal. */
export function RemovableList({
  label,
  items,
  empty,
  onRemove,
  describe = (item) => item,
}: RemovableListProps) {
  const listRef = useRef<HTMLUListElement>(null);
  /** Where the removed item was, so focus can land on its neighbour instead of the page. */
  const removedIndex = useRef<number | null>(null);

  useEffect(() => {
    const index = removedIndex.current;
    if (index === null) return;
    removedIndex.current = null;
    const buttons = listRef.current?.querySelectorAll<HTMLButtonElement>('button[data-remove]');
    buttons?.[Math.min(index, buttons.length - 1)]?.focus();
  }, [items]);

  if (items.length === 0) return <p className="empty rl-muted">{empty}</p>;
  return (
    <ul ref={listRef} className="removable-list" aria-label={label}>
      {items.map((item, index) => (
        <li key={item}>
          <span className="item-text">{describe(item)}</span>
          <button
            type="button"
            data-remove
            aria-label={`Remove ${describe(item)}`}
            onClick={() => {
              removedIndex.current = index;
              onRemove(item);
            }}
          >
            Remove
          </button>
        </li>
      ))}
    </ul>
  );
}

interface AddFormProps {
  label: string;
  buttonLabel: string;
  placeholder?: string;
  parse(text: string): Parsed<string>;
  onAdd(value: string): void;
}

/** One input and an Add button; refuses (with a message) what `parse` refuses. */
export function AddForm({ label, buttonLabel, placeholder, parse, onAdd }: AddFormProps) {
  const id = useId();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="add-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const parsed = parse(text);
        if (!parsed.ok) {
          setError(parsed.error);
          return;
        }
        setError(null);
        setText('');
        onAdd(parsed.value);
      }}
    >
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <div className="input-row">
          <input
            id={id}
            type="text"
            autoComplete="off"
            spellCheck={false}
            placeholder={placeholder}
            value={text}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
            onChange={(event) => {
              setText(event.target.value);
              setError(null);
            }}
          />
          <button type="submit">{buttonLabel}</button>
        </div>
        {error && (
          <p id={`${id}-error`} role="alert" className="field-message rl-error">
            {error}
          </p>
        )}
      </div>
    </form>
  );
}
