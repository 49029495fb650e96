import type { ArchiverStats } from '../api/types';
import { formatBytes, formatCount } from '../format';

/**
 * The streaming archiver, where the server runs one (the demo): whether its job runs, the lines
 * it has taken in and committed, its archives, its last commit, and how many lines of the topic
 * no committed archive holds yet. `produced` is what the demo's generator has sent, beside it.
 */
export function ArchiverSection({ archiver, produced }: { archiver: ArchiverStats; produced?: number }) {
  return (
    <>
      <h3>Archiver</h3>
      <dl className="pairs" data-testid="archiver">
        <dt>job</dt>
        <dd data-testid="archiver-status">{archiver.status.toLowerCase()}</dd>
        {produced !== undefined && (
          <>
            <dt>produced</dt>
            <dd data-testid="live-produced">{formatCount(produced)}</dd>
          </>
        )}
        <dt>lines in</dt>
        <dd data-testid="archiver-in">{formatCount(archiver.records_in)}</dd>
        <dt>committed</dt>
        <dd data-testid="archiver-committed">{formatCount(archiver.records_committed)}</dd>
        <dt>archives</dt>
        <dd>
          {formatCount(archiver.archives_written)} ({formatBytes(archiver.bytes_committed)})
        </dd>
        <dt>last commit</dt>
        <dd data-testid="archiver-last-commit">{archiver.last_commit ? timeOf(archiver.last_commit) : 'none yet'}</dd>
        <dt>lag</dt>
        <dd data-testid="archiver-lag">{archiver.lag === null ? 'unknown' : `${formatCount(archiver.lag)} lines`}</dd>
        <dt>archived to</dt>
        <dd>{archiver.watermark ?? '–'}</dd>
        <dt>into</dt>
        <dd title={archiver.target}>
          {archiver.target} (every {archiver.roll_interval_seconds} s)
        </dd>
      </dl>
      {archiver.problem && <p className="muted small">{archiver.problem}</p>}
    </>
  );
}

/** An ISO time as hh:mm:ss UTC. */
function timeOf(iso: string): string {
  return `${iso.slice(11, 19)} UTC`;
}
