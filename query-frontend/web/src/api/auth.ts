/**
 * The bearer token this browser sends, when the server asks for one: kept in localStorage (so it
 * is asked once, not on every visit), dropped when the server refuses it. Listeners hear when a
 * token is needed (a 401) and when one is set.
 */
export interface TokenStore {
  get(): string | null;
  set(token: string): void;
  /** The server refused the call: the token is missing or wrong. */
  refused(): void;
  /** Whether the server asked for a token that this browser does not have (or had wrong). */
  needed(): boolean;
  subscribe(listener: () => void): () => void;
}

const KEY = 'rewind.token';

export function browserTokenStore(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null = safeStorage()): TokenStore {
  let memory: string | null = storage?.getItem(KEY) ?? null;
  let needed = false;
  const listeners = new Set<() => void>();
  const tell = () => listeners.forEach((l) => l());
  return {
    get: () => memory,
    set(token) {
      memory = token.trim() || null;
      needed = memory === null;
      if (memory === null) storage?.removeItem(KEY);
      else storage?.setItem(KEY, memory);
      tell();
    },
    refused() {
      memory = null;
      storage?.removeItem(KEY);
      if (!needed) {
        needed = true;
        tell();
      }
    },
    needed: () => needed,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

function safeStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage blocked: the token lives as long as the page
  }
}
