import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../../settings';
import { lowestReasoningEffort } from '../client';
import { SEPARATE_SERVER_MUST_BE_LOCAL } from '../../providers';
import { taskEndpoint } from '../endpoint';

const settings = (patch: Partial<Settings>): Settings => ({ ...DEFAULT_SETTINGS, ...patch });

describe('taskEndpoint', () => {
  const cloud = { provider: 'openai', baseURL: 'https://api.openai.com/v1', model: 'gpt-4o-mini' } as const;

  it('rewrite and chat use the model above; checks too unless they have one of their own', () => {
    expect(taskEndpoint(settings(cloud), 'check')).toMatchObject({
      ok: true,
      model: 'gpt-4o-mini',
      withKey: true,
    });
    const own = settings({ ...cloud, checkModel: ' gpt-4.1-nano ' });
    expect(taskEndpoint(own, 'check')).toMatchObject({
      ok: true,
      baseURL: 'https://api.openai.com/v1',
      model: 'gpt-4.1-nano',
      withKey: true,
      keyOptional: false,
    });
    expect(taskEndpoint(own, 'rewrite')).toMatchObject({ ok: true, model: 'gpt-4o-mini' });
    expect(taskEndpoint(own, 'chat')).toMatchObject({ ok: true, model: 'gpt-4o-mini' });
  });

  it('checks on a local server of their own go without the key', () => {
    const local = settings({ ...cloud, checkBaseURL: 'http://localhost:11434/v1', checkModel: 'llama3.2' });
    expect(taskEndpoint(local, 'check')).toEqual({
      ok: true,
      baseURL: 'http://localhost:11434/v1',
      model: 'llama3.2',
      withKey: false,
      keyOptional: true,
    });
    expect(taskEndpoint(local, 'rewrite')).toMatchObject({
      baseURL: 'https://api.openai.com/v1',
      withKey: true,
    });
  });

  it('refuses a separate cloud check server (the key is never sent where it was not given) and a missing model', () => {
    const remote = settings({ ...cloud, checkBaseURL: 'https://api.groq.com/openai/v1', checkModel: 'x' });
    expect(taskEndpoint(remote, 'check')).toEqual({
      ok: false,
      code: 'bad-url',
      message: SEPARATE_SERVER_MUST_BE_LOCAL,
    });
    expect(taskEndpoint(remote, 'rewrite')).toMatchObject({ ok: true });
    const noModel = settings({ ...cloud, checkBaseURL: 'http://127.0.0.1:1234/v1', checkModel: '' });
    expect(taskEndpoint(noModel, 'check')).toMatchObject({ ok: false, code: 'no-model' });
    expect(taskEndpoint(settings({ ...cloud, checkBaseURL: 'not a url' }), 'check')).toMatchObject({
      ok: false,
      code: 'bad-url',
    });
  });
});

describe('lowestReasoningEffort', () => {
  it.each([
    ['gpt-5-nano', 'minimal'],
    ['openai/gpt-5-mini', 'minimal'],
    ['gpt-5-2025-08-07', 'minimal'],
    ['gpt-5.1', 'none'],
    ['gpt-5.2-mini', 'none'],
    ['o4-mini', 'low'],
    ['o3', 'low'],
    ['openai/gpt-oss-20b', 'low'],
    ['ft:o4-mini-2025-04-16:acme::x', 'low'],
    ['gpt-5-chat-latest', undefined],
    ['gpt-4o-mini', undefined],
    ['gpt-4.1-nano', undefined],
    ['llama3.2', undefined],
    ['olmo-2', undefined],
  ])('%s → %s', (model, effort) => {
    expect(lowestReasoningEffort(model)).toBe(effort);
  });
});
