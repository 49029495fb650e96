import { Fragment, useState } from 'react';
import type { ErrorView } from '../analysis/errorView';
import { describeVariable, wordCount } from '../analysis/typeVariables';
import { bucketLabel, bucketRange } from '../analysis/buckets';
import type { Level } from '../api/types';
import { formatCount } from '../format';
import { EMPTY_FORM, toSearchParams } from '../query/params';

const ERROR_LEVELS: Level[] = ['ERROR', 'FATAL'];

/** The spikes, what drove each, and a link to its records. */
export function SpikeTable({ view, service, navigate }: { view: ErrorView; service: string; navigate: (to: string) => void }) {
  const records = (spike: ErrorView['spikes'][number]) => {
    const { start, end } = bucketRange(spike.t, view.bucket);
    return `/?${toSearchParams({ ...EMPTY_FORM, start, end, levels: ERROR_LEVELS, service: spike.service ?? service }).toString()}`;
  };
  return (
    <table className="spikes" data-testid="spikes">
      <thead>
        <tr>
          <th>{view.bucket}</th>
          <th className="num">errors</th>
          <th className="num">usual</th>
          <th className="num">×</th>
          <th>driven by</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {view.spikes.map((s) => (
          <tr key={s.t} data-spike={new Date(s.t).toISOString().slice(0, 10)}>
            <td>{bucketLabel(s.t, view.bucket)}</td>
            <td className="num">{formatCount(s.count)}</td>
            <td className="num">{formatCount(Math.round(s.baseline))}</td>
            <td className="num">{(s.count / Math.max(1, s.baseline)).toFixed(1)}</td>
            <td className="drivers">{s.drivers.join('; ') || '–'}</td>
            <td>
              <a
                href={records(s)}
                onClick={(e) => {
                  e.preventDefault();
                  navigate(records(s));
                }}
              >
                show records
              </a>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The recurring error types: how often, when, and whether new or confined to one day. A type whose
 * variables took words (a service, a topic, a host) expands into them, with their counts.
 */
export function TypeTable({ view }: { view: ErrorView }) {
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setExpanded((open) => {
      const next = new Set(open);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  return (
    <div className="table-wrap">
      <table className="patterns" data-testid="patterns">
        <thead>
          <tr>
            <th>template</th>
            <th>level</th>
            <th className="num">count</th>
            <th>over the range</th>
            <th>first seen</th>
            <th>last seen</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {view.types.map((t) => (
            <Fragment key={t.id}>
              <tr title={`e.g. ${t.sample}`} data-type={t.id}>
                <td className="template">
                  {t.template}
                  {t.variables.length > 0 && (
                    <>
                      <div className="type-variables">{t.variables.map((v) => describeVariable(v)).join(' · ')}</div>
                      <button type="button" className="expand" aria-expanded={expanded.has(t.id)} onClick={() => toggle(t.id)}>
                        {expanded.has(t.id) ? 'hide values' : `${wordCount(t.variables)} values`}
                      </button>
                    </>
                  )}
                </td>
                <td>{t.level ?? ''}</td>
                <td className="num">{formatCount(t.count)}</td>
                <td>{t.series && <Sparkline values={t.series} />}</td>
                <td>{t.firstSeen.slice(0, 16).replace('T', ' ')}</td>
                <td>{t.lastSeen.slice(0, 16).replace('T', ' ')}</td>
                <td>
                  {t.firstSeen.slice(0, 10) === t.lastSeen.slice(0, 10) ? (
                    <span className="burst">only on {t.firstSeen.slice(0, 10)}</span>
                  ) : (
                    // Everything is "new" in a range that starts with the archives: say it only of
                    // types that appeared after the first bucket.
                    t.isNew && Date.parse(t.firstSeen) >= (view.times[1] ?? Infinity) && <span className="new">new since {t.firstSeen.slice(0, 10)}</span>
                  )}
                </td>
              </tr>
              {expanded.has(t.id) && (
                <tr className="type-values" data-values-of={t.id}>
                  <td colSpan={7}>
                    {t.variables.map((v) => (
                      <div key={v.position} className="variable">
                        <span className="variable-label">{v.label ?? `word ${v.position + 1}`}</span>
                        <ul>
                          {v.values.map((w) => (
                            <li key={w.value}>
                              <span className="value">{w.value}</span> <span className="num">{formatCount(w.count)}</span>
                            </li>
                          ))}
                          {v.other > 0 && (
                            <li className="other">
                              other <span className="num">{formatCount(v.other)}</span>
                            </li>
                          )}
                        </ul>
                      </div>
                    ))}
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A type's count per bucket, as a small line. */
function Sparkline({ values }: { values: readonly number[] }) {
  const max = Math.max(1, ...values);
  const w = 120;
  const h = 18;
  const step = values.length > 1 ? w / (values.length - 1) : w;
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${(h - 1 - (v / max) * (h - 2)).toFixed(1)}`).join(' ');
  return (
    <svg className="sparkline" width={w} height={h} viewBox={`0 0 ${w} ${h}`} aria-hidden="true">
      <polyline points={points} fill="none" stroke="#c0392b" strokeWidth="1" />
    </svg>
  );
}

