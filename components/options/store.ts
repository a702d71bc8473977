/**
 * The options page's one store. Storage stays the source of truth: the store loads settings,
 * follows `watchSettings` (changes from the popup or another options tab), and writes through
 * `updateSettings`. The connection form is a draft (Save applies it); every other setting is
 * saved as soon as it changes.
 *
 * Its dependencies come in as parameters so unit tests can run it without a browser.
 */
import { createStore } from 'zustand/vanilla';
import { checkBaseURL, originPattern, PROVIDERS, type ProviderId } from '@/utils/providers';
import type { ConnectionResult, KeyStatus, Kind, RequestOf, ResponseMap } from '@/utils/messaging/protocol';
import { DEFAULT_SETTINGS, parseSettings, type DayUsage, type Settings } from '@/utils/settings';
import { normaliseBaseURL } from './validation';

type OptionsKind = Extract<Kind, 'key.status' | 'key.set' | 'connection.test' | 'models.list'>;

export interface OptionsDeps {
  getSettings(): Promise<Settings>;
  updateSettings(patch: Partial<Settings>): Promise<Settings>;
  watchSettings(callback: (settings: Settings) => void): () => void;
  send<K extends OptionsKind>(kind: K, data: RequestOf<K>): Promise<ResponseMap[K]>;
  /** Must call the browser synchronously (user gesture); see host-access.ts. */
  requestHostAccess(origin: string): Promise<boolean>;
  /** Tokens and cost per day (the usage view); absent: none shown. */
  loadUsage?(): Promise<Record<string, DayUsage>>;
  watchUsage?(callback: (usage: Record<string, DayUsage>) => void): () => void;
  /** A background that never answers is reported after this long. Default 45 s. */
  replyTimeoutMs?: number;
}

/** What the user is editing in the Connection section. The stored key is never in here. */
export interface ConnectionForm {
  provider: ProviderId;
  baseURL: string;
  model: string;
  /** Only what the user typed; empty = keep the stored key. */
  apiKey: string;
  rememberKey: boolean;
}

export interface Notice {
  tone: 'ok' | 'warn' | 'error' | 'busy';
  text: string;
}

/** The sections that save on change, each with its own "Saved" indicator. */
export type SectionId =
  | 'checks'
  | 'task-models'
  | 'spending'
  | 'sites'
  | 'dictionary'
  | 'rules'
  | 'ignored'
  | 'rewrites'
  | 'prompts'
  | 'advanced';

export interface AutosaveStatus {
  section: SectionId;
  state: 'saving' | 'saved' | 'error';
  message?: string;
  /** Increases with every save, so a view can tell two "Saved" apart. */
  seq: number;
}

export interface OptionsState {
  phase: 'loading' | 'ready' | 'error';
  loadError: string | null;
  settings: Settings;
  keyStatus: KeyStatus | null;
  /** Model ids from the server's `/models`, offered as suggestions. */
  models: string[];
  form: ConnectionForm;
  baseUrlError: string | null;
  busy: 'saving' | 'testing' | null;
  saveNotice: Notice | null;
  /** Host permission refused or unanswered. */
  accessNotice: string | null;
  testNotice: Notice | null;
  keyNotice: Notice | null;
  autosave: AutosaveStatus | null;
  /** Tokens and cost per day, by task and model. */
  usage: Record<string, DayUsage>;

  /** Loads everything and follows storage; returns the cleanup. */
  init(): () => void;
  editForm(patch: Partial<ConnectionForm>): void;
  chooseProvider(id: ProviderId): void;
  /** Validates, asks for host access (synchronously, first), stores settings and the typed key. */
  save(): Promise<void>;
  /** Same host-access handling, then tries the form's values without saving them. */
  testConnection(): Promise<void>;
  forgetKey(): Promise<void>;
  refreshModels(baseURL: string, apiKey?: string): Promise<void>;
  /** Saves a change to the non-connection settings at once. Resolves false when it failed. */
  update(section: SectionId, change: (current: Settings) => Partial<Settings>): Promise<boolean>;
}

export function formFromSettings(settings: Settings): ConnectionForm {
  return {
    provider: settings.provider as ProviderId,
    baseURL: settings.baseURL,
    model: settings.model,
    apiKey: '',
    rememberKey: settings.rememberKey,
  };
}

/** True when the form holds anything Save would change. */
export function isFormDirty(form: ConnectionForm, settings: Settings): boolean {
  return (
    form.apiKey !== '' ||
    form.provider !== settings.provider ||
    normaliseBaseURL(form.baseURL) !== settings.baseURL ||
    form.model.trim() !== settings.model ||
    form.rememberKey !== settings.rememberKey
  );
}

export function accessRefusedMessage(host: string): string {
  return `Redline wasn't given access to ${host}. It will still work if the server allows cross-origin requests; otherwise click Save again and choose Allow.`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function createOptionsStore(deps: OptionsDeps) {
  const replyTimeoutMs = deps.replyTimeoutMs ?? 45_000;

  /** Rejects when the background does not answer: the page never waits forever. */
  function ask<K extends OptionsKind>(kind: K, data: RequestOf<K>): Promise<ResponseMap[K]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('Redline’s background did not answer. Reload the extension and try again.')),
        replyTimeoutMs,
      );
      deps.send(kind, data).then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  }

  /*
   * Writes run one after another, and storage events are ignored while any is pending: a quick
   * second change (two Remove clicks) must build on the first, not on a stale echo of it.
   */
  let writes: Promise<unknown> = Promise.resolve();
  let pendingWrites = 0;
  let autosaveSeq = 0;
  let modelsSeq = 0;

  function write(patch: Partial<Settings>): Promise<Settings> {
    pendingWrites += 1;
    const result = writes.then(() => deps.updateSettings(patch));
    writes = result.catch(() => undefined);
    return result.finally(() => {
      pendingWrites -= 1;
    });
  }

  return createStore<OptionsState>()((set, get) => {
    /** Settings arrived from storage (load, or another context changed them). */
    function adopt(next: Settings) {
      const { settings, form } = get();
      set({
        settings: next,
        // A form with edits in progress is left alone; an untouched one follows storage.
        form: isFormDirty(form, settings) ? form : formFromSettings(next),
      });
    }

    async function refreshKeyStatus() {
      try {
        set({ keyStatus: await ask('key.status', {}) });
      } catch (error) {
        set({ keyNotice: { tone: 'error', text: `Couldn't read the key status: ${messageOf(error)}` } });
      }
    }

    /**
     * Validates the Base URL and starts the host-permission request, synchronously. Returns null
     * (with the error shown) when the URL is malformed.
     */
    function prepare(): { baseURL: string; host: string; access: Promise<boolean> | null } | null {
      const check = checkBaseURL(get().form.baseURL);
      if (!check.ok) {
        set({ baseUrlError: check.error });
        return null;
      }
      const access = check.local ? null : deps.requestHostAccess(originPattern(check.url));
      set({ baseUrlError: null, accessNotice: null });
      return { baseURL: normaliseBaseURL(get().form.baseURL), host: check.url.host, access };
    }

    async function awaitAccess(access: Promise<boolean> | null, host: string) {
      if (access && !(await access)) set({ accessNotice: accessRefusedMessage(host) });
    }

    return {
      phase: 'loading',
      loadError: null,
      usage: {},
      settings: DEFAULT_SETTINGS,
      keyStatus: null,
      models: [],
      form: formFromSettings(DEFAULT_SETTINGS),
      baseUrlError: null,
      busy: null,
      saveNotice: null,
      accessNotice: null,
      testNotice: null,
      keyNotice: null,
      autosave: null,

      init() {
        let active = true;
        const unwatch = deps.watchSettings((next) => {
          if (active && pendingWrites === 0) adopt(next);
        });
        void deps.getSettings().then(
          (settings) => {
            if (!active) return;
            set({ settings, form: formFromSettings(settings), phase: 'ready' });
            if (checkBaseURL(settings.baseURL).ok) void get().refreshModels(settings.baseURL);
          },
          (error: unknown) => active && set({ phase: 'error', loadError: messageOf(error) }),
        );
        void refreshKeyStatus();
        const unwatchUsage = deps.watchUsage?.((usage) => active && set({ usage }));
        void deps.loadUsage?.().then(
          (usage) => active && set({ usage }),
          () => undefined,
        );
        return () => {
          active = false;
          unwatch();
          unwatchUsage?.();
        };
      },

      editForm(patch) {
        const form = { ...get().form, ...patch };
        set({
          form,
          // Results about other values would mislead once the values change.
          saveNotice: null,
          testNotice: null,
          ...('baseURL' in patch ? { baseUrlError: null, accessNotice: null } : {}),
        });
      },

      chooseProvider(id) {
        const preset = PROVIDERS[id];
        const { form } = get();
        get().editForm({
          provider: id,
          // "Custom" has no address of its own: keep what is there to edit.
          baseURL: preset.baseURL || form.baseURL,
          model: preset.model || form.model,
        });
      },

      save() {
        if (get().busy) return Promise.resolve();
        const prepared = prepare();
        if (!prepared) {
          set({ saveNotice: { tone: 'error', text: 'Not saved: fix the Base URL first.' } });
          return Promise.resolve();
        }
        const submitted = get().form;
        const run = async () => {
          set({
            busy: 'saving',
            saveNotice: {
              tone: 'busy',
              text: prepared.access ? `Waiting for access to ${prepared.host}…` : 'Saving…',
            },
          });
          try {
            await awaitAccess(prepared.access, prepared.host);
            const before = get().settings;
            const saved = await write({
              provider: submitted.provider,
              baseURL: prepared.baseURL,
              model: submitted.model.trim(),
              rememberKey: submitted.rememberKey,
            });
            const key = submitted.apiKey.trim();
            const status = get().keyStatus;
            const moveKey =
              submitted.rememberKey !== before.rememberKey ||
              (status?.hasKey === true && status.remembered !== submitted.rememberKey);
            let keyStatus = status;
            if (key) keyStatus = await ask('key.set', { key, remember: submitted.rememberKey });
            else if (moveKey) keyStatus = await ask('key.set', { remember: submitted.rememberKey });
            const current = get().form;
            set({
              settings: saved,
              keyStatus,
              keyNotice: null,
              // Whatever was typed while saving stays; what was saved is now the stored state.
              form: {
                ...current,
                baseURL: current.baseURL === submitted.baseURL ? saved.baseURL : current.baseURL,
                model: current.model === submitted.model ? saved.model : current.model,
                apiKey: current.apiKey === submitted.apiKey ? '' : current.apiKey,
              },
              saveNotice: { tone: 'ok', text: 'Saved' },
            });
            void get().refreshModels(saved.baseURL);
          } catch (error) {
            set({ saveNotice: { tone: 'error', text: `Not saved: ${messageOf(error)}` } });
          } finally {
            set({ busy: null });
          }
        };
        return run();
      },

      testConnection() {
        if (get().busy) return Promise.resolve();
        const prepared = prepare();
        if (!prepared) {
          set({ testNotice: { tone: 'error', text: 'Fix the Base URL, then test again.' } });
          return Promise.resolve();
        }
        const { model, apiKey } = get().form;
        const key = apiKey.trim() || undefined;
        const run = async () => {
          set({
            busy: 'testing',
            testNotice: {
              tone: 'busy',
              text: prepared.access ? `Waiting for access to ${prepared.host}…` : 'Testing the connection…',
            },
          });
          try {
            await awaitAccess(prepared.access, prepared.host);
            if (prepared.access) set({ testNotice: { tone: 'busy', text: 'Testing the connection…' } });
            const result: ConnectionResult = await ask('connection.test', {
              baseURL: prepared.baseURL,
              model: model.trim(),
              ...(key ? { apiKey: key } : {}),
            });
            set({
              testNotice: result.ok
                ? { tone: result.modelFound === false ? 'warn' : 'ok', text: result.message }
                : { tone: 'error', text: result.message },
            });
            if (result.ok) void get().refreshModels(prepared.baseURL, key);
          } catch (error) {
            set({ testNotice: { tone: 'error', text: messageOf(error) } });
          } finally {
            set({ busy: null });
          }
        };
        return run();
      },

      async forgetKey() {
        try {
          const keyStatus = await ask('key.set', { key: '', remember: get().settings.rememberKey });
          set({ keyStatus, keyNotice: { tone: 'ok', text: 'Key forgotten.' } });
        } catch (error) {
          set({ keyNotice: { tone: 'error', text: `Couldn't forget the key: ${messageOf(error)}` } });
        }
      },

      async refreshModels(baseURL, apiKey) {
        const seq = ++modelsSeq;
        try {
          const result = await ask('models.list', { baseURL, ...(apiKey ? { apiKey } : {}) });
          // Only the latest request counts, and a failure keeps the suggestions we had.
          if (seq === modelsSeq && result.ok) set({ models: result.models });
        } catch {
          // Suggestions are a convenience; Test connection is where errors are explained.
        }
      },

      async update(section, change) {
        const seq = ++autosaveSeq;
        const patch = change(get().settings);
        // Shown at once, so the next change builds on this one.
        set({
          settings: parseSettings({ ...get().settings, ...patch }),
          autosave: { section, state: 'saving', seq },
        });
        try {
          const saved = await write(patch);
          if (pendingWrites === 0) set({ settings: saved });
          if (get().autosave?.seq === seq) set({ autosave: { section, state: 'saved', seq } });
          return true;
        } catch (error) {
          set({
            autosave: { section, state: 'error', message: `Not saved: ${messageOf(error)}`, seq },
          });
          if (pendingWrites === 0) adopt(await deps.getSettings().catch(() => get().settings));
          return false;
        }
      },
    };
  });
}

export type OptionsStore = ReturnType<typeof createOptionsStore>;
