import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PortCall, PortOutcome } from '@/utils/messaging/ports';
import type { ChatRequest, ChatResult, KeyStatus, StreamChunk } from '@/utils/messaging/protocol';
import { DEFAULT_SETTINGS, type ChatTurn, type DayUsage, type Settings } from '@/utils/settings';
import { buildChatEntries } from '../chat-view';
import {
  chatBlockedReason,
  createPopupStore,
  needsKeyNotice,
  STOP_GRACE_MS,
  type ChatConnection,
  type PopupEnv,
} from '../store';

/** What the tests play the background saying (the chat port's chunks and results, as one list). */
type ServerSays =
  | { type: 'start' }
  | { type: 'delta'; text: string }
  | { type: 'done'; stopped: boolean }
  | { type: 'error'; code: string; message: string };

/** A fake chat port: records what the popup asked, lets the test play the background. */
class FakeConnection implements ChatConnection {
  posted: ({ type: 'send'; text: string } | { type: 'stop' })[] = [];
  disconnected = false;
  private onChunk: (chunk: StreamChunk) => void = () => {};
  private settle: (outcome: PortOutcome<ChatResult>) => void = () => {};
  request(request: ChatRequest, onChunk: (chunk: StreamChunk) => void): PortCall<ChatResult> {
    this.posted.push({ type: 'send', text: request.text });
    this.onChunk = onChunk;
    return {
      result: new Promise((resolve) => (this.settle = resolve)),
      cancel: () => void this.posted.push({ type: 'stop' }),
    };
  }
  close = () => {
    this.disconnected = true;
  };
  /** The background says something; resolves once the popup has taken it in. */
  async emit(m: ServerSays) {
    if (m.type === 'start' || m.type === 'delta') this.onChunk(m);
    else if (m.type === 'done') this.settle({ ok: true, result: { ok: true, stopped: m.stopped } });
    else this.settle({ ok: true, result: { ok: false, code: m.code, message: m.message } });
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  /** The port closes under the popup. */
  async drop() {
    this.settle({ ok: false, lost: true });
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

function fakeEnv(start: { settings?: Partial<Settings>; history?: ChatTurn[]; key?: KeyStatus } = {}) {
  let settings: Settings = { ...DEFAULT_SETTINGS, ...start.settings };
  let history: unknown = start.history ?? [];
  const historyWatchers: ((h: unknown) => void)[] = [];
  const connections: FakeConnection[] = [];
  const env: PopupEnv = {
    loadSettings: async () => settings,
    watchSettings: () => () => undefined,
    updateSettings: async (patch) => (settings = { ...settings, ...patch }),
    loadHistory: async () => history,
    watchHistory: (cb) => {
      historyWatchers.push(cb);
      return () => undefined;
    },
    clearHistory: async () => {
      history = [];
    },
    loadUsage: async () => ({}) as Record<string, DayUsage>,
    watchUsage: () => () => undefined,
    loadSpendingStop: async () => null,
    watchSpendingStop: () => () => undefined,
    keyStatus: async () => start.key ?? { hasKey: true, remembered: true, hint: 'sk-…abcd' },
    watchKeyChanges: () => () => undefined,
    activeTabUrl: async () => 'https://example.com/page',
    openChat: () => {
      const conn = new FakeConnection();
      connections.push(conn);
      return conn;
    },
    openOptions: async () => undefined,
    openUsage: async () => undefined,
  };
  /** Plays the background writing the history. */
  const writeHistory = (next: ChatTurn[]) => {
    history = next;
    historyWatchers.forEach((cb) => cb(next));
  };
  return { env, connections, writeHistory, settings: () => settings };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

async function started(options?: Parameters<typeof fakeEnv>[0]) {
  const fake = fakeEnv(options);
  const store = createPopupStore(fake.env);
  const stop = store.getState().start();
  await flush();
  return { ...fake, store, stop };
}

const view = (store: Awaited<ReturnType<typeof started>>['store']) =>
  buildChatEntries(store.getState().history, store.getState().pending).map((e) => ({
    role: e.role,
    content: e.content,
    live: e.live,
    stopped: e.stopped,
    error: e.error,
  }));

describe('popup store: chat', () => {
  beforeEach(() => vi.useRealTimers());
  afterEach(() => vi.useRealTimers());

  it('streams a reply, then hands over to the recorded history without a gap', async () => {
    const { store, connections, writeHistory } = await started();
    expect(store.getState().send('  Hello there \n')).toBe(true);
    const conn = connections[0]!;
    expect(conn.posted).toEqual([{ type: 'send', text: 'Hello there' }]);
    expect(view(store)).toEqual([
      { role: 'user', content: 'Hello there', live: false, stopped: false, error: undefined },
      { role: 'assistant', content: '', live: true, stopped: false, error: undefined },
    ]);

    writeHistory([{ role: 'user', content: 'Hello there' }]);
    await conn.emit({ type: 'start' });
    await conn.emit({ type: 'delta', text: 'Echo: ' });
    await conn.emit({ type: 'delta', text: 'Hello there' });
    expect(view(store)).toHaveLength(2);
    expect(view(store)[1]).toMatchObject({ content: 'Echo: Hello there', live: true });

    await conn.emit({ type: 'done', stopped: false });
    expect(conn.disconnected).toBe(true);
    expect(view(store)[1]).toMatchObject({ content: 'Echo: Hello there', live: false });
    expect(store.getState().send('again')).toBe(true); // a finished exchange does not block the next one

    // The new exchange replaced the old local copy; the history now carries the first one.
    writeHistory([
      { role: 'user', content: 'Hello there' },
      { role: 'assistant', content: 'Echo: Hello there' },
    ]);
    expect(view(store).slice(0, 2)).toEqual([
      { role: 'user', content: 'Hello there', live: false, stopped: false, error: undefined },
      { role: 'assistant', content: 'Echo: Hello there', live: false, stopped: false, error: undefined },
    ]);
  });

  it('drops its own copy once the reply is recorded, whichever arrives first', async () => {
    const { store, connections, writeHistory } = await started();
    store.getState().send('Hi');
    const conn = connections[0]!;
    await conn.emit({ type: 'delta', text: 'Echo: Hi' });
    writeHistory([
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Echo: Hi' },
    ]);
    expect(store.getState().pending).toBeNull();
    await conn.emit({ type: 'done', stopped: false }); // late port message for a settled exchange
    expect(view(store)).toHaveLength(2);
    expect(conn.disconnected).toBe(true);
  });

  it('stops: posts stop, marks the partial reply stopped', async () => {
    const { store, connections } = await started();
    store.getState().send('Tell me a story');
    const conn = connections[0]!;
    await conn.emit({ type: 'delta', text: 'Once upon' });
    store.getState().stop();
    expect(conn.posted.at(-1)).toEqual({ type: 'stop' });
    expect(store.getState().pending?.phase).toBe('stopping');
    await conn.emit({ type: 'done', stopped: true });
    expect(view(store)[1]).toMatchObject({ content: 'Once upon', stopped: true, live: false });
  });

  it('closes the port itself when the background never confirms a stop', async () => {
    const { store, connections } = await started();
    vi.useFakeTimers();
    store.getState().send('Hi');
    store.getState().stop();
    vi.advanceTimersByTime(STOP_GRACE_MS);
    expect(connections[0]!.disconnected).toBe(true);
    expect(store.getState().pending).toMatchObject({ phase: 'done', stopped: true });
  });

  it('shows errors and lost connections in the log', async () => {
    const { store, connections } = await started();
    store.getState().send('Hi');
    await connections[0]!.emit({ type: 'error', code: 'auth', message: 'The API key was refused (401).' });
    expect(view(store)[1]).toMatchObject({ error: 'The API key was refused (401).', live: false });

    store.getState().send('Again');
    await connections[1]!.drop();
    expect(view(store).at(-1)?.error).toMatch(/connection .* closed/);
  });

  it('shows recorded errors and stopped replies from the history', async () => {
    const { store } = await started({
      history: [
        { role: 'user', content: 'a' },
        { role: 'assistant', content: 'part', incomplete: true },
        { role: 'user', content: 'b' },
        { role: 'assistant', content: '', incomplete: true, error: 'Rate limited' },
        { role: 'bogus', content: 1 } as unknown as ChatTurn,
      ],
    });
    expect(view(store).map((e) => [e.content, e.stopped, e.error])).toEqual([
      ['a', false, undefined],
      ['part', true, undefined],
      ['b', false, undefined],
      ['', false, 'Rate limited'],
    ]);
  });

  it('sends nothing while a reply streams, when empty, or in privacy mode', async () => {
    const { store, connections } = await started();
    expect(store.getState().send('   ')).toBe(false);
    store.getState().send('one');
    expect(store.getState().send('two')).toBe(false);
    expect(connections).toHaveLength(1);

    const privacy = await started({ settings: { privacyMode: true } });
    expect(privacy.store.getState().send('hello')).toBe(false);
    expect(privacy.connections).toHaveLength(0);
  });

  it('clears the history, but not mid-reply', async () => {
    const { store, connections, writeHistory } = await started({ history: [{ role: 'user', content: 'x' }] });
    store.getState().send('Hi');
    await store.getState().clearHistory();
    expect(store.getState().history).toHaveLength(1);
    await connections[0]!.emit({ type: 'done', stopped: false });
    await store.getState().clearHistory();
    expect(store.getState().history).toEqual([]);
    expect(view(store)).toEqual([]);
    writeHistory([]);
    expect(view(store)).toEqual([]);
  });
});

describe('popup store: settings', () => {
  it('switches the current site off and on', async () => {
    const { store, settings } = await started();
    expect(store.getState().site).toEqual({ kind: 'web', hostname: 'example.com' });
    await store.getState().setSiteEnabled(false);
    expect(settings().disabledSites).toEqual(['example.com']);
    await store.getState().setSiteEnabled(true);
    expect(settings().disabledSites).toEqual([]);
  });

  it('saves tone and a trimmed model', async () => {
    const { store, settings } = await started();
    await store.getState().setTone('formal');
    await store.getState().setModel('  gpt-4.1-mini ');
    expect(settings()).toMatchObject({ tone: 'formal', model: 'gpt-4.1-mini' });
  });
});

describe('key notice', () => {
  const noKey = { state: 'known', status: { hasKey: false, remembered: true, hint: '' } } as const;
  it('asks for a key only when the provider needs one', () => {
    expect(needsKeyNotice(DEFAULT_SETTINGS, noKey)).toBe(true);
    expect(needsKeyNotice({ ...DEFAULT_SETTINGS, provider: 'ollama' }, noKey)).toBe(false);
    expect(needsKeyNotice(DEFAULT_SETTINGS, { state: 'unknown' })).toBe(false);
    expect(needsKeyNotice({ ...DEFAULT_SETTINGS, privacyMode: true }, noKey)).toBe(false);
    expect(chatBlockedReason(DEFAULT_SETTINGS, noKey)).toMatch(/API key/);
  });
});
