import { describe, expect, it } from 'vitest';
import type { KeyStatus, RequestOf } from '@/utils/messaging/protocol';
import { DEFAULT_SETTINGS, parseSettings, type Settings } from '@/utils/settings';
import { accessRefusedMessage, createOptionsStore, type OptionsDeps } from '../store';

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Storage, background and permission prompt, in memory. */
function fakeWorld(initial: Partial<Settings> = {}) {
  const world = {
    settings: parseSettings({ ...DEFAULT_SETTINGS, ...initial }),
    key: { value: '', remembered: true },
    permissionRequests: [] as string[],
    grantAccess: true as boolean | 'never',
    connectionRequests: [] as RequestOf<'connection.test'>[],
    watchers: new Set<(settings: Settings) => void>(),
  };
  const status = (): KeyStatus => ({
    hasKey: world.key.value !== '',
    remembered: world.key.remembered,
    hint: world.key.value ? `…${world.key.value.slice(-4)}` : '',
  });
  const deps: OptionsDeps = {
    getSettings: async () => world.settings,
    async updateSettings(patch) {
      await flush();
      world.settings = parseSettings({ ...world.settings, ...patch });
      const snapshot = world.settings;
      // Storage events arrive later, like chrome.storage.onChanged.
      setTimeout(() => world.watchers.forEach((watcher) => watcher(snapshot)), 0);
      return snapshot;
    },
    watchSettings(callback) {
      world.watchers.add(callback);
      return () => world.watchers.delete(callback);
    },
    requestHostAccess(origin) {
      world.permissionRequests.push(origin);
      if (world.grantAccess === 'never') return new Promise(() => {});
      return Promise.resolve(world.grantAccess);
    },
    send: (async (kind: string, data: Record<string, unknown>) => {
      await flush();
      switch (kind) {
        case 'key.status':
          return status();
        case 'key.set':
          if (typeof data.key === 'string')
            world.key = { value: data.key, remembered: data.remember as boolean };
          else world.key = { ...world.key, remembered: data.remember as boolean };
          return status();
        case 'connection.test':
          world.connectionRequests.push(data as RequestOf<'connection.test'>);
          return { ok: true, modelCount: 2, modelFound: true, message: 'Connected — 2 models available.' };
        case 'models.list':
          return { ok: true, models: ['a-model', 'b-model'] };
        default:
          throw new Error(`unexpected ${kind}`);
      }
    }) as OptionsDeps['send'],
  };
  return { world, deps };
}

async function readyStore(deps: OptionsDeps) {
  const store = createOptionsStore(deps);
  store.getState().init();
  await flush();
  await flush();
  return store;
}

describe('options store', () => {
  it('loads settings, the key status and model suggestions', async () => {
    const { world, deps } = fakeWorld({ model: 'b-model' });
    world.key = { value: 'sk-abcdwxyz', remembered: true };
    const store = await readyStore(deps);
    const state = store.getState();
    expect(state.phase).toBe('ready');
    expect(state.form.model).toBe('b-model');
    expect(state.form.apiKey).toBe('');
    expect(state.keyStatus).toEqual({ hasKey: true, remembered: true, hint: '…wxyz' });
    expect(state.models).toEqual(['a-model', 'b-model']);
  });

  it('refuses a malformed Base URL and saves nothing', async () => {
    const { world, deps } = fakeWorld();
    const store = await readyStore(deps);
    store.getState().editForm({ baseURL: 'not a url', model: 'other' });
    await store.getState().save();
    expect(store.getState().baseUrlError).toMatch(/not a valid URL/);
    expect(store.getState().saveNotice?.tone).toBe('error');
    expect(world.settings.model).toBe(DEFAULT_SETTINGS.model);
  });

  it('asks for host access before its first await, so the click still counts as a user gesture', async () => {
    const { world, deps } = fakeWorld();
    const store = await readyStore(deps);
    store.getState().editForm({ provider: 'custom', baseURL: 'https://models.example.com/v1/' });
    const saving = store.getState().save();
    expect(world.permissionRequests).toEqual(['https://models.example.com/*']);
    await saving;
    expect(world.settings.baseURL).toBe('https://models.example.com/v1');
    expect(store.getState().saveNotice).toEqual({ tone: 'ok', text: 'Saved' });
  });

  it('does not ask for access to a local server', async () => {
    const { world, deps } = fakeWorld();
    const store = await readyStore(deps);
    store.getState().editForm({ baseURL: 'http://localhost:11434/v1' });
    await store.getState().save();
    expect(world.permissionRequests).toEqual([]);
    expect(world.settings.baseURL).toBe('http://localhost:11434/v1');
  });

  it('still saves when access is refused, and says what that means', async () => {
    const { world, deps } = fakeWorld();
    world.grantAccess = false;
    const store = await readyStore(deps);
    store.getState().editForm({ baseURL: 'https://models.example.com/v1' });
    await store.getState().save();
    expect(store.getState().accessNotice).toBe(accessRefusedMessage('models.example.com'));
    expect(world.settings.baseURL).toBe('https://models.example.com/v1');
    expect(store.getState().saveNotice?.text).toBe('Saved');
  });

  it('stores a typed key through the background and clears it from the form', async () => {
    const { world, deps } = fakeWorld();
    const store = await readyStore(deps);
    store.getState().editForm({ apiKey: ' sk-new-key-1234 ', rememberKey: false });
    await store.getState().save();
    expect(world.key).toEqual({ value: 'sk-new-key-1234', remembered: false });
    expect(world.settings.rememberKey).toBe(false);
    expect(store.getState().form.apiKey).toBe('');
    expect(store.getState().keyStatus).toMatchObject({ hasKey: true, remembered: false });
  });

  it('moves the stored key when only "Don\'t remember my key" changes', async () => {
    const { world, deps } = fakeWorld();
    world.key = { value: 'sk-kept-abcd', remembered: true };
    const store = await readyStore(deps);
    store.getState().editForm({ rememberKey: false });
    await store.getState().save();
    expect(world.key).toEqual({ value: 'sk-kept-abcd', remembered: false });
  });

  it('tests with the typed key only when there is one', async () => {
    const { world, deps } = fakeWorld({ baseURL: 'http://127.0.0.1:8080/v1', model: 'a-model' });
    const store = await readyStore(deps);
    await store.getState().testConnection();
    store.getState().editForm({ apiKey: 'sk-typed' });
    await store.getState().testConnection();
    expect(world.connectionRequests).toEqual([
      { baseURL: 'http://127.0.0.1:8080/v1', model: 'a-model' },
      { baseURL: 'http://127.0.0.1:8080/v1', model: 'a-model', apiKey: 'sk-typed' },
    ]);
    expect(store.getState().testNotice).toEqual({ tone: 'ok', text: 'Connected — 2 models available.' });
    // Testing saves nothing.
    expect(world.key.value).toBe('');
  });

  it('reports a background that never answers instead of hanging', async () => {
    const { deps } = fakeWorld({ baseURL: 'http://127.0.0.1:8080/v1' });
    const store = await readyStore({
      ...deps,
      replyTimeoutMs: 20,
      send: ((kind: Parameters<OptionsDeps['send']>[0], data: never) =>
        kind === 'connection.test' ? new Promise(() => {}) : deps.send(kind, data)) as OptionsDeps['send'],
    });
    await store.getState().testConnection();
    expect(store.getState().testNotice).toMatchObject({
      tone: 'error',
      text: expect.stringMatching(/did not answer/),
    });
    expect(store.getState().busy).toBeNull();
  });

  it('quick successive changes all land (a second Remove builds on the first)', async () => {
    const { world, deps } = fakeWorld({ disabledSites: ['a.com', 'b.com', 'c.com'] });
    const store = await readyStore(deps);
    const remove = (site: string) =>
      store.getState().update('sites', (s) => ({ disabledSites: s.disabledSites.filter((x) => x !== site) }));
    await Promise.all([remove('a.com'), remove('c.com')]);
    await flush();
    expect(world.settings.disabledSites).toEqual(['b.com']);
    expect(store.getState().settings.disabledSites).toEqual(['b.com']);
    expect(store.getState().autosave).toMatchObject({ section: 'sites', state: 'saved' });
  });

  it("follows changes made elsewhere, but never over the user's unsaved connection edits", async () => {
    const { world, deps } = fakeWorld();
    const store = await readyStore(deps);
    await deps.updateSettings({ model: 'from-popup', privacyMode: true });
    await flush();
    expect(store.getState().form.model).toBe('from-popup');
    expect(store.getState().settings.privacyMode).toBe(true);

    store.getState().editForm({ model: 'typing-here' });
    await deps.updateSettings({ model: 'from-popup-again' });
    await flush();
    expect(store.getState().form.model).toBe('typing-here');
    expect(store.getState().settings.model).toBe('from-popup-again');
    expect(world.settings.model).toBe('from-popup-again');
  });

  it('a provider preset fills Base URL and model; Custom keeps what is there', async () => {
    const { deps } = fakeWorld();
    const store = await readyStore(deps);
    store.getState().chooseProvider('groq');
    expect(store.getState().form).toMatchObject({
      provider: 'groq',
      baseURL: 'https://api.groq.com/openai/v1',
      model: 'llama-3.1-8b-instant',
    });
    store.getState().chooseProvider('custom');
    expect(store.getState().form).toMatchObject({
      provider: 'custom',
      baseURL: 'https://api.groq.com/openai/v1',
      model: 'llama-3.1-8b-instant',
    });
  });
});
