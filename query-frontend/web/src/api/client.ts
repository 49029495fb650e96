import { browserTokenStore, type TokenStore } from './auth';
import { readLines } from './ndjson';
import type {
  AggregateAnswer,
  ApiErrorBody,
  Bucket,
  Catalog,
  ErrorReport,
  Health,
  Optional,
  QueryAnswer,
  QueryRequestBody,
  RecordsAnswer,
  ReportList,
  SampleArchivesResult,
  Stats,
  StreamEvent,
} from './types';

/**
 * Why a call failed, in words a person can act on.
 * - `bad_request`: the server refused the request (400); `field` names what is wrong.
 * - `unauthorized`: the server needs a token (401) or a stronger one (403).
 * - `busy`: every job slot and the queue are taken (429); try again shortly.
 * - `http`: any other error status.
 * - `network`: the server could not be reached.
 * - `protocol`: the server answered something the dashboard does not understand, or a stream
 *   ended before its `done` event.
 * - `aborted`: the dashboard itself stopped the call (cancel, or a newer query).
 */
export type ApiErrorKind = 'bad_request' | 'unauthorized' | 'busy' | 'http' | 'network' | 'protocol' | 'aborted';

export class ApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    readonly status: number | null = null,
    readonly field: string | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface StreamHandlers {
  signal?: AbortSignal;
  onEvent: (event: StreamEvent) => void;
}

/** Every call the dashboard makes; components get it from context so tests can fake it. */
export interface ApiClient {
  /** `POST /api/query`: one answer. */
  query(body: QueryRequestBody, signal?: AbortSignal): Promise<QueryAnswer>;
  /** `POST /api/query` as NDJSON: each event as it arrives; resolves with the `done` answer. */
  queryStream(body: QueryRequestBody, handlers: StreamHandlers): Promise<QueryAnswer>;
  /** `DELETE /api/query/{id}`: stops the query's Flink job. False when the server cannot. */
  cancelQuery(queryId: string): Promise<boolean>;
  archives(signal?: AbortSignal): Promise<Catalog>;
  stats(signal?: AbortSignal): Promise<Stats>;
  /** `GET /api/health`; a 503 (not ready) still has a body, so it resolves. */
  health(signal?: AbortSignal): Promise<Health>;
  clearCache(): Promise<void>;
  createSampleArchives(): Promise<SampleArchivesResult>;
  /** `GET /api/analysis/errors`, or "not available" while the server lacks it (404). */
  errorAnalysis(range: AnalysisParams, signal?: AbortSignal): Promise<Optional<ErrorReport>>;
  /** `GET /api/reports`, or "not available" while the server lacks it (404). */
  reports(signal?: AbortSignal): Promise<Optional<ReportList>>;
}

export interface AnalysisParams {
  start: string;
  end: string;
  bucket: Bucket;
  /** one service, or all when empty */
  service?: string;
}

export function isRecordsAnswer(answer: QueryAnswer): answer is RecordsAnswer {
  return Array.isArray((answer as Partial<RecordsAnswer>).results);
}

export function isAggregateAnswer(answer: QueryAnswer): answer is AggregateAnswer {
  return (answer as Partial<AggregateAnswer>).aggregate !== undefined;
}

type Fetch = typeof fetch;

/** The client over HTTP. `base` is '' for the server that served the page. */
export function createClient(
  base = '',
  fetchImpl: Fetch = (input, init) => globalThis.fetch(input, init),
  tokens: TokenStore = browserTokenStore(),
): ApiClient {
  const where = (): string => base || (typeof location !== 'undefined' ? location.origin : 'the server');

  async function send(path: string, init: RequestInit): Promise<Response> {
    const token = tokens.get();
    const headers: Record<string, string> = { ...(init.headers as Record<string, string> | undefined) };
    if (token) headers.Authorization = `Bearer ${token}`;
    let response: Response;
    try {
      response = await fetchImpl(base + path, { ...init, headers });
    } catch (e) {
      throw fetchFailure(e, where());
    }
    if (response.status === 401) tokens.refused();
    return response;
  }

  async function json<T>(path: string, init: RequestInit = {}, okStatuses: number[] = []): Promise<T> {
    const response = await send(path, { ...init, headers: { Accept: 'application/json', ...init.headers } });
    if (!response.ok && !okStatuses.includes(response.status)) {
      throw await errorOf(response, path);
    }
    return (await readJson(response, path)) as T;
  }

  async function optional<T>(path: string, signal?: AbortSignal): Promise<Optional<T>> {
    const response = await send(path, { headers: { Accept: 'application/json' }, signal });
    const type = response.headers.get('Content-Type') ?? '';
    if (response.status === 404 || response.status === 405 || response.status === 501) {
      return { available: false, reason: `answered ${response.status}` };
    }
    if (response.ok && !type.includes('json')) {
      // A server that answers unknown paths with the dashboard's index.html has no such endpoint.
      return { available: false, reason: `answered ${type || 'no content type'}, not JSON` };
    }
    if (!response.ok) {
      throw await errorOf(response, path);
    }
    return { available: true, data: (await readJson(response, path)) as T };
  }

  const post = (body: unknown): RequestInit => ({
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });

  return {
    query: (body, signal) => json<QueryAnswer>('/api/query', { ...post(body), signal }),

    async queryStream(body, { signal, onEvent }) {
      const response = await send('/api/query', {
        ...post(body),
        headers: { 'Content-Type': 'application/json', Accept: 'application/x-ndjson' },
        signal,
      });
      if (!response.ok) {
        throw await errorOf(response, '/api/query');
      }
      if (!response.body) {
        throw new ApiError('protocol', 'The query stream has no body; the browser cannot read streamed answers.');
      }
      let answer: QueryAnswer | null = null;
      try {
        for await (const line of readLines(response.body)) {
          const event = parseEvent(line);
          if (event.type === 'error') {
            throw apiErrorOf(event.error, 400);
          }
          onEvent(event);
          if (event.type === 'done') {
            answer = event.answer;
          }
        }
      } catch (e) {
        if (e instanceof ApiError) {
          throw e;
        }
        const failure = fetchFailure(e, where());
        if (failure.kind === 'aborted') {
          throw failure;
        }
        const reason = e instanceof Error ? e.message : String(e);
        throw new ApiError('network', `The connection to the server broke while the query ran (${reason}).`);
      }
      if (answer === null) {
        throw new ApiError(
          'protocol',
          'The query stopped before it finished: the server closed the stream without a result. Its log says why.',
        );
      }
      return answer;
    },

    async cancelQuery(queryId) {
      const response = await send(`/api/query/${encodeURIComponent(queryId)}`, { method: 'DELETE' });
      if (response.status === 404 || response.status === 405) {
        return false;
      }
      if (!response.ok) {
        throw await errorOf(response, '/api/query/{id}');
      }
      return true;
    },

    archives: (signal) => json<Catalog>('/api/archives', { signal }),
    stats: (signal) => json<Stats>('/api/stats', { signal }),
    health: (signal) => json<Health>('/api/health', { signal }, [503]),
    clearCache: async () => {
      await json<unknown>('/api/cache', { method: 'DELETE' });
    },
    createSampleArchives: () => json<SampleArchivesResult>('/api/demo/create-sample-archives', { method: 'POST' }),

    errorAnalysis: ({ start, end, bucket, service }, signal) => {
      const params = new URLSearchParams({ start_time: start, end_time: end, bucket });
      if (service) params.set('service', service);
      return optional<ErrorReport>(`/api/analysis/errors?${params.toString()}`, signal);
    },
    reports: (signal) => optional<ReportList>('/api/reports', signal),
  };
}

function parseEvent(line: string): StreamEvent {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new ApiError('protocol', `The query stream sent a line that is not JSON: ${line.slice(0, 120)}`);
  }
  if (typeof value !== 'object' || value === null || !('type' in value)) {
    throw new ApiError('protocol', `The query stream sent an event without a type: ${line.slice(0, 120)}`);
  }
  const type = (value as { type: unknown }).type;
  if (type !== 'progress' && type !== 'rows' && type !== 'done' && type !== 'error') {
    throw new ApiError('protocol', `The query stream sent an unknown event type: ${String(type)}`);
  }
  return value as StreamEvent;
}

async function readJson(response: Response, path: string): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError('protocol', `${path} answered ${response.status} with something that is not JSON.`, response.status);
  }
}

async function errorOf(response: Response, path: string): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: fall through to the status line
  }
  if (isErrorBody(body)) {
    return apiErrorOf(body, response.status);
  }
  const detail = text && text.length < 200 ? `: ${text}` : '';
  return new ApiError('http', `${path} failed with HTTP ${response.status} ${response.statusText}${detail}`, response.status);
}

function isErrorBody(body: unknown): body is ApiErrorBody {
  return typeof body === 'object' && body !== null && typeof (body as { message?: unknown }).message === 'string';
}

function apiErrorOf(body: ApiErrorBody, status: number): ApiError {
  const field = body.field ?? null;
  const message = field ? `${field} ${body.message}` : body.message;
  const kind: ApiErrorKind =
    status === 400 ? 'bad_request' : status === 401 || status === 403 ? 'unauthorized' : status === 429 ? 'busy' : 'http';
  return new ApiError(kind, message, status, field);
}

function fetchFailure(e: unknown, where: string): ApiError {
  if (e instanceof DOMException && e.name === 'AbortError') {
    return new ApiError('aborted', 'The request was stopped.');
  }
  if (e instanceof Error && e.name === 'AbortError') {
    return new ApiError('aborted', 'The request was stopped.');
  }
  const reason = e instanceof Error ? e.message : String(e);
  return new ApiError(
    'network',
    `Cannot reach the Rewind server at ${where} (${reason}). Is \`rewind serve\` or \`rewind demo\` running?`,
  );
}
