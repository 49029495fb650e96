import type { Bucket, ErrorPattern, ErrorReport, TrendSeries, TypeVariable } from '../api/types';
import { findSpikes, totalsByBucket } from './spikes';

/** What the error analysis view draws, whichever way the server computed it. */
export interface ErrorView {
  bucket: Bucket;
  /** bucket starts, epoch milliseconds */
  times: number[];
  totals: number[];
  /** per level (from the analysis endpoint) or per service (from trend aggregates) */
  lines: Array<{ label: string; values: number[] }>;
  /** `service`: the one that drove it, when known (the records link narrows to it) */
  spikes: Array<{ t: number; count: number; baseline: number; drivers: string[]; service: string | null }>;
  types: Array<{
    id: string;
    template: string;
    level: string | null;
    count: number;
    firstSeen: string;
    lastSeen: string;
    /** count per bucket, when known */
    series: number[] | null;
    /** not seen before the range, when known */
    isNew: boolean | null;
    sample: string;
    /** its variables with their words, what the row expands into (empty when none took words) */
    variables: TypeVariable[];
  }>;
  warnings: string[];
}

/** From `GET /api/analysis/errors`: the server found the spikes and the error types behind them. */
export function fromReport(report: ErrorReport): ErrorView {
  const times = report.buckets.map((b) => Date.parse(b));
  return {
    bucket: report.bucket,
    times,
    totals: report.totals,
    lines: Object.entries(report.trend).map(([key, values]) => ({ label: key.replace('|', ' · '), values })),
    spikes: report.spikes.map((s) => ({
      t: Date.parse(s.bucket),
      count: s.count,
      baseline: s.baseline,
      // The server names up to three drivers; one adding a twentieth of the excess is noise.
      drivers: s.drivers
        .filter((d, i) => i === 0 || d.excess >= 0.05 * (s.count - s.baseline))
        .map((d) => `${d.template} (+${d.excess.toLocaleString('en-US')})`),
      service: null,
    })),
    types: report.types.map((t) => ({
      id: t.id,
      template: t.template,
      level: t.level,
      count: t.count,
      firstSeen: t.first_seen,
      lastSeen: t.last_seen,
      series: t.series,
      isNew: t.new,
      sample: t.sample,
      variables: t.variables ?? [],
    })),
    warnings: report.warnings,
  };
}

/**
 * From `POST /api/query` aggregates, for servers without the analysis endpoint: a trend by level
 * and service and the top patterns; the spikes are found here, and attributed to the service
 * most above its usual count.
 */
export function fromAggregates(bucket: Bucket, series: readonly TrendSeries[], patterns: readonly ErrorPattern[] | null): ErrorView {
  const totals = totalsByBucket(series);
  const services = [...new Set(totals.flatMap((b) => [...b.byService.keys()]))].sort();
  return {
    bucket,
    times: totals.map((b) => b.t),
    totals: totals.map((b) => b.count),
    lines: services.map((s) => ({ label: s, values: totals.map((b) => b.byService.get(s) ?? 0) })),
    spikes: findSpikes(totals).map((s) => ({
      t: s.t,
      count: s.count,
      baseline: s.baseline,
      drivers: s.service ? [`${s.service} (+${Math.round(s.serviceExcess).toLocaleString('en-US')})`] : [],
      service: s.service,
    })),
    types: (patterns ?? []).map((p) => ({
      id: p.id,
      template: p.template,
      level: null,
      count: p.count,
      firstSeen: p.first_seen,
      lastSeen: p.last_seen,
      series: null,
      isNew: null,
      sample: p.sample,
      variables: [],
    })),
    warnings: [],
  };
}
