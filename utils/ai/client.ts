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

/** OpenAI's reasoning models reject sampling knobs and the old `max_tokens` name. */
function isOpenAIReasoningModel(model: string): boolean {
  return /^(o\d|gpt-5)/.test(model.replace(/^ft:/, '').replace(/^openai\//, ''));
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
