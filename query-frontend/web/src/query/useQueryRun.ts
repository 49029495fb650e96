import { useCallback, useEffect, useReducer, useRef } from 'react';
import { ApiError, isRecordsAnswer } from '../api/client';
import { useApi } from '../api/context';
import type { QueryAnswer, QueryProgress, QueryRequestBody, RecordsAnswer, ResultRow } from '../api/types';
import { appendPage, sortRows } from './rows';

export type RunStatus = 'idle' | 'running' | 'done' | 'failed' | 'cancelled';

/** Everything the results view shows about one query and the pages loaded so far. */
export interface RunState {
  status: RunStatus;
  request: QueryRequestBody | null;
  rows: ResultRow[];
  /** true while `rows` are the streamed preview, before the first page's answer replaces them */
  provisional: boolean;
  progress: QueryProgress | null;
  /** the answer of the last page loaded */
  answer: RecordsAnswer | null;
  queryId: string | null;
  jobId: string | null;
  nextCursor: string | null;
  hasMore: boolean;
  loadingMore: boolean;
  /** a failure loading a further page; the rows so far stay */
  moreError: ApiError | null;
  error: ApiError | null;
  /** whether the server stopped the Flink job when asked (null: not asked, or unknown) */
  cancelConfirmed: boolean | null;
  startedAt: number | null;
  finishedAt: number | null;
}

export const IDLE: RunState = {
  status: 'idle',
  request: null,
  rows: [],
  provisional: false,
  progress: null,
  answer: null,
  queryId: null,
  jobId: null,
  nextCursor: null,
  hasMore: false,
  loadingMore: false,
  moreError: null,
  error: null,
  cancelConfirmed: null,
  startedAt: null,
  finishedAt: null,
};

type Action =
  | { type: 'start'; request: QueryRequestBody; at: number }
  | { type: 'progress'; progress: QueryProgress }
  | { type: 'rows'; rows: ResultRow[] }
  | { type: 'done'; answer: RecordsAnswer; at: number }
  | { type: 'failed'; error: ApiError; at: number }
  | { type: 'cancelled'; at: number }
  | { type: 'cancel-confirmed'; confirmed: boolean }
  | { type: 'more-start' }
  | { type: 'more-done'; answer: RecordsAnswer }
  | { type: 'more-failed'; error: ApiError };

export function reduce(state: RunState, action: Action): RunState {
  switch (action.type) {
    case 'start':
      return { ...IDLE, status: 'running', request: action.request, startedAt: action.at, provisional: true };
    case 'progress':
      return {
        ...state,
        progress: action.progress,
        queryId: action.progress.query_id ?? state.queryId,
        jobId: action.progress.job_id ?? state.jobId,
      };
    case 'rows':
      if (state.status !== 'running' || !state.provisional) return state;
      return { ...state, rows: sortRows([...state.rows, ...action.rows], state.request?.order ?? 'desc') };
    case 'done':
      return {
        ...state,
        status: 'done',
        rows: action.answer.results,
        provisional: false,
        answer: action.answer,
        queryId: action.answer.query_id,
        jobId: action.answer.stats?.job_id ?? state.jobId,
        nextCursor: action.answer.page.next_cursor,
        hasMore: action.answer.page.has_more && action.answer.page.next_cursor !== null,
        finishedAt: action.at,
      };
    case 'failed':
      return { ...state, status: 'failed', error: action.error, provisional: false, finishedAt: action.at };
    case 'cancelled':
      return { ...state, status: 'cancelled', hasMore: false, loadingMore: false, finishedAt: action.at };
    case 'cancel-confirmed':
      return { ...state, cancelConfirmed: action.confirmed };
    case 'more-start':
      return { ...state, loadingMore: true, moreError: null };
    case 'more-done':
      return {
        ...state,
        loadingMore: false,
        rows: appendPage(state.rows, action.answer.results),
        answer: action.answer,
        nextCursor: action.answer.page.next_cursor,
        hasMore: action.answer.page.has_more && action.answer.page.next_cursor !== null,
      };
    case 'more-failed':
      return { ...state, loadingMore: false, moreError: action.error };
  }
}

/** Streamed rows are shown at most this often: one render per row would be 10,000 renders. */
const FLUSH_MS = 100;

export interface QueryRun {
  state: RunState;
  run: (request: QueryRequestBody) => void;
  loadMore: () => void;
  cancel: () => void;
}

/**
 * Runs a records query as a progressive stream: progress and rows as they come (rows sorted into
 * the query's order, marked provisional), then the first page from the `done` answer, then further
 * pages through the cursor on demand. Starting a new query stops the one before.
 */
export function useQueryRun(): QueryRun {
  const client = useApi();
  const [state, dispatch] = useReducer(reduce, IDLE);
  const stateRef = useRef(state);
  stateRef.current = state;
  const controller = useRef<AbortController | null>(null);
  const buffer = useRef<ResultRow[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const lastFlush = useRef(0);

  const flush = useCallback(() => {
    timer.current = null;
    lastFlush.current = Date.now();
    if (buffer.current.length > 0) {
      dispatch({ type: 'rows', rows: buffer.current.splice(0) });
    }
  }, []);

  const scheduleFlush = useCallback(() => {
    if (timer.current !== null) return;
    // The first rows show at once; later ones at most every FLUSH_MS.
    const wait = Math.max(0, FLUSH_MS - (Date.now() - lastFlush.current));
    timer.current = setTimeout(flush, wait);
  }, [flush]);

  const stopTimer = useCallback(() => {
    if (timer.current !== null) {
      clearTimeout(timer.current);
      timer.current = null;
    }
    buffer.current = [];
  }, []);

  const run = useCallback(
    (request: QueryRequestBody) => {
      controller.current?.abort();
      stopTimer();
      lastFlush.current = 0;
      const ctrl = new AbortController();
      controller.current = ctrl;
      dispatch({ type: 'start', request, at: Date.now() });
      client
        .queryStream(request, {
          signal: ctrl.signal,
          onEvent: (event) => {
            if (ctrl.signal.aborted) return;
            if (event.type === 'progress') dispatch({ type: 'progress', progress: event.progress });
            if (event.type === 'rows') {
              buffer.current.push(...event.rows);
              scheduleFlush();
            }
          },
        })
        .then((answer) => {
          if (ctrl.signal.aborted) return;
          stopTimer();
          dispatch(asRecords(answer));
        })
        .catch((e: unknown) => {
          if (ctrl.signal.aborted) return;
          stopTimer();
          dispatch({ type: 'failed', error: asApiError(e), at: Date.now() });
        });
    },
    [client, scheduleFlush, stopTimer],
  );

  const loadMore = useCallback(() => {
    const s = stateRef.current;
    if (s.status !== 'done' || !s.hasMore || s.loadingMore || s.nextCursor === null || s.request === null) return;
    const ctrl = new AbortController();
    controller.current = ctrl;
    // Mark it now: the virtual list asks again on every scroll event until the state says so.
    stateRef.current = { ...s, loadingMore: true };
    dispatch({ type: 'more-start' });
    client
      .queryStream(
        { ...s.request, cursor: s.nextCursor },
        {
          signal: ctrl.signal,
          // A later page's `rows` events are the window the server computes, not the page: only
          // its progress and the final answer matter here.
          onEvent: (event) => {
            if (!ctrl.signal.aborted && event.type === 'progress') {
              dispatch({ type: 'progress', progress: event.progress });
            }
          },
        },
      )
      .then((answer) => {
        if (ctrl.signal.aborted) return;
        if (!isRecordsAnswer(answer)) {
          dispatch({ type: 'more-failed', error: new ApiError('protocol', 'The next page has no rows.') });
          return;
        }
        dispatch({ type: 'more-done', answer });
      })
      .catch((e: unknown) => {
        if (!ctrl.signal.aborted) dispatch({ type: 'more-failed', error: asApiError(e) });
      });
  }, [client]);

  const cancel = useCallback(() => {
    const s = stateRef.current;
    if (s.status !== 'running' && !s.loadingMore) return;
    controller.current?.abort();
    stopTimer();
    if (s.status === 'running') {
      dispatch({ type: 'cancelled', at: Date.now() });
    } else {
      // A further page: keep what is loaded; loading resumes when asked.
      dispatch({ type: 'more-failed', error: new ApiError('aborted', 'Loading the next page was stopped.') });
    }
    // Closing the stream stops the job when the server next writes to it; the DELETE stops it at
    // once, when the server knows the query's id (it sends it in progress events).
    if (s.queryId !== null) {
      client
        .cancelQuery(s.queryId)
        .then((confirmed) => dispatch({ type: 'cancel-confirmed', confirmed }))
        .catch(() => dispatch({ type: 'cancel-confirmed', confirmed: false }));
    }
  }, [client, stopTimer]);

  useEffect(
    () => () => {
      controller.current?.abort();
      stopTimer();
    },
    [stopTimer],
  );

  return { state, run, loadMore, cancel };
}

function asRecords(answer: QueryAnswer): Action {
  if (!isRecordsAnswer(answer)) {
    return { type: 'failed', error: new ApiError('protocol', 'The server answered an aggregate, not records.'), at: Date.now() };
  }
  return { type: 'done', answer, at: Date.now() };
}

function asApiError(e: unknown): ApiError {
  return e instanceof ApiError ? e : new ApiError('protocol', e instanceof Error ? e.message : String(e));
}
