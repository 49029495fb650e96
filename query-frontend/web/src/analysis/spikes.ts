import type { TrendSeries } from '../api/types';

/** One bucket of an error trend: the total and each service's share. */
export interface BucketTotal {
  t: number;
  count: number;
  byService: ReadonlyMap<string, number>;
}

export interface Spike {
  t: number;
  count: number;
  /** the typical bucket (the median) */
  baseline: number;
  /** the service with the most errors above its own median in this bucket */
  service: string | null;
  serviceExcess: number;
}

/**
 * Sums trend series (keyed by level and service) per bucket, in time order. A bucket with no
 * errors at all is absent from every series, so it is absent here too: over error counts of
 * a busy system that is rare, and it only makes the median a little higher.
 */
export function totalsByBucket(series: readonly TrendSeries[]): BucketTotal[] {
  const buckets = new Map<number, { count: number; byService: Map<string, number> }>();
  for (const s of series) {
    const service = s.key.service ?? null;
    for (const p of s.points) {
      const t = Date.parse(p.t);
      const b = buckets.get(t) ?? { count: 0, byService: new Map<string, number>() };
      b.count += p.count;
      if (service !== null) b.byService.set(service, (b.byService.get(service) ?? 0) + p.count);
      buckets.set(t, b);
    }
  }
  return [...buckets.entries()].sort(([a], [b]) => a - b).map(([t, b]) => ({ t, count: b.count, byService: b.byService }));
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export interface SpikeOptions {
  /** how many robust standard deviations above the median a spike is, at least */
  zScore: number;
  /** and how many times the median, so a flat series with tiny noise has no spikes */
  minRatio: number;
}

/**
 * Six robust deviations and one and a half times the median: on the sample's daily error counts
 * (weekday and weekend levels, noise of a few percent) the incident days stand out at ten
 * deviations and more, while ordinary days stay under three.
 */
export const DEFAULT_SPIKE_OPTIONS: SpikeOptions = { zScore: 6, minRatio: 1.5 };

/**
 * Buckets far above the usual: a robust z-score (median and median absolute deviation, so the
 * spikes themselves do not raise the bar), as anomaly detectors on error rates commonly do.
 */
export function findSpikes(totals: readonly BucketTotal[], options: SpikeOptions = DEFAULT_SPIKE_OPTIONS): Spike[] {
  if (totals.length < 3) return [];
  const counts = totals.map((b) => b.count);
  const m = median(counts);
  const sigma = Math.max(1, 1.4826 * median(counts.map((c) => Math.abs(c - m))));
  const serviceMedians = new Map<string, number>();
  for (const service of new Set(totals.flatMap((b) => [...b.byService.keys()]))) {
    serviceMedians.set(service, median(totals.map((b) => b.byService.get(service) ?? 0)));
  }
  return totals
    .filter((b) => (b.count - m) / sigma >= options.zScore && b.count >= options.minRatio * m)
    .map((b) => {
      let service: string | null = null;
      let excess = 0;
      for (const [name, count] of b.byService) {
        const over = count - (serviceMedians.get(name) ?? 0);
        if (over > excess) {
          excess = over;
          service = name;
        }
      }
      return { t: b.t, count: b.count, baseline: m, service, serviceExcess: excess };
    });
}
