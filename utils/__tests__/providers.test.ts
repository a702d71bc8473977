import { describe, expect, it } from 'vitest';
import { PROVIDERS, checkBaseURL, knownPrice, originPattern, type BaseUrlCheck } from '../providers';

function accepted(check: BaseUrlCheck) {
  if (!check.ok) throw new Error(`expected the URL to be accepted, got: ${check.error}`);
  return check;
}
function refused(check: BaseUrlCheck) {
  if (check.ok) throw new Error(`expected the URL to be refused, got ${check.url.href}`);
  return check;
}

describe('checkBaseURL', () => {
  it('accepts an https URL with no warning', () => {
    const check = accepted(checkBaseURL('https://api.openai.com/v1'));
    expect(check.local).toBe(false);
    expect(check.warning).toBeUndefined();
    expect(check.url.href).toBe('https://api.openai.com/v1');
  });

  it('ignores spaces around what the user typed', () => {
    expect(accepted(checkBaseURL('  https://openrouter.ai/api/v1  ')).url.host).toBe('openrouter.ai');
  });

  it.each(['http://localhost:11434/v1', 'http://127.0.0.1:1234/v1', 'http://[::1]:8080/v1'])(
    'accepts the local server %s as local, with no warning',
    (input) => {
      const check = accepted(checkBaseURL(input));
      expect(check.local).toBe(true);
      expect(check.warning).toBeUndefined();
    },
  );

  it('warns that plain http to another machine sends the key unencrypted', () => {
    const check = accepted(checkBaseURL('http://192.168.1.20:8000/v1'));
    expect(check.local).toBe(false);
    expect(check.warning).toContain('unencrypted');
    expect(check.warning).toContain('192.168.1.20:8000');
  });

  it('refuses a malformed URL and says what it should look like', () => {
    const check = refused(checkBaseURL('api.openai.com/v1'));
    expect(check.error).toBe(
      '“api.openai.com/v1” is not a valid URL. It should look like https://api.openai.com/v1.',
    );
  });

  it('refuses an empty Base URL with an example', () => {
    expect(refused(checkBaseURL('   ')).error).toContain('https://api.openai.com/v1');
  });

  it.each(['ftp://example.com/v1', 'file:///etc/passwd', 'javascript:alert(1)', 'chrome-extension://abc/'])(
    'refuses the non-web URL %s',
    (input) => {
      expect(refused(checkBaseURL(input)).error).toBe(
        'The Base URL must start with https:// (or http:// for a local server).',
      );
    },
  );

  it.each(['https://user:sk-secret@api.example.com/v1', 'https://sk-secret@api.example.com/v1'])(
    'refuses credentials in the URL (%s)',
    (input) => {
      expect(refused(checkBaseURL(input)).error).toBe(
        'Put the API key in the API key field, not in the URL.',
      );
    },
  );

  it.each(['https://api.example.com/v1?key=sk-secret', 'https://api.example.com/v1#models'])(
    'refuses a query or fragment (%s)',
    (input) => {
      expect(refused(checkBaseURL(input)).error).toContain('cannot contain ? or #');
    },
  );

  it("accepts every preset's own Base URL", () => {
    for (const provider of Object.values(PROVIDERS)) {
      if (provider.baseURL) expect(checkBaseURL(provider.baseURL).ok).toBe(true);
    }
  });
});

describe('originPattern', () => {
  it('covers the whole host of an https base URL', () => {
    expect(originPattern(new URL('https://api.openai.com/v1'))).toBe('https://api.openai.com/*');
  });

  it('leaves out the port, which match patterns do not take', () => {
    expect(originPattern(new URL('http://localhost:11434/v1'))).toBe('http://localhost/*');
    expect(originPattern(new URL('https://llm.example.test:8443/api/v1'))).toBe('https://llm.example.test/*');
  });
});

describe('knownPrice', () => {
  it('knows the price of common OpenAI models', () => {
    expect(knownPrice('gpt-4o-mini')).toEqual({ input: 0.15, output: 0.6, cachedInput: 0.075 });
    expect(knownPrice('gpt-4o')).toEqual({ input: 2.5, output: 10, cachedInput: 1.25 });
  });

  it('resolves dated, fine-tuned and routed ids to their base model', () => {
    const base = knownPrice('gpt-4o-mini');
    expect(knownPrice('gpt-4o-mini-2024-07-18')).toEqual(base);
    expect(knownPrice('ft:gpt-4o-mini-2024-07-18:acme::abc123')).toEqual(base);
    expect(knownPrice('openai/gpt-4o-mini')).toEqual(base);
    expect(knownPrice(' GPT-4o-Mini ')).toEqual(base);
  });

  it('does not confuse a model with a longer id that starts the same', () => {
    expect(knownPrice('gpt-4o')).not.toEqual(knownPrice('gpt-4o-mini'));
    expect(knownPrice('gpt-4.1-nano')).toEqual({ input: 0.1, output: 0.4, cachedInput: 0.025 });
  });

  it('has no price for models it does not know', () => {
    expect(knownPrice('llama3.2')).toBeUndefined();
    expect(knownPrice('anthropic/claude-3.5-sonnet')).toBeUndefined();
    expect(knownPrice('')).toBeUndefined();
  });
});
