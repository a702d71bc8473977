/**
 * Where a remembered key lives when content scripts could read `storage.local` (Firefox has no
 * `setAccessLevel`): the extension origin's IndexedDB. A content script's IndexedDB is the web
 * page's, so no script in a page, Redline's own included, can reach this database; only the
 * background and Redline's own pages can.
 */
const DB_NAME = 'redline-vault';
const STORE = 'secrets';

export interface SecretVault {
  get(name: string): Promise<string | undefined>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<void>;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function open(factory: IDBFactory): Promise<IDBDatabase> {
  const req = factory.open(DB_NAME, 1);
  req.onupgradeneeded = () => req.result.createObjectStore(STORE);
  return request(req);
}

/** A vault on `factory` (the global `indexedDB` in the extension's own contexts). */
export function indexedDbVault(factory: () => IDBFactory = () => indexedDB): SecretVault {
  const run = async <T>(mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest<T>) => {
    const db = await open(factory());
    try {
      const tx = db.transaction(STORE, mode);
      const result = await request(act(tx.objectStore(STORE)));
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
        tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
      });
      return result;
    } finally {
      db.close();
    }
  };
  return {
    get: async (name) => {
      const value: unknown = await run('readonly', (store) => store.get(name));
      return typeof value === 'string' ? value : undefined;
    },
    set: async (name, value) => {
      await run('readwrite', (store) => store.put(value, name));
    },
    delete: async (name) => {
      await run('readwrite', (store) => store.delete(name));
    },
  };
}
