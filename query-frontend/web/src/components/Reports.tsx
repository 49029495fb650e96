import { useQuery } from '@tanstack/react-query';
import { useApi } from '../api/context';
import { formatBytes } from '../format';
import { ErrorMessage } from './ErrorMessage';

/** The monthly error-trend reports the server wrote (JSON, CSV, PNG), or a notice that it cannot. */
export function Reports() {
  const api = useApi();
  const reports = useQuery({ queryKey: ['reports'], queryFn: ({ signal }) => api.reports(signal), retry: false, staleTime: 60_000 });
  const byMonth = new Map<string, Array<{ kind: string; url: string; bytes: number }>>();
  if (reports.data?.available) {
    for (const f of reports.data.data.reports) {
      byMonth.set(f.month, [...(byMonth.get(f.month) ?? []), f]);
    }
  }
  return (
    <>
      <h3>Monthly reports</h3>
      {reports.isPending && <p className="muted">checking…</p>}
      {reports.error && <ErrorMessage error={reports.error} prefix="Reports" />}
      {reports.data && !reports.data.available && (
        <p className="notice" data-testid="reports-availability">
          <strong>Reports: not available yet</strong> on this server (GET /api/reports {reports.data.reason}).
        </p>
      )}
      {reports.data?.available && (
        <>
          {byMonth.size === 0 ? (
            <p className="empty">No reports written yet.</p>
          ) : (
            <ul className="reports" data-testid="reports">
              {[...byMonth.entries()].reverse().map(([month, files]) => (
                <li key={month}>
                  {month}:{' '}
                  {files.map((f) => (
                    <a key={f.url} href={f.url} target="_blank" rel="noreferrer" title={formatBytes(f.bytes)}>
                      {f.kind}
                    </a>
                  ))}
                </li>
              ))}
            </ul>
          )}
          {reports.data.data.next_run && <p className="muted small">next report: {reports.data.data.next_run}</p>}
        </>
      )}
    </>
  );
}
