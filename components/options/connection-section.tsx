import { useId, useState } from 'react';
import { checkBaseURL, PROVIDER_IDS, PROVIDERS, type ProviderId } from '@/utils/providers';
import { useOptions } from './options-context';
import { Section } from './section';
import type { Notice } from './store';

function NoticeText({ notice, id }: { notice: Notice | null; id?: string }) {
  if (!notice) return null;
  const tone = notice.tone === 'busy' ? 'rl-muted' : `rl-${notice.tone}`;
  return (
    <span id={id} className={tone}>
      {notice.text}
    </span>
  );
}

/** Provider, Base URL, API key and model: a draft that Save applies (and Test connection tries). */
export function ConnectionSection() {
  const id = useId();
  const form = useOptions((s) => s.form);
  const keyStatus = useOptions((s) => s.keyStatus);
  const models = useOptions((s) => s.models);
  const baseUrlError = useOptions((s) => s.baseUrlError);
  const busy = useOptions((s) => s.busy);
  const saveNotice = useOptions((s) => s.saveNotice);
  const accessNotice = useOptions((s) => s.accessNotice);
  const testNotice = useOptions((s) => s.testNotice);
  const keyNotice = useOptions((s) => s.keyNotice);
  const privacyMode = useOptions((s) => s.settings.privacyMode);
  const editForm = useOptions((s) => s.editForm);
  const chooseProvider = useOptions((s) => s.chooseProvider);
  const save = useOptions((s) => s.save);
  const testConnection = useOptions((s) => s.testConnection);
  const forgetKey = useOptions((s) => s.forgetKey);
  const [showKey, setShowKey] = useState(false);

  const preset = PROVIDERS[form.provider];
  const check = checkBaseURL(form.baseURL);
  const httpWarning = check.ok ? check.warning : undefined;
  const ids = {
    provider: `${id}-provider`,
    providerHelp: `${id}-provider-help`,
    baseURL: `${id}-base-url`,
    baseURLError: `${id}-base-url-error`,
    baseURLWarning: `${id}-base-url-warning`,
    key: `${id}-key`,
    keyStatus: `${id}-key-status`,
    model: `${id}-model`,
    modelHint: `${id}-model-hint`,
    models: `${id}-models`,
  };
  const describe = (...parts: (string | false | null | undefined)[]) =>
    parts.filter(Boolean).join(' ') || undefined;

  return (
    <Section
      title="Connection"
      intro="Your own OpenAI-compatible model gives the deeper suggestions, rewrites and chat. The key stays in this browser and is only sent to the Base URL below."
    >
      <form
        className="stack"
        noValidate
        onSubmit={(event) => {
          // Synchronous up to the permission request inside save(): it needs the user gesture.
          event.preventDefault();
          void save();
        }}
      >
        {privacyMode && (
          <p className="callout rl-warn">
            Privacy mode is on: checks use only the local checker and send no text to your model.
          </p>
        )}
        <div className="field">
          <label htmlFor={ids.provider}>Provider</label>
          <select
            id={ids.provider}
            value={form.provider}
            aria-describedby={ids.providerHelp}
            onChange={(event) => chooseProvider(event.target.value as ProviderId)}
          >
            {PROVIDER_IDS.map((providerId) => (
              <option key={providerId} value={providerId}>
                {PROVIDERS[providerId].label}
              </option>
            ))}
          </select>
          <p id={ids.providerHelp} className="hint rl-muted">
            {preset.keyHelp}
          </p>
        </div>

        <div className="field">
          <label htmlFor={ids.baseURL}>Base URL</label>
          <input
            id={ids.baseURL}
            type="url"
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            placeholder="https://api.example.com/v1"
            value={form.baseURL}
            aria-invalid={baseUrlError ? true : undefined}
            aria-describedby={describe(baseUrlError && ids.baseURLError, httpWarning && ids.baseURLWarning)}
            onChange={(event) => editForm({ baseURL: event.target.value })}
          />
          {baseUrlError && (
            <p id={ids.baseURLError} role="alert" className="field-message rl-error">
              {baseUrlError}
            </p>
          )}
          {httpWarning && (
            <p id={ids.baseURLWarning} className="field-message rl-warn">
              {httpWarning}
            </p>
          )}
        </div>

        <div className="field">
          <label htmlFor={ids.key}>API key</label>
          <div className="input-row">
            <input
              id={ids.key}
              type={showKey ? 'text' : 'password'}
              autoComplete="off"
              spellCheck={false}
              placeholder={
                keyStatus?.hasKey
                  ? 'Leave empty to keep the stored key'
                  : preset.needsKey
                    ? 'Paste your API key'
                    : 'Optional for this provider'
              }
              value={form.apiKey}
              aria-describedby={ids.keyStatus}
              onChange={(event) => editForm({ apiKey: event.target.value })}
            />
            <button type="button" aria-controls={ids.key} onClick={() => setShowKey((shown) => !shown)}>
              {showKey ? 'Hide key' : 'Show key'}
            </button>
          </div>
          <div className="key-status">
            <p id={ids.keyStatus} className="hint rl-muted">
              {keyStatus === null
                ? ' '
                : keyStatus.hasKey
                  ? `Stored key ${keyStatus.hint}, ${
                      keyStatus.remembered ? 'kept on this device' : 'forgotten when the browser closes'
                    }.`
                  : preset.needsKey
                    ? 'No key stored yet.'
                    : 'No key stored; local servers usually need none.'}
            </p>
            {keyStatus?.hasKey && (
              <button type="button" className="link-button" onClick={() => void forgetKey()}>
                Forget key
              </button>
            )}
          </div>
          {keyNotice && (
            <p role="status" className="field-message">
              <NoticeText notice={keyNotice} />
            </p>
          )}
        </div>

        <div className="check">
          <input
            id={`${id}-forget`}
            type="checkbox"
            checked={!form.rememberKey}
            aria-describedby={`${id}-forget-hint`}
            onChange={(event) => editForm({ rememberKey: !event.target.checked })}
          />
          <div>
            <label htmlFor={`${id}-forget`}>Don't remember my key</label>
            <p id={`${id}-forget-hint`} className="hint rl-muted">
              Keep it only until the browser closes; you enter it again next time.
            </p>
          </div>
        </div>

        <div className="field">
          <label htmlFor={ids.model}>Model</label>
          <input
            id={ids.model}
            type="text"
            list={ids.models}
            autoComplete="off"
            spellCheck={false}
            placeholder="e.g. gpt-4o-mini"
            value={form.model}
            aria-describedby={ids.modelHint}
            onChange={(event) => editForm({ model: event.target.value })}
          />
          <datalist id={ids.models} data-testid="model-suggestions">
            {models.map((model) => (
              <option key={model} value={model} />
            ))}
          </datalist>
          <p id={ids.modelHint} className="hint rl-muted">
            {models.length > 0
              ? `${models.length} suggestion${models.length === 1 ? '' : 's'} from the server; any id works, fine-tuned ones too.`
              : 'Any id the server accepts, fine-tuned ones (ft:…) too.'}
          </p>
        </div>

        <div className="actions">
          <button type="submit" className="primary" aria-disabled={busy !== null}>
            Save
          </button>
          <button
            type="button"
            aria-disabled={busy !== null}
            aria-describedby={`${id}-test-result`}
            onClick={() => void testConnection()}
          >
            Test connection
          </button>
          <p role="status" className="action-status" aria-busy={busy === 'saving'}>
            <NoticeText notice={saveNotice} />
          </p>
        </div>
        {accessNotice && <p className="callout rl-warn">{accessNotice}</p>}
        <p
          id={`${id}-test-result`}
          role="status"
          aria-label="Connection test"
          aria-busy={busy === 'testing'}
          className="test-result"
        >
          <NoticeText notice={testNotice} />
        </p>
      </form>
    </Section>
  );
}
