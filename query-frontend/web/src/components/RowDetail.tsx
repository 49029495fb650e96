import type { RecordSource, ResultRow } from '../api/types';
import { baseName } from '../format';

/** Where a record came from, in words: an archive's frame, or a live partition's offset. */
export function describeSource(source: RecordSource | undefined): string {
  if (!source) return 'unknown';
  return source.kind === 'archive'
    ? `archive ${baseName(source.archive)}, frame ${source.frame}`
    : `live topic, partition ${source.partition}, offset ${source.offset}`;
}

/** One record in full: every field, and its source (archive and frame, or partition and offset). */
export function RowDetail({ row }: { row: ResultRow }) {
  const fields = Object.entries(row.fields ?? {});
  return (
    <div className="row-detail" data-testid="row-detail">
      <dl>
        <dt>id</dt>
        <dd>{row.id}</dd>
        <dt>timestamp</dt>
        <dd>{row.timestamp}</dd>
        <dt>level</dt>
        <dd>{row.level}</dd>
        <dt>service</dt>
        <dd>{row.service ?? '–'}</dd>
        <dt>host</dt>
        <dd>{row.host ?? '–'}</dd>
        <dt>message</dt>
        <dd className="message">{row.message}</dd>
        {fields.map(([k, v]) => (
          <FieldEntry key={k} name={k} value={v} />
        ))}
        <dt>source</dt>
        <dd data-testid="row-source" title={row.source?.kind === 'archive' ? row.source.archive : undefined}>
          {describeSource(row.source)}
        </dd>
      </dl>
    </div>
  );
}

function FieldEntry({ name, value }: { name: string; value: string }) {
  return (
    <>
      <dt>fields.{name}</dt>
      <dd>{value}</dd>
    </>
  );
}
