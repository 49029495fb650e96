import { describe, expect, it } from 'vitest';
import { browserTokenStore } from './auth';
import { createClient } from './client';

function memoryStorage() {
  const m = new Map<string, string>();
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
    map: m,
  };
}

describe('access token', () => {
  it('is asked for after a 401, then sent as a bearer token and kept for the next visit', async () => {
    const storage = memoryStorage();
    const tokens = browserTokenStore(storage);
    const seen: (string | null)[] = [];
    const fetchMock = async (_url: RequestInfo | URL, init?: RequestInit) => {
      const auth = new Headers(init?.headers).get('Authorization');
      seen.push(auth);
      return auth === 'Bearer s3cret-token-0123456789'
        ? new Response(JSON.stringify({ cache: {} }), { status: 200 })
        : new Response(JSON.stringify({ error: 'unauthorized', field: 'Authorization', message: 'needs a token' }), { status: 401 });
    };
    const client = createClient('', fetchMock, tokens);
    const refused = await client.stats().catch((e: unknown) => e);
    expect(refused).toMatchObject({ kind: 'unauthorized', status: 401 });
    expect(tokens.needed()).toBe(true);

    tokens.set('s3cret-token-0123456789');
    expect(tokens.needed()).toBe(false);
    await client.stats();
    expect(seen).toEqual([null, 'Bearer s3cret-token-0123456789']);
    expect(browserTokenStore(storage).get()).toBe('s3cret-token-0123456789');
  });

  it('forgets a token the server refuses, and asks again', async () => {
    const storage = memoryStorage();
    storage.setItem('rewind.token', 'stale-token-0123456789');
    const tokens = browserTokenStore(storage);
    const client = createClient('', async () => new Response('{"error":"unauthorized","message":"bad token"}', { status: 401 }), tokens);
    await client.archives().catch(() => undefined);
    expect(tokens.get()).toBeNull();
    expect(storage.map.has('rewind.token')).toBe(false);
    expect(tokens.needed()).toBe(true);
  });

  it('says a full queue is busy, not broken', async () => {
    const client = createClient('', async () => new Response('{"error":"too_many_requests","message":"all 2 job slots are busy"}', { status: 429 }), browserTokenStore(memoryStorage()));
    const error = await client.query({ start_time: '2024-01-01', end_time: '2024-01-02' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'busy', status: 429 });
  });
});
