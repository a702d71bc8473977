import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import fc from 'fast-check';
import { IDBFactory } from 'fake-indexeddb';
import {
  keyHint,
  keyStatus,
  readApiKey,
  secureStoredKey,
  setKeyRemembered,
  useKeyVault,
  writeApiKey,
} from '../key';
import { indexedDbVault } from '../key-vault';

const KEY = 'sk-proj-AbCdEfGh1234567890wxyz';

/** Where the key actually sits in the browser's storage. */
async function stored() {
  const { apiKey: local } = await fakeBrowser.storage.local.get('apiKey');
  const { apiKey: session } = await fakeBrowser.storage.session.get('apiKey');
  return { local, session };
}

/** Who may read storage.local: Chrome starts every browser session open to content scripts. */
let localAccessLevel: string;

beforeEach(() => {
  fakeBrowser.reset();
  // A fresh IndexedDB per test (fake-indexeddb: the real IndexedDB API, in memory).
  const factory = new IDBFactory();
  useKeyVault(indexedDbVault(() => factory));
  localAccessLevel = 'TRUSTED_AND_UNTRUSTED_CONTEXTS';
  // The fake browser has no storage.setAccessLevel; play Chrome's.
  vi.spyOn(fakeBrowser.storage.local, 'setAccessLevel').mockImplementation(async ({ accessLevel }) => {
    localAccessLevel = accessLevel;
  });
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('writeApiKey', () => {
  it('keeps a remembered key in local storage only', async () => {
    await writeApiKey(KEY, true);
    expect(await stored()).toEqual({ local: KEY, session: undefined });
  });

  it('keeps a key that should not be remembered in session storage only', async () => {
    await writeApiKey(KEY, false);
    expect(await stored()).toEqual({ local: undefined, session: KEY });
  });

  it('replaces a key kept in the other area', async () => {
    await writeApiKey('sk-old-0000000000', false);
    await writeApiKey(KEY, true);
    expect(await stored()).toEqual({ local: KEY, session: undefined });
  });

  it('closes storage.local to content scripts before the key lands there', async () => {
    let levelWhenWritten: string | undefined;
    fakeBrowser.storage.local.onChanged.addListener((changes) => {
      if (changes.apiKey?.newValue) levelWhenWritten = localAccessLevel;
    });
    await writeApiKey(KEY, true);
    expect(levelWhenWritten).toBe('TRUSTED_CONTEXTS');
  });

  it('trims spaces pasted around the key', async () => {
    await writeApiKey(`  ${KEY}\n`, true);
    expect((await stored()).local).toBe(KEY);
  });

  it.each([true, false])(
    'forgets the key everywhere when given an empty one (remember: %s)',
    async (remember) => {
      await fakeBrowser.storage.local.set({ apiKey: KEY });
      await fakeBrowser.storage.session.set({ apiKey: KEY });
      await writeApiKey('   ', remember);
      expect(await stored()).toEqual({ local: undefined, session: undefined });
      expect(await readApiKey()).toEqual({ key: '', remembered: true });
    },
  );
});

describe('setKeyRemembered', () => {
  it('moves a remembered key to the session when the user stops remembering it', async () => {
    await writeApiKey(KEY, true);
    await setKeyRemembered(false);
    expect(await stored()).toEqual({ local: undefined, session: KEY });
  });

  it('moves a session key to local storage when the user asks to remember it', async () => {
    await writeApiKey(KEY, false);
    await setKeyRemembered(true);
    expect(await stored()).toEqual({ local: KEY, session: undefined });
  });

  it('does nothing when there is no key', async () => {
    await setKeyRemembered(false);
    expect(await stored()).toEqual({ local: undefined, session: undefined });
  });
});

describe('readApiKey', () => {
  it('says where the key lives', async () => {
    await writeApiKey(KEY, false);
    expect(await readApiKey()).toEqual({ key: KEY, remembered: false });
    await writeApiKey(KEY, true);
    expect(await readApiKey()).toEqual({ key: KEY, remembered: true });
  });
});

describe('where content scripts cannot be shut out of storage.local (Firefox)', () => {
  beforeEach(() => {
    vi.spyOn(fakeBrowser.storage.local, 'setAccessLevel').mockRejectedValue(new Error('not supported'));
  });

  it('never writes a remembered key to storage.local; it is read back from the vault', async () => {
    const written: string[] = [];
    fakeBrowser.storage.local.onChanged.addListener((changes) => written.push(JSON.stringify(changes)));
    await writeApiKey(KEY, true);
    expect(await stored()).toEqual({ local: undefined, session: undefined });
    expect(written.join('\n')).not.toContain(KEY);
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).not.toContain(KEY);
    expect(await readApiKey()).toEqual({ key: KEY, remembered: true });
    expect(await keyStatus()).toEqual({ hasKey: true, remembered: true, hint: 'sk-…wxyz' });
  });

  it('still tells the background the key changed, without the key', async () => {
    const changed: string[] = [];
    fakeBrowser.storage.local.onChanged.addListener((changes) => changed.push(...Object.keys(changes)));
    await writeApiKey(KEY, true);
    expect(changed).toContain('apiKeyStamp');
  });

  it('forgets the key in every place, the vault included', async () => {
    await writeApiKey(KEY, true);
    await writeApiKey('', true);
    expect(await readApiKey()).toEqual({ key: '', remembered: true });
  });

  it('moves a key an earlier version left in storage.local into the vault at start-up', async () => {
    await fakeBrowser.storage.local.set({ apiKey: KEY });
    await secureStoredKey();
    expect(await stored()).toEqual({ local: undefined, session: undefined });
    expect(await readApiKey()).toEqual({ key: KEY, remembered: true });
  });

  it('a session-only key still goes to storage.session, and leaves the vault', async () => {
    await writeApiKey(KEY, true);
    await writeApiKey(KEY, false);
    expect(await stored()).toEqual({ local: undefined, session: KEY });
    await writeApiKey('', false);
    expect(await readApiKey()).toEqual({ key: '', remembered: true });
  });
});

describe('keyHint', () => {
  it('shows the prefix and the last 4 characters only', () => {
    expect(keyHint('sk-proj-AbCdEfGh1234567890wxyz')).toBe('sk-…wxyz');
    expect(keyHint('gsk_AbCdEfGh1234567890wxyz')).toBe('…wxyz');
  });

  it('shows nothing of a short key', () => {
    expect(keyHint('abcd1234')).toBe('…');
    expect(keyHint('sk-1')).toBe('…');
  });

  it('is empty without a key', () => {
    expect(keyHint('')).toBe('');
  });

  it('never reveals more than a short letter prefix and the last 4 characters', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (key) => {
        const hint = keyHint(key);
        if (key.length <= 8) {
          expect(hint).toBe(key ? '…' : '');
        } else {
          const cut = hint.indexOf('…');
          const [prefix, rest] = [hint.slice(0, cut), hint.slice(cut + 1)];
          expect(prefix).toMatch(/^([a-z]{2,4}-)?$/i);
          expect(key.startsWith(prefix)).toBe(true);
          expect(rest).toBe(key.slice(-4));
        }
      }),
    );
  });
});

describe('keyStatus', () => {
  it('reports no key', async () => {
    expect(await keyStatus()).toEqual({ hasKey: false, remembered: true, hint: '' });
  });

  it('reports a remembered key by its hint, never the key', async () => {
    await writeApiKey(KEY, true);
    const status = await keyStatus();
    expect(status).toEqual({ hasKey: true, remembered: true, hint: 'sk-…wxyz' });
    expect(JSON.stringify(status)).not.toContain(KEY.slice(3, -4));
  });

  it('reports a session key as not remembered', async () => {
    await writeApiKey(KEY, false);
    expect(await keyStatus()).toEqual({ hasKey: true, remembered: false, hint: 'sk-…wxyz' });
  });
});
