import browser from 'webextension-polyfill';
import { getSettings, type Settings, type UsageTask } from '../settings';
import { createClient, type ClientOptions } from './client';
import type { ErrorContext } from './errors';
import { readApiKey } from './key';
import { checkBaseURL, originPattern } from '../providers';
import { taskEndpoint } from './endpoint';
import type OpenAI from 'openai';

/** Whether Redline may fetch the base URL without CORS (declared or granted host permission). */
export async function hasHostAccess(baseURL: string): Promise<boolean> {
  const checked = checkBaseURL(baseURL);
  if (!checked.ok) return false;
  if (checked.local) return true;
  return browser.permissions.contains({ origins: [originPattern(checked.url)] }).catch(() => false);
}

export async function errorContext(baseURL: string, model: string): Promise<ErrorContext> {
  return { baseURL, model, online: navigator.onLine, hasHostAccess: await hasHostAccess(baseURL) };
}

export type ModelContext =
  | { ok: true; settings: Settings; client: OpenAI; model: string; baseURL: string; errors: ErrorContext }
  | { ok: false; code: 'no-key' | 'privacy' | 'no-model' | 'bad-url'; message: string };

/**
 * Everything a model request for `task` needs, from the stored settings and key — or why it can't
 * run. Checks may have a model (and a local server) of their own.
 */
export async function modelContext(options: ClientOptions, task: UsageTask = 'chat'): Promise<ModelContext> {
  const settings = await getSettings();
  if (settings.privacyMode) {
    return { ok: false, code: 'privacy', message: 'Privacy mode is on: nothing is sent to your model.' };
  }
  const endpoint = taskEndpoint(settings, task);
  if (!endpoint.ok) return endpoint;
  const key = endpoint.withKey ? (await readApiKey()).key : '';
  if (!key && !endpoint.keyOptional) {
    return {
      ok: false,
      code: 'no-key',
      message: 'No API key yet: add one in Redline’s settings. Local checks work without it.',
    };
  }
  const { baseURL, model } = endpoint;
  return {
    ok: true,
    settings,
    baseURL,
    model,
    client: createClient({ baseURL, apiKey: key }, options),
    errors: await errorContext(baseURL, model),
  };
}
