import type { Bucket, Catalog } from '../api/types';

/** A bucket's start as people write it: a day as a date, an hour with its hour. */
export function bucketLabel(t: number, bucket: Bucket): string {
  const iso = new Date(t).toISOString();
  switch (bucket) {
    case 'hour':
      return `${iso.slice(0, 13).replace('T', ' ')}:00`;
    case 'month':
      return iso.slice(0, 7);
    case 'week':
      return `week of ${iso.slice(0, 10)}`;
    case 'day':
      return iso.slice(0, 10);
  }
}

/** The query range (inclusive, in the API's notation) that one bucket covers. */
export function bucketRange(t: number, bucket: Bucket): { start: string; end: string } {
  const d = new Date(t);
  const date = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  switch (bucket) {
    case 'hour': {
      const hour = d.toISOString().slice(0, 13);
      return { start: `${hour}:00:00`, end: `${hour}:59:59` };
    }
    case 'day':
      return { start: date(t), end: date(t) };
    case 'week':
      return { start: date(t), end: date(t + 6 * 86_400_000) };
    case 'month':
      return { start: date(t), end: date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)) };
  }
}

/** The days the archives cover, first to last, or null when there are none. */
export function catalogDays(catalog: Catalog | undefined): { start: string; end: string } | null {
  let min: string | null = null;
  let max: string | null = null;
  for (const a of catalog?.archives ?? []) {
    if (a.min_ts !== null && (min === null || a.min_ts < min)) min = a.min_ts;
    if (a.max_ts !== null && (max === null || a.max_ts > max)) max = a.max_ts;
  }
  return min === null || max === null ? null : { start: min.slice(0, 10), end: max.slice(0, 10) };
}
