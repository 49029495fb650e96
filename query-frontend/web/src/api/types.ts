/**
 * The HTTP API's shapes, as DESIGN.md ("HTTP API") and the server's JSON (snake_case) state them.
 * Optional members are the ones the server leaves out when null.
 */

export const LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL', 'UNKNOWN'] as const;
export type Level = (typeof LEVELS)[number];

/** The states of a query in order; `failed` may replace any of them. */
export const QUERY_STATES = ['analysis', 'selection', 'retrieval', 'processing', 'assembly', 'done'] as const;
export type QueryState = (typeof QUERY_STATES)[number] | 'failed';

export type Order = 'desc' | 'asc';
export type Sources = 'auto' | 'archive' | 'live';
export type Bucket = 'hour' | 'day' | 'week' | 'month';

export interface QueryFilters {
  level?: Level[];
  service?: string[];
  host?: string[];
  text?: string;
  regex?: string;
  fields?: Record<string, string>;
}

export type Aggregate =
  | { type: 'count' }
  | { type: 'trend'; bucket: Bucket; by?: Array<'level' | 'service'> }
  | { type: 'patterns'; limit?: number };

/** The body of `POST /api/query`. Both times inclusive, to the precision they are written in. */
export interface QueryRequestBody {
  start_time: string;
  end_time: string;
  filters?: QueryFilters;
  page_size?: number;
  cursor?: string | null;
  order?: Order;
  sources?: Sources;
  aggregate?: Aggregate | null;
}

export type RecordSource =
  | { kind: 'archive'; archive: string; frame: number }
  | { kind: 'live'; partition: number; offset: number };

export interface ResultRow {
  id: string;
  timestamp: string;
  level: Level;
  service?: string;
  host?: string;
  message: string;
  fields?: Record<string, string>;
  source?: RecordSource;
}

export interface PageInfo {
  size: number;
  next_cursor: string | null;
  has_more: boolean;
}

export interface Total {
  value: number;
  /** false when the scan stopped early, so `value` is a lower bound */
  exact: boolean;
}

export interface PlanCounts {
  total: number;
  selected: number;
  skipped: number;
}

export interface Plan {
  sources: string[];
  archives: PlanCounts;
  frames: PlanCounts;
  bytes_to_scan: number;
  splits: number;
  watermark: string;
}

export interface AnswerStats {
  cache: { hit: boolean; tier?: string };
  timings_ms: Record<string, number>;
  bytes_scanned: number;
  raw_bytes_scanned?: number;
  lines_scanned?: number;
  splits_done: number;
  splits_total: number;
  job_id?: string;
}

interface AnswerBase {
  query_id: string;
  plan?: Plan;
  stats?: AnswerStats;
  warnings: string[];
}

export interface RecordsAnswer extends AnswerBase {
  results: ResultRow[];
  page: PageInfo;
  total: Total;
}

export interface TrendPoint {
  t: string;
  count: number;
}

export interface TrendSeries {
  key: { level?: string; service?: string };
  points: TrendPoint[];
}

export interface ErrorPattern {
  id: string;
  template: string;
  count: number;
  first_seen: string;
  last_seen: string;
  sample: string;
}

export type AggregateResult =
  | { type: 'count'; count: number }
  | { type: 'trend'; bucket: Bucket; series: TrendSeries[] }
  | { type: 'patterns'; patterns: ErrorPattern[] };

export interface AggregateAnswer extends AnswerBase {
  aggregate: AggregateResult;
}

export type QueryAnswer = RecordsAnswer | AggregateAnswer;

/**
 * A `progress` event. `query_id` and `job_id` are not sent by the server yet; when they are, the
 * dashboard can cancel a query and link to its Flink job before it finishes.
 */
export interface QueryProgress {
  state: QueryState;
  splits_done: number;
  splits_total: number;
  bytes_read: number;
  matched: number;
  query_id?: string;
  job_id?: string;
}

/** The body of every 4xx/5xx answer. */
export interface ApiErrorBody {
  error: string;
  field: string | null;
  message: string;
}

/** One line of the NDJSON stream of `POST /api/query` with `Accept: application/x-ndjson`. */
export type StreamEvent =
  | { type: 'progress'; progress: QueryProgress }
  | { type: 'rows'; rows: ResultRow[] }
  | { type: 'done'; answer: QueryAnswer }
  | { type: 'error'; error: ApiErrorBody };

export interface ArchiveEntry {
  archive: string;
  tier: string;
  codec: string;
  format: string;
  compressed_bytes: number;
  raw_bytes: number;
  ratio: number;
  min_ts: string | null;
  max_ts: string | null;
  lines: number;
  unparsed: number;
  levels: Partial<Record<Level, number>>;
  services: string[];
  frames: number;
  path_date: string | null;
  /** for an archive on object storage: the share of its bytes the SSD tier holds */
  cached_share?: number | null;
}

export interface Catalog {
  version: string;
  count: number;
  watermark: string;
  archives: ArchiveEntry[];
  problems: string[];
}

export interface TierStats {
  tier: string;
  hits: number;
  misses: number;
  hit_rate: number;
  bytes: number;
  evictions: number;
}

/** Micrometer writes NaN (no samples yet) as the string "NaN". */
export type Millis = number | string;

export interface Stats {
  cache: { hit_rate: number; hits: number; misses: number; tiers: Record<string, TierStats> };
  archives: {
    count: number;
    compressed_bytes: number;
    raw_bytes: number;
    lines: number;
    frames: number;
    watermark: string;
    problems: number;
    /** found, not indexed yet */
    indexing?: number;
    failed?: number;
    duplicates?: number;
  };
  queries: {
    count: number;
    failed: number;
    /** refused with 429: every job slot and the queue were taken */
    rejected?: number;
    active: number;
    running_jobs?: number;
    queued?: number;
    latency_ms: Record<string, Millis>;
    limits?: QueryLimits;
  };
  /** `produced`, `produced_per_hour` (by the hour's start): lines the demo's generator has sent */
  live: {
    configured: boolean;
    bootstrap?: string;
    topic?: string;
    produced?: number;
    produced_per_hour?: Record<string, number>;
  };
  /** `active`: Flink jobs running now (servers before it was added leave it out) */
  jobs: { runner: string; web_ui: string; slots: number; active?: number };
  /** The streaming archiver, where the server runs one (the demo). */
  archiver?: ArchiverStats;
}

/** The streaming archiver's progress: lines taken in by the running job, what commits made visible, the lag. */
export interface ArchiverStats {
  target: string;
  topic: string;
  roll_interval_seconds: number;
  commit_interval_seconds: number;
  status: string;
  records_in: number;
  records_committed: number;
  archives_written: number;
  bytes_committed: number;
  last_commit: string | null;
  /** the newest time every partition is archived to */
  watermark: string | null;
  /** lines of the topic no committed archive holds yet; null when the broker did not answer */
  lag: number | null;
  problem?: string;
}

/** What one query may ask of the server (`queries.limits` of `/api/stats`). */
export interface QueryLimits {
  max_range_days: number;
  max_bytes: number;
  timeout_seconds: number;
  max_jobs: number;
  max_queued: number;
  index_wait_seconds: number;
}

export interface HealthPart {
  ready: boolean;
  problem?: string;
  [detail: string]: unknown;
}

export interface Health {
  status: 'ok' | 'degraded';
  parts: Record<string, HealthPart>;
}

export interface SampleArchivesResult {
  created: boolean;
  directory: string;
  days: number;
  archives: number;
  levels: Record<string, number>;
}

/** A recurring error type (message template) of `GET /api/analysis/errors`. */
export interface ErrorType {
  id: string;
  template: string;
  level: string;
  count: number;
  first_seen: string;
  last_seen: string;
  /** its count per bucket, aligned with `buckets` */
  series: number[];
  /** it does not occur before the range (in the archives the server has) */
  new: boolean;
  sample: string;
  /** its variables found from the data (a service, a topic, a host), with their words in the range */
  variables?: TypeVariable[];
}

/** One `<*>` of an error type that took words, and the most frequent of them with their counts. */
export interface TypeVariable {
  /** token position in the template */
  position: number;
  /** the literal word before it ("to"), or null when it comes first */
  label: string | null;
  values: Array<{ value: string; count: number }>;
  /** messages with a word not listed, or a value masked at the source (a number, an id) */
  other: number;
}

export interface SpikeDriver {
  id: string;
  template: string;
  count: number;
  excess: number;
}

export interface ErrorSpike {
  bucket: string;
  count: number;
  baseline: number;
  drivers: SpikeDriver[];
}

/** `GET /api/analysis/errors?start_time&end_time&bucket[&service][&level][&top]`. */
export interface ErrorReport {
  start: string;
  end: string;
  bucket: Bucket;
  buckets: string[];
  /** `LEVEL`, or `LEVEL|service` when a service was asked for, to a count per bucket */
  trend: Record<string, number[]>;
  /** all selected levels together, per bucket: what the spikes are found in */
  totals: number[];
  types: ErrorType[];
  spikes: ErrorSpike[];
  warnings: string[];
}

/** One file of a monthly error-trend report (`kind`: json, csv or png). */
export interface ReportFile {
  name: string;
  month: string;
  kind: string;
  bytes: number;
  url: string;
}

/** `GET /api/reports`. */
export interface ReportList {
  next_run: string | null;
  reports: ReportFile[];
}

/** An endpoint that may not exist on this server yet: 404 means "not available". */
export type Optional<T> = { available: true; data: T } | { available: false; reason: string };
