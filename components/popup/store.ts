import { createContext, useContext } from 'react';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { PortCall } from '@/utils/messaging/ports';
import type { ChatRequest, ChatResult, KeyStatus, StreamChunk } from '@/utils/messaging/protocol';
import type { ChatTurn, DayUsage, Settings, Tone } from '@/utils/settings';
import type { SpendingStop } from '@/utils/spending';
import { PROVIDERS } from '@/utils/providers';
import { isInFlight, parseHistory, reconcilePending, type PendingExchange } from './chat-view';
import { siteFromUrl, withSiteEnabled, type SiteInfo } from './site';

/** The chat port, as the store needs it (a `PortClient` of the chat port). */
export interface ChatConnection {
  request(request: ChatRequest, onChunk: (chunk: StreamChunk) => void): PortCall<ChatResult>;
  /** Closes the port: the background aborts what is running. */
  close(): void;
}

/**
 * Everything the popup reads or changes outside itself. `browser-env.ts` wires it to the
 * extension; unit tests pass a fake.
 */
export interface PopupEnv {
  loadSettings(): Promise<Settings>;
  watchSettings(callback: (settings: Settings) => void): () => void;
  updateSettings(patch: Partial<Settings>): Promise<Settings>;
  loadHistory(): Promise<unknown>;
  watchHistory(callback: (history: unknown) => void): () => void;
  clearHistory(): Promise<void>;
  loadUsage(): Promise<Record<string, DayUsage>>;
  watchUsage(callback: (usage: Record<string, DayUsage>) => void): () => void;
  /** The last refusal for too little left of a spending limit (it keeps the limit reached). */
  loadSpendingStop(): Promise<SpendingStop | null>;
  watchSpendingStop(callback: (stop: SpendingStop | null) => void): () => void;
  keyStatus(): Promise<KeyStatus>;
  /** Fires when the stored key may have changed (its value never reaches the popup). */
  watchKeyChanges(callback: () => void): () => void;
  activeTabUrl(): Promise<string | undefined>;
  openChat(): ChatConnection;
  openOptions(): Promise<void>;
  /** The options page's Usage section: tokens and cost per day, task and model. */
  openUsage(): Promise<void>;
}

export type KeyState = { state: 'loading' } | { state: 'known'; status: KeyStatus } | { state: 'unknown' };
export type SiteState = { kind: 'loading' } | SiteInfo;

export interface PopupState {
  /** null until loaded. */
  settings: Settings | null;
  history: ChatTurn[];
  usage: Record<string, DayUsage>;
  spendingStop: SpendingStop | null;
  key: KeyState;
  site: SiteState;
  pending: PendingExchange | null;
  /** A failed save or clear, shown until the next attempt. */
  problem: string | null;

  /** Loads everything and follows storage; returns the teardown. */
  start(): () => void;
  setTone(tone: Tone): Promise<void>;
  setModel(model: string): Promise<void>;
  setSiteEnabled(enabled: boolean): Promise<void>;
  send(text: string): boolean;
  stop(): void;
  clearHistory(): Promise<void>;
  openUsage(): Promise<void>;
  openOptions(): Promise<void>;
}

export type PopupStore = StoreApi<PopupState>;

/** How long Stop waits for the background to confirm before closing the port itself (which aborts too). */
export const STOP_GRACE_MS = 3000;

const LOST_CONNECTION =
  'The connection to Redline’s background closed before the reply finished. Try sending again.';

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Whether the popup should ask for a key: none stored and the provider needs one. Not in privacy
 * mode, where nothing goes to a model and a missing key costs nothing.
 */
export function needsKeyNotice(settings: Settings | null, key: KeyState): boolean {
  if (!settings || settings.privacyMode || key.state !== 'known' || key.status.hasKey) return false;
  const preset = PROVIDERS[settings.provider as keyof typeof PROVIDERS];
  return preset?.needsKey ?? false;
}

/** Why chat cannot be used right now, or null when it can. */
export function chatBlockedReason(settings: Settings | null, key: KeyState): string | null {
  if (settings?.privacyMode) {
    return 'Chat is off in privacy mode: nothing may be sent to a model. Turn privacy mode off in Settings to chat.';
  }
  if (needsKeyNotice(settings, key)) return 'Chat needs an API key. Add one in Settings.';
  return null;
}

export function createPopupStore(env: PopupEnv): PopupStore {
  let nextExchangeId = 1;
  /** The port of the exchange in flight, if any. */
  let connection: ChatConnection | null = null;
  let stopTimer: ReturnType<typeof setTimeout> | undefined;
  let currentCall: PortCall<ChatResult> | null = null;

  return createStore<PopupState>()((set, get) => {
    /** Applies a change to the pending exchange `id`, if it is still the current one. */
    const updatePending = (id: number, change: (pending: PendingExchange) => PendingExchange | null) => {
      const pending = get().pending;
      if (pending?.id === id) set({ pending: change(pending) });
    };

    const closeConnection = (conn: ChatConnection) => {
      if (connection === conn) {
        connection = null;
        clearTimeout(stopTimer);
      }
      conn.close();
    };

    const finish = (id: number, conn: ChatConnection, outcome: { stopped: boolean; error?: string }) => {
      closeConnection(conn);
      updatePending(id, (pending) => ({
        ...pending,
        phase: 'done',
        stopped: outcome.stopped,
        ...(outcome.error ? { error: outcome.error } : {}),
      }));
    };

    const applyHistory = (raw: unknown) => {
      const history = parseHistory(raw);
      const pending = get().pending;
      set({ history, pending: pending ? reconcilePending(pending, history) : null });
    };

    const refreshKey = () => {
      env.keyStatus().then(
        (status) => set({ key: { state: 'known', status } }),
        // A background that cannot answer says nothing about the key: better no notice than a wrong one.
        () => set({ key: { state: 'unknown' } }),
      );
    };

    const saveSettings = async (patch: Partial<Settings>) => {
      set({ problem: null });
      try {
        set({ settings: await env.updateSettings(patch) });
      } catch (error) {
        set({ problem: `Could not save: ${messageOf(error)}` });
      }
    };

    return {
      settings: null,
      history: [],
      usage: {},
      spendingStop: null,
      key: { state: 'loading' },
      site: { kind: 'loading' },
      pending: null,
      problem: null,

      start() {
        // A change seen by a watcher is newer than a first read still in flight.
        const changed = { settings: false, history: false, usage: false, stop: false };
        const unwatch = [
          env.watchSettings((settings) => {
            changed.settings = true;
            set({ settings });
          }),
          env.watchHistory((history) => {
            changed.history = true;
            applyHistory(history);
          }),
          env.watchUsage((usage) => {
            changed.usage = true;
            set({ usage });
          }),
          env.watchSpendingStop((spendingStop) => {
            changed.stop = true;
            set({ spendingStop });
          }),
          env.watchKeyChanges(refreshKey),
        ];
        env.loadSpendingStop().then(
          (spendingStop) => !changed.stop && set({ spendingStop }),
          () => undefined,
        );
        env.loadSettings().then(
          (settings) => !changed.settings && set({ settings }),
          (error: unknown) => set({ problem: `Could not load settings: ${messageOf(error)}` }),
        );
        env.loadHistory().then(
          (history) => !changed.history && applyHistory(history),
          () => set({ problem: 'Could not load the chat history.' }),
        );
        env.loadUsage().then(
          (usage) => !changed.usage && set({ usage }),
          () => undefined,
        );
        env.activeTabUrl().then(
          (url) => set({ site: siteFromUrl(url) }),
          () => set({ site: { kind: 'unsupported' } }),
        );
        refreshKey();
        return () => {
          unwatch.forEach((stop) => stop());
          if (connection) closeConnection(connection);
        };
      },

      setTone: (tone) => saveSettings({ tone }),

      async setModel(model) {
        const trimmed = model.trim();
        if (trimmed === get().settings?.model) return;
        await saveSettings({ model: trimmed });
      },

      async setSiteEnabled(enabled) {
        const { settings, site } = get();
        if (!settings || site.kind !== 'web') return;
        await saveSettings({
          disabledSites: withSiteEnabled(settings.disabledSites, site.hostname, enabled),
        });
      },

      send(text) {
        const userText = text.trim();
        const { pending, settings, key } = get();
        if (!userText || isInFlight(pending) || chatBlockedReason(settings, key)) return false;
        const id = nextExchangeId++;
        let conn: ChatConnection;
        try {
          conn = env.openChat();
        } catch (error) {
          set({ problem: `Could not reach Redline’s background: ${messageOf(error)}` });
          return false;
        }
        connection = conn;
        set({
          problem: null,
          pending: { id, userText, reply: '', phase: 'waiting', stopped: false, userRecorded: false },
        });
        const call = conn.request({ text: userText }, (chunk) => {
          if (chunk.type === 'start') {
            updatePending(id, (p) => (p.phase === 'waiting' ? { ...p, phase: 'streaming' } : p));
            return;
          }
          updatePending(id, (p) => ({
            ...p,
            reply: p.reply + chunk.text,
            phase: p.phase === 'waiting' ? 'streaming' : p.phase,
          }));
        });
        currentCall = call;
        void call.result.then((outcome) => {
          if (connection !== conn) return;
          if (!outcome.ok) {
            const stopping = get().pending?.phase === 'stopping';
            finish(id, conn, stopping ? { stopped: true } : { stopped: false, error: LOST_CONNECTION });
          } else if (outcome.result.ok) {
            finish(id, conn, { stopped: outcome.result.stopped });
          } else {
            const { message, code } = outcome.result;
            finish(id, conn, { stopped: false, error: message || `Error: ${code}` });
          }
        });
        return true;
      },

      stop() {
        const { pending } = get();
        const conn = connection;
        if (!pending || !conn || !isInFlight(pending) || pending.phase === 'stopping') return;
        set({ pending: { ...pending, phase: 'stopping' } });
        currentCall?.cancel();
        // The background confirms with `done`; if it does not, closing the port aborts the request anyway.
        stopTimer = setTimeout(() => {
          if (connection === conn) finish(pending.id, conn, { stopped: true });
        }, STOP_GRACE_MS);
      },

      async clearHistory() {
        if (isInFlight(get().pending)) return;
        set({ problem: null });
        try {
          await env.clearHistory();
          set({ history: [], pending: null });
        } catch (error) {
          set({ problem: `Could not clear the history: ${messageOf(error)}` });
        }
      },

      async openOptions() {
        try {
          await env.openOptions();
        } catch (error) {
          set({ problem: `Could not open Settings: ${messageOf(error)}` });
        }
      },

      async openUsage() {
        try {
          await env.openUsage();
        } catch (error) {
          set({ problem: `Could not open the usage view: ${messageOf(error)}` });
        }
      },
    };
  });
}

export const PopupStoreContext = createContext<PopupStore | null>(null);

/** Reads the popup store provided by `PopupStoreContext`. */
export function usePopup<T>(selector: (state: PopupState) => T): T {
  const store = useContext(PopupStoreContext);
  if (!store) throw new Error('usePopup needs a PopupStoreContext provider.');
  return useStore(store, selector);
}
