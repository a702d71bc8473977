import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { ReplyIdleError, ReplyTooLargeError } from './reply-guard';

/** A short, user-facing account of why a model request failed, with a stable code for the UI. */
export interface UserFacingError {
  code:
    | 'unauthorized'
    | 'forbidden'
    | 'origin-refused'
    | 'model-not-found'
    | 'not-found'
    | 'rate-limited'
    | 'server-error'
    | 'bad-request'
    | 'timeout'
    | 'offline'
    | 'unreachable'
    | 'aborted'
    | 'no-key'
    | 'malformed'
    | 'too-large'
    | 'idle'
    | 'unknown';
  message: string;
  /** Seconds to wait before trying again (429 `retry-after`). */
  retryAfter?: number;
}

export interface ErrorContext {
  baseURL: string;
  model: string;
  /** `navigator.onLine` where the request ran. */
  online: boolean;
  /** Whether Redline holds a host permission for the base URL (no CORS then). */
  hasHostAccess: boolean;
}

function host(baseURL: string): string {
  try {
    return new URL(baseURL).host;
  } catch {
    return baseURL;
  }
}

function retryAfterSeconds(headers: Headers | undefined): number | undefined {
  const value = headers?.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** Key-shaped tokens a server may echo back, replaced before any server text reaches the UI. */
const SECRET_LIKE = /\bBearer\s+\S+|\b(?:sk|rk|pk|gsk|xai)[-_][\w-]{6,}|\b[\w-]{32,}/gi;
const redactSecrets = (text: string) => text.replace(SECRET_LIKE, '[redacted]');

const isOllama = (baseURL: string) => /:11434(\/|$)/.test(baseURL);

/** Maps anything a request can throw to a message a person can act on. Never includes the key. */
export function toUserFacingError(error: unknown, ctx: ErrorContext): UserFacingError {
  const where = host(ctx.baseURL);
  // Checked before aborts: the guard stops a reply by aborting its request.
  if (error instanceof ReplyTooLargeError) return { code: 'too-large', message: error.message };
  if (error instanceof ReplyIdleError) return { code: 'idle', message: error.message };
  if (error instanceof APIUserAbortError || (error instanceof Error && error.name === 'AbortError')) {
    return { code: 'aborted', message: 'Stopped.' };
  }
  if (error instanceof APIConnectionTimeoutError) {
    return { code: 'timeout', message: `${where} didn't answer in time. Try again, or pick a faster model.` };
  }
  if (error instanceof APIConnectionError) {
    if (!ctx.online) return { code: 'offline', message: "You're offline. Local checks still work." };
    if (!ctx.hasHostAccess) {
      return {
        code: 'origin-refused',
        message: `Couldn't reach ${where}: Redline has no access to it and the server refused the cross-origin request. Open Redline's settings and click Save to grant access.`,
      };
    }
    return {
      code: 'unreachable',
      message: `Couldn't reach ${where}. Check the Base URL and that the server is running.`,
    };
  }
  if (error instanceof APIError) {
    const status = error.status ?? 0;
    if (status === 401) {
      return {
        code: 'unauthorized',
        message: 'The API key was refused (401). Check the key in Redline’s settings.',
      };
    }
    if (status === 403) {
      if (isOllama(ctx.baseURL)) {
        return {
          code: 'origin-refused',
          message:
            'Ollama refused Redline’s origin (403). Restart Ollama with OLLAMA_ORIGINS=chrome-extension://*,moz-extension://* set.',
        };
      }
      return {
        code: 'forbidden',
        message: `${where} refused the request (403). Check the key’s permissions.`,
      };
    }
    if (status === 404) {
      const text = `${error.code ?? ''} ${error.message}`.toLowerCase();
      if (text.includes('model')) {
        return {
          code: 'model-not-found',
          message: `The model “${ctx.model}” wasn't found at ${where}. Pick another model in settings.`,
        };
      }
      return {
        code: 'not-found',
        message: `${where} answered 404 (not found). Check the Base URL; it usually ends in /v1.`,
      };
    }
    if (status === 429) {
      const retryAfter = retryAfterSeconds(error.headers);
      return {
        code: 'rate-limited',
        message:
          retryAfter !== undefined
            ? `Rate limited by ${where}: trying again in ${retryAfter} s.`
            : `Rate limited by ${where}: wait a moment, or check your plan's limits.`,
        retryAfter,
      };
    }
    if (status >= 500) {
      return { code: 'server-error', message: `${where} had a server error (${status}). Try again shortly.` };
    }
    if (status === 400 || status === 422) {
      return {
        code: 'bad-request',
        message: `${where} rejected the request (${status}): ${redactSecrets(error.message).slice(0, 160)}`,
      };
    }
  }
  return { code: 'unknown', message: 'Something went wrong talking to the model. Try again.' };
}

/**
 * What a web page may be told about a failure (the badge lives in the page's DOM): a fixed sentence
 * per code, never the provider's host, the model's name or the server's own words. The details are
 * for Redline's own pages (Test connection in the options page).
 */
export function pageSafeMessage(code: string, retryAfter?: number): string {
  switch (code) {
    case 'unauthorized':
      return 'The API key was refused (401). Check the key in Redline’s settings.';
    case 'forbidden':
      return 'Your model’s server refused the request (403). Open Redline’s settings for details.';
    case 'origin-refused':
    case 'unreachable':
      return 'Redline could not reach your model’s server. Open Redline’s settings and use Test connection.';
    case 'model-not-found':
      return 'The model in Redline’s settings was not found. Pick another one in settings.';
    case 'not-found':
      return 'Your model’s server answered “not found”. Check the Base URL in Redline’s settings.';
    case 'rate-limited':
      return retryAfter !== undefined
        ? `Your provider is rate-limiting requests: trying again in ${retryAfter} s.`
        : 'Your provider is rate-limiting requests: trying again shortly.';
    case 'server-error':
      return 'Your model’s server had an error. Trying again shortly.';
    case 'bad-request':
      return 'Your model’s server rejected the request. Open Redline’s settings and use Test connection.';
    case 'timeout':
      return 'Your model did not answer in time. Trying again shortly.';
    case 'idle':
      return 'Your model sent nothing for 30 s, so Redline stopped waiting. Try again, or pick a faster model.';
    case 'too-large':
      return 'Your model’s reply was far longer than Redline accepts, so it was stopped.';
    case 'offline':
      return 'You’re offline. Local checks still work.';
    case 'malformed':
      return 'Your model’s reply was not the suggestions JSON Redline asked for, so nothing was shown.';
    case 'refused':
      return 'Your model declined to check this text.';
    case 'aborted':
      return 'Stopped.';
    default:
      return 'Something went wrong talking to your model. Trying again shortly.';
  }
}
