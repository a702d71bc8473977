import { useEffect, useId, useRef, useState } from 'react';
import browser from 'webextension-polyfill';
import { MAX_CUSTOM_PROMPTS, type CustomPrompt } from '@/utils/settings';
import { DraftField } from './fields';
import { useOptions } from './options-context';
import { Section } from './section';
import { parseCustomPrompt, parseLanguage } from './validation';

const LANGUAGES = [
  'Arabic',
  'Chinese (Simplified)',
  'Chinese (Traditional)',
  'Dutch',
  'English',
  'French',
  'German',
  'Hindi',
  'Italian',
  'Japanese',
  'Korean',
  'Polish',
  'Portuguese',
  'Russian',
  'Spanish',
  'Swedish',
  'Turkish',
  'Ukrainian',
];

/** The right-click rewrites: the Translate target and the user's own prompts. */
export function RewritesSection() {
  const id = useId();
  const language = useOptions((s) => s.settings.translateLanguage);
  const update = useOptions((s) => s.update);
  return (
    <Section
      title="Rewrites"
      autosave="rewrites"
      intro="Select text, right-click, and choose Redline to rewrite it with your model."
    >
      <RewriteShortcut />
      <DraftField
        label="Translate to"
        hint="The language the Translate rewrite produces. Any language your model knows."
        value={language}
        format={(value) => value}
        parse={parseLanguage}
        onCommit={(translateLanguage) => void update('rewrites', () => ({ translateLanguage }))}
        list={`${id}-languages`}
        className="narrow"
      />
      <datalist id={`${id}-languages`}>
        {LANGUAGES.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
      <CustomPrompts />
    </Section>
  );
}

/** The `commands` entry of wxt.config.ts (PICKER_COMMAND). */
const PICKER_COMMAND = 'rewrite-selection';

/** The keyboard shortcut that opens the same menu in the page, as the browser has it now. */
function RewriteShortcut() {
  const [shortcut, setShortcut] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    void browser.commands
      .getAll()
      .then((commands) => setShortcut(commands.find((c) => c.name === PICKER_COMMAND)?.shortcut || null))
      .catch(() => setShortcut(null));
  }, []);
  if (shortcut === undefined) return null;
  const where = navigator.userAgent.includes('Firefox')
    ? 'about:addons → ⚙ → Manage Extension Shortcuts'
    : 'chrome://extensions/shortcuts';
  return (
    <p className="hint rl-muted">
      {shortcut ? (
        <>
          Keyboard: <kbd>{shortcut}</kbd> opens the same list next to the selected text.
        </>
      ) : (
        'No keyboard shortcut is set for the rewrite list.'
      )}{' '}
      Change it at {where}.
    </p>
  );
}

function CustomPrompts() {
  const id = useId();
  const prompts = useOptions((s) => s.settings.customPrompts);
  const update = useOptions((s) => s.update);
  const [editing, setEditing] = useState<number | null>(null);
  const [name, setName] = useState('');
  const [instruction, setInstruction] = useState('');
  const [error, setError] = useState<{ field: 'name' | 'instruction'; text: string } | null>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const instructionRef = useRef<HTMLTextAreaElement>(null);
  const full = prompts.length >= MAX_CUSTOM_PROMPTS && editing === null;

  function reset() {
    setEditing(null);
    setName('');
    setInstruction('');
    setError(null);
  }

  function submit() {
    const parsed = parseCustomPrompt(name, instruction, prompts, editing);
    if (!parsed.ok) {
      setError({ field: parsed.field, text: parsed.error });
      (parsed.field === 'name' ? nameRef : instructionRef).current?.focus();
      return;
    }
    const index = editing;
    void update('rewrites', (current) => ({
      customPrompts:
        index === null
          ? [...current.customPrompts, parsed.value]
          : current.customPrompts.map((prompt, i) => (i === index ? parsed.value : prompt)),
    }));
    reset();
  }

  function remove(index: number) {
    void update('rewrites', (current) => ({
      customPrompts: current.customPrompts.filter((_, i) => i !== index),
    }));
    if (editing === index) reset();
    else if (editing !== null && editing > index) setEditing(editing - 1);
  }

  return (
    <div className="subsection">
      <h3>Custom prompts</h3>
      <p className="hint rl-muted">
        Your own rewrites, listed in the right-click menu under Redline ({prompts.length} of{' '}
        {MAX_CUSTOM_PROMPTS}
        ).
      </p>
      {prompts.length === 0 ? (
        <p className="empty rl-muted">No custom prompts yet.</p>
      ) : (
        <ul className="prompt-list" aria-label="Custom prompts">
          {prompts.map((prompt: CustomPrompt, index) => (
            <li key={`${index}-${prompt.name}`} aria-current={editing === index ? 'true' : undefined}>
              <div className="prompt-text">
                <strong>{prompt.name}</strong>
                <span className="rl-muted">{prompt.instruction}</span>
              </div>
              <div className="prompt-actions">
                <button
                  type="button"
                  aria-label={`Edit ${prompt.name}`}
                  onClick={() => {
                    setEditing(index);
                    setName(prompt.name);
                    setInstruction(prompt.instruction);
                    setError(null);
                    nameRef.current?.focus();
                  }}
                >
                  Edit
                </button>
                <button type="button" aria-label={`Remove ${prompt.name}`} onClick={() => remove(index)}>
                  Remove
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      <form
        className="prompt-form stack"
        noValidate
        aria-labelledby={`${id}-form-title`}
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <h4 id={`${id}-form-title`}>
          {editing === null ? 'Add a prompt' : `Edit “${prompts[editing]?.name ?? ''}”`}
        </h4>
        {full && (
          <p className="rl-muted">
            You have {MAX_CUSTOM_PROMPTS} prompts, the most Redline keeps. Remove one to add another.
          </p>
        )}
        <div className="field narrow">
          <label htmlFor={`${id}-name`}>Prompt name</label>
          <input
            id={`${id}-name`}
            ref={nameRef}
            type="text"
            maxLength={60}
            autoComplete="off"
            placeholder="e.g. Tweet"
            disabled={full}
            value={name}
            aria-invalid={error?.field === 'name' ? true : undefined}
            aria-describedby={error?.field === 'name' ? `${id}-error` : undefined}
            onChange={(event) => {
              setName(event.target.value);
              setError(null);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-instruction`}>Instruction</label>
          <textarea
            id={`${id}-instruction`}
            ref={instructionRef}
            rows={3}
            maxLength={2000}
            placeholder="e.g. Rewrite this as a tweet under 280 characters."
            disabled={full}
            value={instruction}
            aria-invalid={error?.field === 'instruction' ? true : undefined}
            aria-describedby={error?.field === 'instruction' ? `${id}-error` : undefined}
            onChange={(event) => {
              setInstruction(event.target.value);
              setError(null);
            }}
          />
        </div>
        {error && (
          <p id={`${id}-error`} role="alert" className="field-message rl-error">
            {error.text}
          </p>
        )}
        <div className="actions">
          <button type="submit" disabled={full}>
            {editing === null ? 'Add prompt' : 'Update prompt'}
          </button>
          {editing !== null && (
            <button type="button" onClick={reset}>
              Cancel
            </button>
          )}
        </div>
      </form>
    </div>
  );
}
