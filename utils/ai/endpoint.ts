import { checkBaseURL, PROVIDERS, SEPARATE_SERVER_MUST_BE_LOCAL } from '../providers';
import type { Settings, UsageTask } from '../settings';

/** Where a task's requests go and with which model. */
export type TaskEndpoint =
  | {
      ok: true;
      baseURL: string;
      model: string;
      /** The request carries the API key (false: a separate local check server, asked with none). */
      withKey: boolean;
      /** Whether the server answers without a key (a preset that needs none, or a local server). */
      keyOptional: boolean;
    }
  | { ok: false; code: 'no-model' | 'bad-url'; message: string };

/**
 * Checks may use a model of their own, on the same server or on a local one (Ollama, LM Studio,
 * llama.cpp); rewrite and chat use the model above. A separate check server must be local: Redline
 * keeps one API key, and it goes only to the server it was given for.
 */
export function taskEndpoint(settings: Settings, task: UsageTask): TaskEndpoint {
  const main = checkBaseURL(settings.baseURL);
  const ownServer = task === 'check' && settings.checkBaseURL.trim() !== '';
  if (ownServer) {
    const checked = checkBaseURL(settings.checkBaseURL);
    if (!checked.ok) return { ok: false, code: 'bad-url', message: `Check server: ${checked.error}` };
    if (!checked.local) return { ok: false, code: 'bad-url', message: SEPARATE_SERVER_MUST_BE_LOCAL };
    const model = settings.checkModel.trim();
    if (!model)
      return { ok: false, code: 'no-model', message: 'Choose a model for checks in Redline’s settings.' };
    return { ok: true, baseURL: settings.checkBaseURL.trim(), model, withKey: false, keyOptional: true };
  }
  if (!main.ok) return { ok: false, code: 'bad-url', message: main.error };
  const model = (task === 'check' ? settings.checkModel.trim() : '') || settings.model.trim();
  if (!model) return { ok: false, code: 'no-model', message: 'Choose a model in Redline’s settings.' };
  const preset = PROVIDERS[settings.provider as keyof typeof PROVIDERS];
  return {
    ok: true,
    baseURL: settings.baseURL,
    model,
    withKey: true,
    keyOptional: preset?.needsKey === false || main.local,
  };
}
