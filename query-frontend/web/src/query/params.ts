import { LEVELS, type Level, type Order, type QueryRequestBody, type Sources } from '../api/types';
import { isoSeconds, parseQueryTime } from './times';

/** What the query form holds; also what the page's URL holds, so a link reproduces the query. */
export interface QueryForm {
  start: string;
  end: string;
  levels: Level[];
  /** comma-separated: any of these services */
  service: string;
  host: string;
  text: string;
  regex: string;
  order: Order;
  pageSize: number;
  sources: Sources;
}

export const PAGE_SIZES = [100, 1000, 10_000] as const;
/** The server's own limit (QueryRequest.MAX_PAGE_SIZE). */
export const MAX_PAGE_SIZE = 10_000;

export const EMPTY_FORM: QueryForm = {
  start: '',
  end: '',
  levels: [],
  service: '',
  host: '',
  text: '',
  regex: '',
  order: 'desc',
  pageSize: 1000,
  sources: 'auto',
};

export interface Preset {
  id: string;
  label: string;
  /** The start of the range that ends at `now`. */
  from: (now: Date) => Date;
}

const minus = (ms: number) => (now: Date) => new Date(now.getTime() - ms);
const HOUR = 3_600_000;

export const PRESETS: readonly Preset[] = [
  { id: '1h', label: 'Last hour', from: minus(HOUR) },
  { id: '1d', label: 'Last day', from: minus(24 * HOUR) },
  { id: '7d', label: 'Last week', from: minus(7 * 24 * HOUR) },
  { id: '30d', label: 'Last 30 days', from: minus(30 * 24 * HOUR) },
  {
    id: '6mo',
    label: 'Last 6 months',
    from: (now) => {
      const d = new Date(now.getTime());
      d.setUTCMonth(d.getUTCMonth() - 6);
      return d;
    },
  },
];

/** A preset as absolute times: a link made from it shows the same records tomorrow. */
export function presetRange(preset: Preset, now: Date): { start: string; end: string } {
  return { start: isoSeconds(preset.from(now)), end: isoSeconds(now) };
}

export type FormField = 'start' | 'end' | 'levels' | 'service' | 'host' | 'text' | 'regex' | 'pageSize' | 'form';
export type FormErrors = Partial<Record<FormField, string>>;

/** The problems the server would refuse, found before sending. Empty when the form is fine. */
export function validate(form: QueryForm): FormErrors {
  const errors: FormErrors = {};
  const start = parseQueryTime(form.start);
  const end = parseQueryTime(form.end);
  if (!start.ok) {
    errors.start = `Start ${start.message}`;
  }
  if (!end.ok) {
    errors.end = `End ${end.message}`;
  }
  if (start.ok && end.ok && end.span.last < start.span.first) {
    errors.end = 'End is before start: the range is empty';
  }
  if (!Number.isInteger(form.pageSize) || form.pageSize < 1 || form.pageSize > MAX_PAGE_SIZE) {
    errors.pageSize = `Rows per page must be a whole number from 1 to ${MAX_PAGE_SIZE}`;
  }
  return errors;
}

/** Where a server 400 (`field` as the API names it) belongs in the form. */
export function formFieldOf(apiField: string | null): FormField {
  switch (apiField) {
    case 'start_time':
      return 'start';
    case 'end_time':
      return 'end';
    case 'filters.level':
      return 'levels';
    case 'filters.service':
      return 'service';
    case 'filters.host':
      return 'host';
    case 'filters.text':
      return 'text';
    case 'filters.regex':
      return 'regex';
    case 'page_size':
      return 'pageSize';
    default:
      return 'form';
  }
}

const list = (text: string): string[] =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

/** The body of `POST /api/query` for this form (the first page). */
export function toRequestBody(form: QueryForm): QueryRequestBody {
  const filters: NonNullable<QueryRequestBody['filters']> = {};
  if (form.levels.length > 0) filters.level = [...form.levels];
  if (list(form.service).length > 0) filters.service = list(form.service);
  if (list(form.host).length > 0) filters.host = list(form.host);
  if (form.text.trim() !== '') filters.text = form.text;
  if (form.regex !== '') filters.regex = form.regex;
  const body: QueryRequestBody = {
    start_time: form.start.trim(),
    end_time: form.end.trim(),
    page_size: form.pageSize,
    order: form.order,
  };
  if (Object.keys(filters).length > 0) body.filters = filters;
  if (form.sources !== 'auto') body.sources = form.sources;
  return body;
}

/** The URL search parameters of a form; defaults are left out so links stay short. */
export function toSearchParams(form: QueryForm): URLSearchParams {
  const p = new URLSearchParams();
  p.set('start', form.start.trim());
  p.set('end', form.end.trim());
  if (form.levels.length > 0) p.set('level', form.levels.join(','));
  if (form.service.trim()) p.set('service', form.service.trim());
  if (form.host.trim()) p.set('host', form.host.trim());
  if (form.text) p.set('text', form.text);
  if (form.regex) p.set('regex', form.regex);
  if (form.order !== EMPTY_FORM.order) p.set('order', form.order);
  if (form.pageSize !== EMPTY_FORM.pageSize) p.set('size', String(form.pageSize));
  if (form.sources !== EMPTY_FORM.sources) p.set('sources', form.sources);
  return p;
}

/** The form a URL describes; anything unknown falls back to the default. */
export function fromSearchParams(p: URLSearchParams): QueryForm {
  const levels = (p.get('level') ?? '')
    .split(',')
    .map((l) => l.trim().toUpperCase())
    .filter((l): l is Level => (LEVELS as readonly string[]).includes(l));
  const order = p.get('order');
  const sources = p.get('sources');
  const size = Number(p.get('size') ?? EMPTY_FORM.pageSize);
  return {
    start: p.get('start') ?? '',
    end: p.get('end') ?? '',
    levels,
    service: p.get('service') ?? '',
    host: p.get('host') ?? '',
    text: p.get('text') ?? '',
    regex: p.get('regex') ?? '',
    order: order === 'asc' || order === 'desc' ? order : EMPTY_FORM.order,
    pageSize: Number.isFinite(size) ? size : EMPTY_FORM.pageSize,
    sources: sources === 'archive' || sources === 'live' || sources === 'auto' ? sources : EMPTY_FORM.sources,
  };
}

/** Whether a URL names a query to run (it has both ends of a range). */
export function hasQuery(p: URLSearchParams): boolean {
  return p.has('start') && p.has('end');
}
