import { PROVIDERS, type ProviderId } from '@/utils/providers';
import { DraftField } from './fields';
import { useOptions } from './options-context';
import { Section } from './section';
import { parseCheckServer, type Parsed } from './validation';

const parseModel = (text: string): Parsed<string> =>
  text.trim().length > 200
    ? { ok: false, error: 'At most 200 characters.' }
    : { ok: true, value: text.trim() };

/**
 * Checks run after every pause in typing, rewrites and chat when asked: checks may use a faster,
 * cheaper model of their own, on the same server or on a local one. Saves each field when valid.
 */
export function TaskModelsSection() {
  const settings = useOptions((s) => s.settings);
  const update = useOptions((s) => s.update);
  const save = (patch: { checkModel?: string; checkBaseURL?: string }) =>
    void update('task-models', () => patch);
  const suggested = PROVIDERS[settings.provider as ProviderId]?.checkModel ?? '';
  const ownServer = settings.checkBaseURL !== '';
  const offer = !ownServer && suggested && suggested !== settings.model && suggested !== settings.checkModel;

  return (
    <Section
      id="task-models"
      title="Models per task"
      autosave="task-models"
      intro="Checks run after every pause in typing; rewrites and chat only when you ask. Give checks a fast, cheap model of their own, on the same server or on a local one (Ollama, LM Studio)."
    >
      <div className="grid-2">
        <DraftField<string>
          label="Model for checks"
          hint={
            <>
              {settings.checkModel
                ? `Checks use ${settings.checkModel}; rewrites and chat use ${settings.model || 'the model above'}.`
                : ownServer
                  ? 'Required with a check server of its own.'
                  : `Empty: checks use the model above (${settings.model || 'none yet'}).`}
              {offer && (
                <>
                  {' '}
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => save({ checkModel: suggested })}
                  >
                    Use {suggested}
                  </button>{' '}
                  (fast and cheap for checks)
                </>
              )}
            </>
          }
          placeholder={ownServer ? 'e.g. llama3.2' : settings.model || 'e.g. gpt-4.1-nano'}
          value={settings.checkModel}
          format={(v) => v}
          parse={parseModel}
          onCommit={(checkModel) => save({ checkModel })}
        />
        <DraftField<string>
          label="Server for checks"
          hint="Empty: the Base URL above, with your key. A local server (http://localhost:11434/v1 for Ollama) is asked with no key."
          placeholder="Same as above"
          value={settings.checkBaseURL}
          format={(v) => v}
          parse={parseCheckServer}
          onCommit={(checkBaseURL) => save({ checkBaseURL })}
        />
      </div>
    </Section>
  );
}
