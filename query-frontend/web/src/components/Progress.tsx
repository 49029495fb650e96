import { useEffect, useState } from 'react';
import { QUERY_STATES, type QueryProgress, type RecordsAnswer } from '../api/types';
import { formatBytes, formatCount, formatMillis } from '../format';
import type { RunStatus } from '../query/useQueryRun';

export interface ProgressProps {
  status: RunStatus;
  progress: QueryProgress | null;
  answer: RecordsAnswer | null;
  jobId: string | null;
  /** the Flink web UI's address (from /api/stats), or null when unknown */
  flinkUi: string | null;
  startedAt: number | null;
  finishedAt: number | null;
  cancelConfirmed: boolean | null;
  onCancel: () => void;
}

/** The link to a job in Flink's web UI (its Angular routes: #/job/running|completed/<id>/overview). */
export function flinkJobUrl(webUi: string, jobId: string, running: boolean): string {
  return `${webUi.replace(/\/+$/, '')}/#/job/${running ? 'running' : 'completed'}/${jobId}/overview`;
}

/**
 * Where the running query is: its state among analysis → selection → retrieval → processing →
 * assembly → done, splits done of total, bytes read, rows matched, elapsed time; a button that
 * stops it and a link to its Flink job.
 */
export function Progress({ status, progress, answer, jobId, flinkUi, startedAt, finishedAt, cancelConfirmed, onCancel }: ProgressProps) {
  const now = useTicker(status === 'running');
  if (status === 'idle') return null;
  // The server's last progress event says "done" just before its answer arrives: until the answer
  // is here (and the rows are final), the query is still assembling.
  const running = progress?.state === 'done' ? 'assembly' : (progress?.state ?? 'analysis');
  const state = status === 'running' ? running : status === 'done' ? 'done' : status;
  const current = QUERY_STATES.indexOf(state as (typeof QUERY_STATES)[number]);
  const splitsDone = progress?.splits_done ?? answer?.stats?.splits_done ?? 0;
  const splitsTotal = progress?.splits_total ?? answer?.stats?.splits_total ?? 0;
  const elapsed = startedAt === null ? 0 : Math.max(0, (finishedAt ?? now) - startedAt);

  return (
    <section className={`progress progress-${status}`} data-testid="progress" data-state={state} aria-label="Query progress">
      <ol className="states">
        {QUERY_STATES.map((s, i) => (
          <li key={s} className={i < current || state === 'done' ? 'passed' : i === current ? 'current' : 'pending'} aria-current={i === current ? 'step' : undefined}>
            {s}
          </li>
        ))}
        {(status === 'failed' || status === 'cancelled') && <li className="current stopped">{status}</li>}
      </ol>
      <div className="numbers">
        <span>
          splits <strong>{formatCount(splitsDone)}</strong> / {formatCount(splitsTotal)}
        </span>
        <progress value={splitsDone} max={Math.max(1, splitsTotal)} aria-label="splits done" />
        <span>
          read <strong>{formatBytes(progress?.bytes_read ?? answer?.stats?.bytes_scanned ?? 0)}</strong>
        </span>
        <span>
          matched <strong>{formatCount(progress?.matched ?? answer?.total.value ?? 0)}</strong>
        </span>
        <span>{formatMillis(elapsed)}</span>
        {status === 'running' && (
          <button type="button" className="danger" onClick={onCancel}>
            Cancel
          </button>
        )}
        {jobId && flinkUi && (
          <a href={flinkJobUrl(flinkUi, jobId, status === 'running')} target="_blank" rel="noreferrer">
            Flink job {jobId.slice(0, 8)}…
          </a>
        )}
      </div>
      {status === 'cancelled' && (
        <p className="note">
          {cancelConfirmed === true
            ? 'Cancelled: the server stopped the Flink job.'
            : 'Cancelled: the stream was closed; the server stops the job when it notices.'}
        </p>
      )}
      {answer && status === 'done' && <Summary answer={answer} />}
    </section>
  );
}

function Summary({ answer }: { answer: RecordsAnswer }) {
  const { plan, stats, total } = answer;
  const cache = stats?.cache.hit ? `hit (${stats.cache.tier ?? 'cache'})` : 'miss';
  return (
    <p className="summary">
      {formatCount(total.value)}
      {total.exact ? '' : '+'} matching records
      {plan && (
        <>
          {' · '}archives {formatCount(plan.archives.selected)} of {formatCount(plan.archives.total)}, frames {formatCount(plan.frames.selected)} of{' '}
          {formatCount(plan.frames.total)} selected · sources {plan.sources.join(' + ') || 'none'}
        </>
      )}
      {stats && (
        <>
          {' · '}scanned {formatBytes(stats.bytes_scanned)} · cache {cache}
          {stats.splits_done < stats.splits_total && ` · stopped after ${formatCount(stats.splits_done)} of ${formatCount(stats.splits_total)} splits: the page was full`}
        </>
      )}
    </p>
  );
}

/** The current time, every 250 ms while `on`. */
function useTicker(on: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!on) return undefined;
    const id = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(id);
  }, [on]);
  return on ? now : Date.now();
}
