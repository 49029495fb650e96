import { useQuery } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { catalogDays } from '../analysis/buckets';
import { fromAggregates, fromReport, type ErrorView } from '../analysis/errorView';
import { isAggregateAnswer, type ApiClient } from '../api/client';
import { useApi } from '../api/context';
import { useCatalog } from '../api/hooks';
import type { Bucket, ErrorPattern, Level, QueryRequestBody, TrendSeries } from '../api/types';
import { PRESETS, presetRange } from '../query/params';
import { parseQueryTime } from '../query/times';
import { ErrorMessage } from './ErrorMessage';
import { SpikeTable, TypeTable } from './ErrorTables';
import { Reports } from './Reports';
import { TrendChart, type TrendLine } from './TrendChart';

const ERROR_LEVELS: Level[] = ['ERROR', 'FATAL'];
const BUCKETS: Bucket[] = ['hour', 'day', 'week', 'month'];
const LINE_COLORS = ['#1f77b4', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#7f7f7f', '#ff7f0e'];

export interface AnalysisRange {
  start: string;
  end: string;
  bucket: Bucket;
  /** one service, or '' for all */
  service: string;
}

/**
 * Error trends and recurring error types over a range, with the spikes and what drove them.
 * From `GET /api/analysis/errors`; a server without it gets a notice, and the view is computed
 * from `POST /api/query` trend and pattern aggregates (ERROR and FATAL) instead.
 */
export function ErrorAnalysis({ search, navigate }: { search: URLSearchParams; navigate: (to: string) => void }) {
  const catalog = useCatalog();
  const days = catalogDays(catalog.data);
  const fallback = days ?? presetRange(PRESETS[3]!, new Date());
  const waiting = !search.has('start') && catalog.isPending;
  const range: AnalysisRange = {
    start: search.get('start') ?? fallback.start,
    end: search.get('end') ?? fallback.end,
    bucket: BUCKETS.find((b) => b === search.get('bucket')) ?? 'day',
    service: search.get('service') ?? '',
  };
  const services = [...new Set((catalog.data?.archives ?? []).flatMap((a) => a.services))].sort();
  const go = (r: AnalysisRange) => {
    const params = new URLSearchParams({ start: r.start.trim(), end: r.end.trim(), bucket: r.bucket });
    if (r.service) params.set('service', r.service);
    navigate(`/errors?${params.toString()}`);
  };

  return (
    <section className="error-analysis" aria-label="Error analysis">
      <header className="view-head">
        <h2>Error analysis</h2>
        <span className="muted">ERROR and FATAL records over time; spikes are buckets far above the usual</span>
      </header>
      <RangeForm key={`${range.start}|${range.end}|${range.bucket}|${range.service}`} initial={range} archived={days} services={services} onSubmit={go} />
      {waiting ? <p className="muted">loading the catalog…</p> : <AnalysisBody range={range} navigate={navigate} />}
      <Reports />
    </section>
  );
}

interface RangeFormProps {
  initial: AnalysisRange;
  archived: { start: string; end: string } | null;
  services: readonly string[];
  onSubmit: (r: AnalysisRange) => void;
}

function RangeForm({ initial, archived, services, onSubmit }: RangeFormProps) {
  const [r, setR] = useState(initial);
  const [problem, setProblem] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const start = parseQueryTime(r.start);
    const end = parseQueryTime(r.end);
    if (!start.ok) return setProblem(`Start ${start.message}`);
    if (!end.ok) return setProblem(`End ${end.message}`);
    if (end.span.last < start.span.first) return setProblem('End is before start: the range is empty');
    setProblem(null);
    onSubmit(r);
  };
  return (
    <form className="range-form" onSubmit={submit} noValidate aria-label="Analysis range">
      <label>
        Start
        <input name="start" value={r.start} onChange={(e) => setR({ ...r, start: e.target.value })} />
      </label>
      <label>
        End
        <input name="end" value={r.end} onChange={(e) => setR({ ...r, end: e.target.value })} />
      </label>
      <label>
        Bucket
        <select name="bucket" value={r.bucket} onChange={(e) => setR({ ...r, bucket: e.target.value as Bucket })}>
          {BUCKETS.map((b) => (
            <option key={b} value={b}>
              {b}
            </option>
          ))}
        </select>
      </label>
      <label>
        Service
        <select name="service" value={r.service} onChange={(e) => setR({ ...r, service: e.target.value })}>
          <option value="">all</option>
          {services.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      {archived && (
        <button type="button" onClick={() => setR({ ...r, ...archived })}>
          All archived
        </button>
      )}
      <button type="submit" className="primary">
        Analyse
      </button>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}

function aggregateBody(range: AnalysisRange, aggregate: QueryRequestBody['aggregate']): QueryRequestBody {
  const filters: QueryRequestBody['filters'] = { level: ERROR_LEVELS };
  if (range.service) filters.service = [range.service];
  return { start_time: range.start, end_time: range.end, filters, aggregate };
}

async function trendFallback(api: ApiClient, range: AnalysisRange, signal: AbortSignal): Promise<TrendSeries[]> {
  const answer = await api.query(aggregateBody(range, { type: 'trend', bucket: range.bucket, by: ['level', 'service'] }), signal);
  if (!isAggregateAnswer(answer) || answer.aggregate.type !== 'trend') {
    throw new Error('The server did not answer the trend aggregate with a trend.');
  }
  return answer.aggregate.series;
}

async function patternsFallback(api: ApiClient, range: AnalysisRange, signal: AbortSignal): Promise<ErrorPattern[]> {
  const answer = await api.query(aggregateBody(range, { type: 'patterns', limit: 20 }), signal);
  if (!isAggregateAnswer(answer) || answer.aggregate.type !== 'patterns') {
    throw new Error('The server did not answer the patterns aggregate with patterns.');
  }
  return answer.aggregate.patterns;
}

function AnalysisBody({ range, navigate }: { range: AnalysisRange; navigate: (to: string) => void }) {
  const api = useApi();
  const valid = parseQueryTime(range.start).ok && parseQueryTime(range.end).ok;
  const endpoint = useQuery({
    queryKey: ['analysis-errors', range],
    queryFn: ({ signal }) => api.errorAnalysis(range, signal),
    enabled: valid,
    retry: false,
    staleTime: 60_000,
  });
  const fallback = endpoint.data?.available === false;
  const trend = useQuery({
    queryKey: ['error-trend', range],
    queryFn: ({ signal }) => trendFallback(api, range, signal),
    enabled: fallback,
    retry: false,
    staleTime: 60_000,
  });
  const patterns = useQuery({
    queryKey: ['error-patterns', range],
    queryFn: ({ signal }) => patternsFallback(api, range, signal),
    enabled: fallback,
    retry: false,
    staleTime: 5 * 60_000,
  });
  const view = useMemo<ErrorView | null>(() => {
    if (endpoint.data?.available) return fromReport(endpoint.data.data);
    if (trend.data) return fromAggregates(range.bucket, trend.data, patterns.data ?? null);
    return null;
  }, [endpoint.data, trend.data, patterns.data, range.bucket]);

  if (!valid) return <ErrorMessage error={new Error(`The range ${range.start} → ${range.end} is not valid; fix it above.`)} />;
  return (
    <>
      {endpoint.data && !endpoint.data.available && (
        <p className="notice" data-testid="analysis-availability">
          <strong>Error analysis: not available yet</strong> on this server (GET /api/analysis/errors {endpoint.data.reason}). The view below is
          computed from trend and pattern aggregates of POST /api/query instead.
        </p>
      )}
      {endpoint.error && <ErrorMessage error={endpoint.error} prefix="Error analysis" />}
      {trend.error && <ErrorMessage error={trend.error} prefix="Error trend" />}
      {!view && !endpoint.error && !trend.error && <p className="muted">computing the error trend…</p>}
      {view && <ErrorViewPanel view={view} range={range} navigate={navigate} />}
      {fallback && patterns.isFetching && <p className="muted">mining message templates over the range (a Flink job; a minute for six months)…</p>}
      {patterns.error && <ErrorMessage error={patterns.error} prefix="Error patterns" />}
    </>
  );
}

function ErrorViewPanel({ view, range, navigate }: { view: ErrorView; range: AnalysisRange; navigate: (to: string) => void }) {
  const chart = useMemo(() => chartLines(view), [view]);
  if (view.times.length === 0 || view.totals.every((c) => c === 0)) return <p className="empty">No ERROR or FATAL records in this range.</p>;
  return (
    <>
      {view.warnings.map((w) => (
        <p key={w} className="warning">
          {w}
        </p>
      ))}
      <TrendChart times={view.times} lines={chart} />
      <h3>
        Spikes{' '}
        <span className="muted">
          {view.spikes.length === 0 ? 'none' : `${view.spikes.length} ${view.bucket}${view.spikes.length === 1 ? '' : 's'} far above the usual`}
        </span>
      </h3>
      {view.spikes.length > 0 && <SpikeTable view={view} service={range.service} navigate={navigate} />}
      <h3>Recurring error types</h3>
      {view.types.length === 0 ? <p className="empty">None in this range.</p> : <TypeTable view={view} />}
    </>
  );
}

function chartLines(view: ErrorView): TrendLine[] {
  const spikeAt = new Set(view.spikes.map((s) => s.t));
  return [
    { label: 'ERROR + FATAL', values: view.totals, color: '#c0392b', width: 2 },
    ...view.lines.map((l, i) => ({ label: l.label, values: l.values, color: LINE_COLORS[i % LINE_COLORS.length] ?? '#777' })),
    { label: 'spike', values: view.times.map((t, i) => (spikeAt.has(t) ? (view.totals[i] ?? null) : null)), color: '#e67e22', pointsOnly: true },
  ];
}

