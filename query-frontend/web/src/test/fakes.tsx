import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { ApiClient } from '../api/client';
import { ApiProvider } from '../api/context';
import type { Catalog, Health, Optional, ResultRow, Stats } from '../api/types';

/** A client whose every call fails loudly unless the test gives it an answer. */
export function fakeClient(overrides: Partial<ApiClient> = {}): ApiClient {
  const missing = (name: string) => () => Promise.reject(new Error(`fake client: ${name} not set up`));
  return {
    query: missing('query'),
    queryStream: missing('queryStream'),
    cancelQuery: missing('cancelQuery'),
    archives: () => Promise.resolve(CATALOG),
    stats: () => Promise.resolve(STATS),
    health: () => Promise.resolve(HEALTH),
    clearCache: () => Promise.resolve(),
    createSampleArchives: missing('createSampleArchives'),
    errorAnalysis: () => Promise.resolve(NOT_AVAILABLE),
    reports: () => Promise.resolve(NOT_AVAILABLE),
    ...overrides,
  };
}

export const NOT_AVAILABLE: Optional<never> = { available: false, reason: 'answered 404' };

export function Providers({ client, children }: { client: ApiClient; children: ReactNode }) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return (
    <ApiProvider client={client}>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </ApiProvider>
  );
}

/** `n` rows, newest first, one second apart, alternating archive and live sources. */
export function rows(n: number, from = 0): ResultRow[] {
  const start = Date.UTC(2024, 5, 30, 23, 59, 59);
  return Array.from({ length: n }, (_, k) => {
    const i = from + k;
    return {
      id: `id-${i}`,
      timestamp: new Date(start - i * 1000).toISOString(),
      level: 'ERROR',
      service: 'auth',
      host: 'auth-1',
      message: `failure number ${i}`,
      fields: { request: `req-${i}` },
      source: i % 2 === 0 ? { kind: 'archive', archive: '/data/dt=2024-06-30/app-2024-06-30.ndjson.zst', frame: 7 } : { kind: 'live', partition: 0, offset: 1000 + i },
    };
  });
}

export const CATALOG: Catalog = {
  version: 'v1',
  count: 3,
  watermark: '2024-01-05T23:59:59Z',
  problems: [],
  archives: [
    archive('2024-01-01', 'zstd', ['auth', 'orders']),
    archive('2024-01-02', 'gzip', ['auth', 'orders']),
    // 2024-01-03 is missing: a gap
    archive('2024-01-04', 'lz4', ['auth']),
  ],
};

function archive(day: string, codec: string, services: string[]): Catalog['archives'][number] {
  return {
    archive: `/data/dt=${day}/app-${day}.ndjson.${codec}`,
    tier: 'local',
    codec,
    format: 'ndjson',
    compressed_bytes: 2_000_000,
    raw_bytes: 12_000_000,
    ratio: 6,
    min_ts: `${day}T00:00:01.000Z`,
    max_ts: `${day}T23:59:58.000Z`,
    lines: 50_000,
    unparsed: 0,
    levels: { INFO: 40_000, ERROR: 10_000 },
    services,
    frames: 12,
    path_date: day,
  };
}

export const STATS: Stats = {
  cache: {
    hit_rate: 0.25,
    hits: 1,
    misses: 3,
    tiers: {
      memory: { tier: 'memory', hits: 1, misses: 3, hit_rate: 0.25, bytes: 2048, evictions: 0 },
      disk: { tier: 'disk', hits: 0, misses: 3, hit_rate: 0, bytes: 0, evictions: 2 },
    },
  },
  archives: { count: 3, compressed_bytes: 6_000_000, raw_bytes: 36_000_000, lines: 150_000, frames: 36, watermark: '2024-01-04T23:59:58Z', problems: 0 },
  queries: { count: 4, failed: 1, active: 2, latency_ms: { p50: 120.5, p95: 2300, p99: 'NaN' } },
  live: { configured: true, bootstrap: 'localhost:9092', topic: 'logs' },
  jobs: { runner: 'embedded MiniCluster', web_ui: 'http://localhost:8081', slots: 2 },
};

export const HEALTH: Health = { status: 'ok', parts: { catalog: { ready: true }, flink: { ready: true } } };
