/**
 * OpenAI-compatible providers the options page offers as presets. Base URL stays editable.
 * `checkModel` is the suggestion for checks: they run after every pause in typing, so fast and cheap.
 */
export const PROVIDERS = {
  openai: {
    label: 'OpenAI',
    baseURL: 'https://api.openai.com/v1',
    model: 'gpt-4o-mini',
    checkModel: 'gpt-4.1-nano',
    needsKey: true,
    keyHelp: 'Create a key at platform.openai.com → API keys.',
  },
  openrouter: {
    label: 'OpenRouter',
    baseURL: 'https://openrouter.ai/api/v1',
    model: 'openai/gpt-4o-mini',
    checkModel: 'openai/gpt-4.1-nano',
    needsKey: true,
    keyHelp: 'Create a key at openrouter.ai → Keys.',
  },
  groq: {
    label: 'Groq',
    baseURL: 'https://api.groq.com/openai/v1',
    model: 'llama-3.1-8b-instant',
    checkModel: 'llama-3.1-8b-instant',
    needsKey: true,
    keyHelp: 'Create a key at console.groq.com → API Keys.',
  },
  ollama: {
    label: 'Ollama (local)',
    baseURL: 'http://localhost:11434/v1',
    model: 'llama3.2',
    checkModel: 'llama3.2',
    needsKey: false,
    keyHelp: 'No key needed. Start Ollama with OLLAMA_ORIGINS=chrome-extension://* so it accepts Redline.',
  },
  lmstudio: {
    label: 'LM Studio (local)',
    baseURL: 'http://localhost:1234/v1',
    model: '',
    checkModel: '',
    needsKey: false,
    keyHelp: 'No key needed. Start the server in LM Studio → Developer.',
  },
  custom: {
    label: 'Custom (OpenAI-compatible)',
    baseURL: '',
    model: '',
    checkModel: '',
    needsKey: false,
    keyHelp: 'Any server that speaks the OpenAI Chat Completions API (llama.cpp, vLLM, LiteLLM…).',
  },
} as const;

export type ProviderId = keyof typeof PROVIDERS;
export const PROVIDER_IDS = Object.keys(PROVIDERS) as ProviderId[];

/**
 * USD per million tokens, for usage estimates (OpenAI's list prices; `cachedInput` is input the
 * provider served from its prompt cache). Editable in the options page (Advanced).
 */
export const KNOWN_PRICES: Record<string, { input: number; output: number; cachedInput: number }> = {
  'gpt-4o-mini': { input: 0.15, output: 0.6, cachedInput: 0.075 },
  'gpt-4o': { input: 2.5, output: 10, cachedInput: 1.25 },
  'gpt-4.1': { input: 2, output: 8, cachedInput: 0.5 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6, cachedInput: 0.1 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4, cachedInput: 0.025 },
  'gpt-5': { input: 1.25, output: 10, cachedInput: 0.125 },
  'gpt-5-mini': { input: 0.25, output: 2, cachedInput: 0.025 },
  'gpt-5-nano': { input: 0.05, output: 0.4, cachedInput: 0.005 },
  'o4-mini': { input: 1.1, output: 4.4, cachedInput: 0.275 },
  'gpt-3.5-turbo': { input: 0.5, output: 1.5, cachedInput: 0.5 },
};

/**
 * Known price of a model id. Fine-tuned ids (`ft:gpt-4o-mini-2024-07-18:org::id`) and dated or
 * routed ids (`openai/gpt-4o-mini`) resolve to their base model.
 */
export function knownPrice(
  model: string,
): { input: number; output: number; cachedInput: number } | undefined {
  let id = model.trim().toLowerCase();
  if (id.startsWith('ft:')) id = id.slice(3).split(':')[0] ?? '';
  id = id.replace(/^openai\//, '').replace(/-\d{4}-\d{2}-\d{2}$/, '');
  return KNOWN_PRICES[id];
}

/** Loopback hosts are declared host permissions: local servers work with no prompt. */
export function isLocalHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
}

export type BaseUrlCheck =
  { ok: true; url: URL; local: boolean; warning?: string } | { ok: false; error: string };

/** Validates a base URL the user typed; a malformed one is refused, never saved. */
export function checkBaseURL(input: string): BaseUrlCheck {
  const text = input.trim();
  if (!text) return { ok: false, error: 'Enter a Base URL, for example https://api.openai.com/v1.' };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return {
      ok: false,
      error: `“${text}” is not a valid URL. It should look like https://api.openai.com/v1.`,
    };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, error: 'The Base URL must start with https:// (or http:// for a local server).' };
  }
  if (url.username || url.password) {
    return { ok: false, error: 'Put the API key in the API key field, not in the URL.' };
  }
  if (url.search || url.hash) {
    return {
      ok: false,
      error: 'The Base URL cannot contain ? or #; use the API root, e.g. https://host/v1.',
    };
  }
  const local = isLocalHost(url.hostname);
  if (url.protocol === 'http:' && !local) {
    return {
      ok: true,
      url,
      local,
      warning: `This address uses plain http://, so your API key would travel unencrypted to ${url.host}. Use https:// unless it is a server on your own network.`,
    };
  }
  return { ok: true, url, local };
}

/** The host-permission pattern that covers a base URL, e.g. `https://api.openai.com/*`. */
export function originPattern(url: URL): string {
  return `${url.protocol}//${url.hostname}/*`;
}

/** Why a check server of its own must be local (utils/ai/endpoint.ts; the options page says it too). */
export const SEPARATE_SERVER_MUST_BE_LOCAL =
  'A separate check server must be a local one (http://localhost…): your API key goes only to the server above. For another cloud model, keep the same server and pick the model.';
