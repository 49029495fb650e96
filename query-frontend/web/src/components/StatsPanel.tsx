import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../api/context';
import { useStats } from '../api/hooks';
import type { TierStats } from '../api/types';
import { formatBytes, formatCount, formatMillis, formatPercent } from '../format';
import { ArchiverSection } from './ArchiverSection';
import { ErrorMessage } from './ErrorMessage';

/**
 * The server's counters, refreshed live: cache hit rate overall and per tier, query latency
 * percentiles, queries running now, the job runner and its Flink web UI, the catalog, and the
 * streaming archiver where the server runs one.
 */
export function StatsPanel() {
  const api = useApi();
  const queryClient = useQueryClient();
  const stats = useStats();
  const clear = useMutation({
    mutationFn: () => api.clearCache(),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['stats'] }),
  });
  const s = stats.data;

  return (
    <aside className="stats-panel" aria-label="Server stats">
      <h2>Server</h2>
      {stats.error && <ErrorMessage error={stats.error} prefix="Stats unavailable" />}
      {!s && !stats.error && <p className="muted">loading…</p>}
      {s && (
        <>
          <h3>Results cache</h3>
          <p className="big" data-testid="hit-rate">
            {formatPercent(s.cache.hit_rate)} <span className="muted">hit rate</span>
          </p>
          <table className="tiers">
            <thead>
              <tr>
                <th>tier</th>
                <th>hit rate</th>
                <th>hits</th>
                <th>misses</th>
                <th>bytes</th>
                <th>evictions</th>
              </tr>
            </thead>
            <tbody>
              {Object.values(s.cache.tiers).map((t) => (
                <TierRow key={t.tier} tier={t} />
              ))}
            </tbody>
          </table>
          <button type="button" onClick={() => clear.mutate()} disabled={clear.isPending}>
            {clear.isPending ? 'Clearing…' : 'Clear cache'}
          </button>
          {clear.isSuccess && <span className="muted"> cleared</span>}
          {clear.error && <ErrorMessage error={clear.error} prefix="Could not clear the cache" />}

          <h3>Queries</h3>
          <dl className="pairs">
            <dt>active</dt>
            <dd data-testid="active-queries">{formatCount(s.queries.active)}</dd>
            <dt>done</dt>
            <dd>{formatCount(s.queries.count)}</dd>
            <dt>failed</dt>
            <dd>{formatCount(s.queries.failed)}</dd>
            {s.queries.rejected !== undefined && (
              <>
                <dt>refused (busy)</dt>
                <dd data-testid="rejected-queries">{formatCount(s.queries.rejected)}</dd>
              </>
            )}
            {Object.entries(s.queries.latency_ms).map(([p, ms]) => (
              <LatencyEntry key={p} percentile={p} ms={ms} />
            ))}
          </dl>

          {s.queries.limits && (
            <>
              <h3>Limits</h3>
              <dl className="pairs" data-testid="limits">
                <dt>range</dt>
                <dd>{formatCount(s.queries.limits.max_range_days)} days</dd>
                <dt>bytes a query reads</dt>
                <dd>{formatBytes(s.queries.limits.max_bytes)}</dd>
                <dt>time a query runs</dt>
                <dd>{formatCount(s.queries.limits.timeout_seconds)} s</dd>
                <dt>jobs at once</dt>
                <dd>
                  {formatCount(s.queries.limits.max_jobs)}, then {formatCount(s.queries.limits.max_queued)} waiting
                </dd>
              </dl>
            </>
          )}

          <h3>Jobs</h3>
          <dl className="pairs">
            <dt>runner</dt>
            <dd>{s.jobs.runner}</dd>
            <dt>slots</dt>
            <dd>{s.jobs.slots}</dd>
            {s.jobs.active !== undefined && (
              <>
                <dt>active jobs</dt>
                <dd data-testid="active-jobs">{formatCount(s.jobs.active)}</dd>
              </>
            )}
            <dt>web UI</dt>
            <dd>
              {s.jobs.web_ui ? (
                <a href={s.jobs.web_ui} target="_blank" rel="noreferrer">
                  {s.jobs.web_ui}
                </a>
              ) : (
                '–'
              )}
            </dd>
          </dl>

          <h3>Archives</h3>
          <dl className="pairs">
            <dt>archives</dt>
            <dd>{formatCount(s.archives.count)}</dd>
            <dt>stored</dt>
            <dd>
              {formatBytes(s.archives.compressed_bytes)} of {formatBytes(s.archives.raw_bytes)}
            </dd>
            <dt>lines</dt>
            <dd>{formatCount(s.archives.lines)}</dd>
            {!!s.archives.indexing && (
              <>
                <dt>being indexed</dt>
                <dd data-testid="archives-indexing">{formatCount(s.archives.indexing)}</dd>
              </>
            )}
            {!!s.archives.failed && (
              <>
                <dt>unreadable</dt>
                <dd>{formatCount(s.archives.failed)}</dd>
              </>
            )}
            <dt>watermark</dt>
            <dd>{s.archives.watermark}</dd>
            <dt>live</dt>
            <dd>{s.live.configured ? `${s.live.topic ?? ''} @ ${s.live.bootstrap ?? ''}` : 'not configured'}</dd>
          </dl>
          {s.archiver && <ArchiverSection archiver={s.archiver} produced={s.live.produced} />}
          <p className="muted small">
            updated {new Date(stats.dataUpdatedAt).toISOString().slice(11, 19)} UTC · <a href="/metrics">Prometheus metrics</a>
          </p>
        </>
      )}
    </aside>
  );
}

function TierRow({ tier }: { tier: TierStats }) {
  return (
    <tr data-tier={tier.tier}>
      <td>{tier.tier}</td>
      <td>
        <meter min={0} max={1} value={tier.hit_rate} aria-label={`${tier.tier} hit rate`} /> {formatPercent(tier.hit_rate)}
      </td>
      <td>{formatCount(tier.hits)}</td>
      <td>{formatCount(tier.misses)}</td>
      <td>{formatBytes(tier.bytes)}</td>
      <td>{formatCount(tier.evictions)}</td>
    </tr>
  );
}

function LatencyEntry({ percentile, ms }: { percentile: string; ms: number | string }) {
  return (
    <>
      <dt>latency {percentile}</dt>
      <dd>{formatMillis(ms)}</dd>
    </>
  );
}
