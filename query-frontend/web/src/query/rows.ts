import type { Order, ResultRow } from '../api/types';

/**
 * Rows in the server's order: by timestamp, then by id (PagingHandler's Key), newest first for
 * `desc`. Streamed rows arrive in whatever order the Flink readers find them; sorting them the way
 * the final page will be keeps the table from reshuffling when that page arrives.
 */
export function sortRows(rows: readonly ResultRow[], order: Order): ResultRow[] {
  const keyed = rows.map((row) => ({ row, t: Date.parse(row.timestamp) }));
  const sign = order === 'asc' ? 1 : -1;
  keyed.sort((a, b) => {
    if (a.t !== b.t) return sign * (a.t - b.t);
    return sign * (a.row.id < b.row.id ? -1 : a.row.id > b.row.id ? 1 : 0);
  });
  return keyed.map((k) => k.row);
}

/** `rows` followed by those of `more` not already in it (a page never repeats a row; be sure). */
export function appendPage(rows: readonly ResultRow[], more: readonly ResultRow[]): ResultRow[] {
  const seen = new Set(rows.map((r) => r.id));
  return [...rows, ...more.filter((r) => !seen.has(r.id))];
}
