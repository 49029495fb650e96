import { ALL, type Coverage, type Interval } from '../analysis/coverage';
import type { ArchiveEntry } from '../api/types';
import { baseName, formatBytes } from '../format';

const CODECS = ['zstd', 'gzip', 'lz4'] as const;
const codecClass = (codec: string) => ((CODECS as readonly string[]).includes(codec) ? `codec-${codec}` : 'codec-other');

function describe(a: ArchiveEntry): string {
  return `${baseName(a.archive)} · ${a.tier} · ${a.codec} · ${formatBytes(a.compressed_bytes)} of ${formatBytes(a.raw_bytes)} (${a.ratio.toFixed(2)}×) · ${a.min_ts ?? '?'} → ${a.max_ts ?? '?'}`;
}

const pct = (t: number, c: Coverage) => ((t - c.start) / Math.max(1, c.end - c.start)) * 100;
const day = (t: number) => new Date(t).toISOString().slice(0, 16).replace('T', ' ');

/** Month starts between `start` and `end`, for the axis. */
function monthTicks(start: number, end: number): number[] {
  const d = new Date(start);
  const ticks: number[] = [];
  let t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  while (t <= end && ticks.length < 48) {
    ticks.push(t);
    const m = new Date(t);
    t = Date.UTC(m.getUTCFullYear(), m.getUTCMonth() + 1, 1);
  }
  return ticks;
}

/**
 * Coverage over time, one track per service: each archive a block coloured by codec (its tier,
 * size and ratio on hover), gaps in red.
 */
export function CoverageTimeline({ coverage }: { coverage: Coverage }) {
  const ticks = monthTicks(coverage.start, coverage.end);
  return (
    <div className="timeline" data-testid="coverage-timeline">
      <div className="legend">
        {CODECS.map((c) => (
          <span key={c}>
            <span className={`swatch codec-${c}`} /> {c}
          </span>
        ))}
        <span>
          <span className="swatch gap" /> gap
        </span>
      </div>
      <div className="timeline-row axis">
        <span className="timeline-label">{day(coverage.start).slice(0, 10)}</span>
        <div className="timeline-track">
          {ticks.map((t) => (
            <span key={t} className="tick" style={{ left: `${pct(t, coverage)}%` }}>
              {new Date(t).toISOString().slice(0, 7)}
            </span>
          ))}
        </div>
      </div>
      {coverage.rows.map((row) => (
        <div key={row.label} className={`timeline-row${row.label === ALL ? ' all' : ''}`} data-service={row.label}>
          <span className="timeline-label" title={row.label}>
            {row.label}
          </span>
          <div className="timeline-track">
            {row.archives.map(({ archive, span }) => (
              <Bar key={archive.archive} iv={span} coverage={coverage} className={`covered ${codecClass(archive.codec)}`} title={describe(archive)} min={0} />
            ))}
            {row.gaps.map((iv) => (
              <Bar key={`g${iv.start}`} iv={iv} coverage={coverage} className="gap" title={`gap: ${day(iv.start)} → ${day(iv.end)}`} min={0.4} />
            ))}
          </div>
        </div>
      ))}
    </div>
  );
}

/** `min`: the narrowest it may be, in percent: a one-hour gap in six months must still be seen. */
function Bar({ iv, coverage, className, title, min }: { iv: Interval; coverage: Coverage; className: string; title: string; min: number }) {
  const left = pct(iv.start, coverage);
  const width = Math.max(min, pct(iv.end, coverage) - left);
  return <span className={`bar ${className}`} style={{ left: `${left}%`, width: `${width}%` }} title={title} />;
}
