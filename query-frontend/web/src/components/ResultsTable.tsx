import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { ResultRow } from '../api/types';
import { formatCount } from '../format';
import { displayTime } from '../query/times';
import { RowDetail } from './RowDetail';

export interface ResultsTableProps {
  rows: readonly ResultRow[];
  /** the rows are the streamed preview; the final page may still reorder them */
  provisional: boolean;
  hasMore: boolean;
  loadingMore: boolean;
  /** why the last page did not load; loading waits for the button then */
  moreError: string | null;
  onLoadMore: () => void;
}

/** Rows rendered past the visible ones, so fast scrolling shows no blank band. */
const OVERSCAN = 12;
/** Ask for the next page while this many loaded rows are still below the view. */
const PREFETCH_ROWS = 300;
const ROW_HEIGHT = 26;

/**
 * The records, virtualised (TanStack Virtual): only the rows in view are in the DOM, so 100,000
 * rows scroll like 100. A row expands in place to the whole record and where it came from. The
 * next page loads through the cursor when the view nears the end.
 */
export function ResultsTable({ rows, provisional, hasMore, loadingMore, moreError, onLoadMore }: ResultsTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const count = rows.length + (hasMore ? 1 : 0);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
    getItemKey: (index) => rows[index]?.id ?? 'more',
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length > 0 ? (items[items.length - 1]?.index ?? -1) : -1;

  useEffect(() => {
    if (hasMore && !loadingMore && moreError === null && lastIndex >= rows.length - PREFETCH_ROWS) {
      onLoadMore();
    }
  }, [hasMore, loadingMore, moreError, lastIndex, rows.length, onLoadMore]);

  const toggle = (id: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const onKey = (e: KeyboardEvent, id: string) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      toggle(id);
    }
  };

  return (
    <section className={`results${provisional ? ' provisional' : ''}`} aria-label="Results">
      <div className="results-head" aria-hidden="true">
        <span className="c-time">time (UTC)</span>
        <span className="c-level">level</span>
        <span className="c-service">service</span>
        <span className="c-host">host</span>
        <span className="c-message">message</span>
      </div>
      <div ref={scrollRef} className="results-scroll" data-testid="results-scroll" role="list" aria-busy={provisional || loadingMore}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative', width: '100%' }}>
          {items.map((item) => {
            const row = rows[item.index];
            return (
              <div
                key={item.key}
                data-index={item.index}
                ref={virtualizer.measureElement}
                className="vrow"
                style={{ transform: `translateY(${item.start}px)` }}
                role="listitem"
              >
                {row ? (
                  <>
                    <div
                      className={`row level-${row.level}`}
                      data-row={row.id}
                      data-ts={row.timestamp}
                      tabIndex={0}
                      role="button"
                      aria-expanded={expanded.has(row.id)}
                      onClick={() => toggle(row.id)}
                      onKeyDown={(e) => onKey(e, row.id)}
                    >
                      <span className="c-time">{displayTime(row.timestamp)}</span>
                      <span className="c-level">{row.level}</span>
                      <span className="c-service">{row.service ?? ''}</span>
                      <span className="c-host">{row.host ?? ''}</span>
                      <span className="c-message">{row.message}</span>
                    </div>
                    {expanded.has(row.id) && <RowDetail row={row} />}
                  </>
                ) : (
                  <div className="row loader">{loadingMore ? 'loading the next page…' : moreError ? 'the next page did not load' : 'more rows below'}</div>
                )}
              </div>
            );
          })}
        </div>
      </div>
      <footer className="results-foot">
        <span data-testid="rows-loaded">{formatCount(rows.length)}</span> rows
        {provisional ? ' so far (streaming; the final order arrives when the query finishes)' : hasMore ? ' loaded; more load as you scroll' : ' — all of them'}
        {loadingMore && <span className="spinner"> loading the next page…</span>}
        {moreError && (
          <span className="field-error">
            {' '}
            {moreError}{' '}
            <button type="button" onClick={onLoadMore}>
              Load more
            </button>
          </span>
        )}
      </footer>
    </section>
  );
}
