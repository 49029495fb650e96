import type { ArchiveEntry } from '../api/types';

export interface Interval {
  start: number;
  end: number;
}

export interface CoverageRow {
  /** a service, or ALL for every archive */
  label: string;
  /** the archives that hold this service, with their time spans */
  archives: Array<{ archive: ArchiveEntry; span: Interval }>;
  covered: Interval[];
  gaps: Interval[];
}

export interface Coverage {
  start: number;
  end: number;
  rows: CoverageRow[];
}

export const ALL = 'all archives';

/**
 * A stretch shorter than this between two archives is not a gap: daily archives end at the last
 * line of the day and the next starts at its first, a few seconds apart.
 */
export const DEFAULT_MIN_GAP_MS = 2 * 3_600_000;

/**
 * What time the archives cover, per service (the union of the time ranges of the archives that
 * hold it) and over all archives, with the gaps between covered stretches.
 */
export function coverage(archives: readonly ArchiveEntry[], minGapMs = DEFAULT_MIN_GAP_MS): Coverage | null {
  const spans: CoverageRow['archives'] = [];
  for (const archive of archives) {
    if (archive.min_ts === null || archive.max_ts === null) continue;
    const start = Date.parse(archive.min_ts);
    const end = Date.parse(archive.max_ts);
    if (Number.isFinite(start) && Number.isFinite(end)) {
      spans.push({ archive, span: { start, end } });
    }
  }
  if (spans.length === 0) return null;
  const byService = new Map<string, CoverageRow['archives']>();
  for (const entry of spans) {
    for (const service of entry.archive.services) {
      const list = byService.get(service) ?? [];
      list.push(entry);
      byService.set(service, list);
    }
  }
  const row = (label: string, held: CoverageRow['archives']): CoverageRow => {
    const covered = merge(
      held.map((h) => h.span),
      minGapMs,
    );
    return { label, archives: held, covered, gaps: gapsOf(covered) };
  };
  const rows: CoverageRow[] = [row(ALL, spans)];
  for (const service of [...byService.keys()].sort()) {
    rows.push(row(service, byService.get(service) ?? []));
  }
  const all = rows[0]?.covered ?? [];
  return { start: all[0]?.start ?? 0, end: all[all.length - 1]?.end ?? 0, rows };
}

/** The union of intervals, joining those less than `minGapMs` apart. */
export function merge(intervals: readonly Interval[], minGapMs: number): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  const out: Interval[] = [];
  for (const next of sorted) {
    const last = out[out.length - 1];
    if (last && next.start <= last.end + minGapMs) {
      last.end = Math.max(last.end, next.end);
    } else {
      out.push({ ...next });
    }
  }
  return out;
}

function gapsOf(covered: readonly Interval[]): Interval[] {
  const gaps: Interval[] = [];
  for (let i = 1; i < covered.length; i++) {
    const before = covered[i - 1];
    const after = covered[i];
    if (before && after) gaps.push({ start: before.end, end: after.start });
  }
  return gaps;
}
