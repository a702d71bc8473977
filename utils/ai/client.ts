import OpenAI from 'openai';

export interface ModelEndpoint {
  baseURL: string;
  apiKey: string;
}

/** Servers that need no key (Ollama, LM Studio, llama.cpp) ignore this placeholder; the SDK insists on one. */
const NO_KEY = 'redline-no-key';

export interface ClientOptions {
  /** Per-attempt timeout. Keystroke-driven checks want seconds, chat wants a minute. */
  timeoutMs: number;
  /** The SDK retries connection errors, 408/409/429/5xx, honouring `retry-after`. */
  maxRetries: number;
}

export function createClient(endpoint: ModelEndpoint, options: ClientOptions): OpenAI {
  const isOpenRouter = endpoint.baseURL.includes('openrouter.ai');
  return new OpenAI({
    apiKey: endpoint.apiKey || NO_KEY,
    baseURL: endpoint.baseURL.trim().replace(/\/+$/, ''),
    // The key stays in the service worker; "browser" here is the extension's own background.
    dangerouslyAllowBrowser: true,
    timeout: options.timeoutMs,
    maxRetries: options.maxRetries,
    // OpenRouter attributes requests to an app by these headers (optional, harmless elsewhere).
    defaultHeaders: isOpenRouter
      ? { 'HTTP-Referer': 'https://github.com/redline-ext/redline', 'X-Title': 'Redline' }
      : undefined,
  });
}

/** A model id without its fine-tune or router prefix (`ft:…`, `openai/…`), lower case. */
function bareModel(model: string): string {
  return model
    .trim()
    .toLowerCase()
    .replace(/^ft:/, '')
    .replace(/^[\w-]+\//, '');
}

/** OpenAI's reasoning models reject sampling knobs and the old `max_tokens` name. */
function isOpenAIReasoningModel(model: string): boolean {
  return /^(o\d|gpt-5)/.test(bareModel(model));
}

export type ReasoningEffort = 'none' | 'minimal' | 'low';

/**
 * The least thinking a reasoning model accepts, for checks (they run after every pause in typing):
 * GPT-5.1 and later take `none`, GPT-5 `minimal`, the o-series and gpt-oss `low`. Undefined for a
 * model that does not reason (it would refuse the parameter).
 */
export function lowestReasoningEffort(model: string): ReasoningEffort | undefined {
  const id = bareModel(model);
  // gpt-5-chat-latest and kin are the chat models: no reasoning, and they refuse the parameter.
  if (/-chat\b/.test(id)) return undefined;
  const gpt5 = /^gpt-5(?:\.(\d+))?(?![\d.])/.exec(id);
  if (gpt5) return gpt5[1] && Number(gpt5[1]) >= 1 ? 'none' : 'minimal';
  if (/^o\d/.test(id) || /^gpt-oss/.test(id)) return 'low';
  return undefined;
}

export interface SamplingSettings {
  temperature: number;
  topP: number;
}

/** Sampling and length parameters in the dialect the endpoint understands. */
export function samplingParams(
  baseURL: string,
  model: string,
  sampling: SamplingSettings,
  maxTokens: number,
): { temperature?: number; top_p?: number; max_tokens?: number; max_completion_tokens?: number } {
  const openai = baseURL.includes('api.openai.com');
  const reasoning = openai && isOpenAIReasoningModel(model);
  return {
    ...(reasoning ? {} : { temperature: sampling.temperature, top_p: sampling.topP }),
    ...(openai ? { max_completion_tokens: maxTokens } : { max_tokens: maxTokens }),
  };
}
