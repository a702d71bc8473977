import { useId, type ReactNode } from 'react';
import { useDraft } from './use-draft';
import type { Parsed } from './validation';

interface DraftFieldProps<T> {
  label: string;
  /** One line under the field saying what it does. Not part of the label. */
  hint?: ReactNode;
  value: T;
  format(value: T): string;
  parse(text: string): Parsed<T>;
  onCommit(value: T): void;
  placeholder?: string;
  inputMode?: 'text' | 'decimal' | 'numeric';
  /** id of a <datalist> with suggestions. */
  list?: string;
  multiline?: boolean;
  rows?: number;
  className?: string;
}

/** A labelled text field over a stored setting that saves itself when valid (see useDraft). */
export function DraftField<T>(props: DraftFieldProps<T>) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const { draft, error, onChange, onFocus, onBlur, commitNow } = useDraft(props);
  const describedBy =
    [error ? errorId : null, props.hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    value: draft,
    onFocus,
    onBlur,
    placeholder: props.placeholder,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
  } as const;
  return (
    <div className={`field ${props.className ?? ''}`}>
      <label htmlFor={id}>{props.label}</label>
      {props.multiline ? (
        <textarea {...common} rows={props.rows ?? 4} onChange={(event) => onChange(event.target.value)} />
      ) : (
        <input
          {...common}
          type="text"
          inputMode={props.inputMode}
          list={props.list}
          autoComplete="off"
          onChange={(event) => onChange(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') commitNow();
          }}
        />
      )}
      {error && (
        <p id={errorId} role="alert" className="field-message rl-error">
          {error}
        </p>
      )}
      {props.hint && (
        <p id={hintId} className="hint rl-muted">
          {props.hint}
        </p>
      )}
    </div>
  );
}

interface CheckboxProps {
  label: string;
  hint?: ReactNode;
  checked: boolean;
  onChange(checked: boolean): void;
}

export function Checkbox({ label, hint, checked, onChange }: CheckboxProps) {
  const id = useId();
  return (
    <div className="check">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(event) => onChange(event.target.checked)}
      />
      <div>
        <label htmlFor={id}>{label}</label>
        {hint && (
          <p id={`${id}-hint`} className="hint rl-muted">
            {hint}
          </p>
        )}
      </div>
    </div>
  );
}
