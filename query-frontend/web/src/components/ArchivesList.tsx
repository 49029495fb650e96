import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { coverage } from '../analysis/coverage';
import { useApi } from '../api/context';
import { useCatalog } from '../api/hooks';
import type { ArchiveEntry } from '../api/types';
import { baseName, formatBytes, formatCount } from '../format';
import { CoverageTimeline } from './CoverageTimeline';
import { ErrorMessage } from './ErrorMessage';

/**
 * The catalog: what time each service's archives cover (a timeline where gaps show), then every
 * archive with its tier, codec, sizes and ratio. In demo mode it can write the sample archives.
 */
export function ArchivesList() {
  const catalog = useCatalog();
  const archives = useMemo(
    () => [...(catalog.data?.archives ?? [])].sort((a, b) => (a.min_ts ?? '').localeCompare(b.min_ts ?? '') || a.archive.localeCompare(b.archive)),
    [catalog.data],
  );
  const cover = useMemo(() => coverage(archives), [archives]);
  const gaps = cover?.rows.reduce((n, r) => n + r.gaps.length, 0) ?? 0;

  return (
    <section className="archives" aria-label="Archives">
      <header className="view-head">
        <h2>Archives</h2>
        {catalog.data && (
          <span className="muted" data-testid="archive-count">
            {formatCount(catalog.data.count)} archives · watermark {catalog.data.watermark} · catalog {catalog.data.version}
          </span>
        )}
        <SampleArchivesButton />
      </header>
      {catalog.error && <ErrorMessage error={catalog.error} prefix="The catalog did not load" />}
      {catalog.isPending && <p className="muted">loading the catalog…</p>}
      {catalog.data?.problems.map((p) => (
        <p key={p} className="warning">
          {p}
        </p>
      ))}
      {catalog.data && archives.length === 0 && <p className="empty">No archives yet. Point the server at a directory of archives, or create the sample ones.</p>}
      {cover && (
        <>
          <h3>
            Coverage <span className="muted">{gaps === 0 ? 'no gaps' : `${gaps} gap${gaps === 1 ? '' : 's'} (red)`}</span>
          </h3>
          <CoverageTimeline coverage={cover} />
        </>
      )}
      {archives.length > 0 && <ArchiveTable archives={archives} />}
    </section>
  );
}

function SampleArchivesButton() {
  const api = useApi();
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: () => api.createSampleArchives(),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['archives'] }),
  });
  return (
    <span className="sample-archives">
      <button type="button" onClick={() => create.mutate()} disabled={create.isPending}>
        {create.isPending ? 'Creating sample archives… (about a minute the first time)' : 'Create sample archives'}
      </button>
      {create.data && (
        <span className="note" data-testid="sample-result">
          {create.data.created ? 'Created' : 'Already there:'} {formatCount(create.data.days)} days, {formatCount(create.data.archives)} archives in {create.data.directory}
        </span>
      )}
      {create.error && <ErrorMessage error={create.error} prefix="Sample archives" />}
    </span>
  );
}

function ArchiveTable({ archives }: { archives: readonly ArchiveEntry[] }) {
  return (
    <div className="table-wrap">
      <table className="archive-table">
        <thead>
          <tr>
            <th>archive</th>
            <th>tier</th>
            <th>codec</th>
            <th>format</th>
            <th className="num">compressed</th>
            <th className="num">raw</th>
            <th className="num">ratio</th>
            <th>from</th>
            <th>to</th>
            <th className="num">lines</th>
            <th className="num">frames</th>
            <th>services</th>
          </tr>
        </thead>
        <tbody>
          {archives.map((a) => (
            <tr key={a.archive}>
              <td title={a.archive}>{baseName(a.archive)}</td>
              <td>
                {a.tier}
                {a.cached_share != null && ` · ${Math.round(a.cached_share * 100)}% on SSD`}
              </td>
              <td>{a.codec}</td>
              <td>{a.format}</td>
              <td className="num">{formatBytes(a.compressed_bytes)}</td>
              <td className="num">{formatBytes(a.raw_bytes)}</td>
              <td className="num">{a.ratio.toFixed(2)}×</td>
              <td>{a.min_ts?.slice(0, 19).replace('T', ' ') ?? '–'}</td>
              <td>{a.max_ts?.slice(0, 19).replace('T', ' ') ?? '–'}</td>
              <td className="num">
                {formatCount(a.lines)}
                {a.unparsed > 0 && <span className="muted"> ({formatCount(a.unparsed)} unparsed)</span>}
              </td>
              <td className="num">{formatCount(a.frames)}</td>
              <td>{a.services.join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
