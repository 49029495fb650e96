/**
 * Query times exactly as the server reads them (QueryTimes.java), so a bad range is caught before
 * it is sent: ISO-8601 (no offset means UTC; a bare date is allowed) or epoch milliseconds. An end
 * is inclusive to the precision it is written in: `2024-06-30` covers the whole day.
 */

const EPOCH = /^-?\d{1,15}$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/;
const DAY_MS = 86_400_000;

export const TIME_HINT = 'an ISO-8601 time (2024-06-30T12:00:00, UTC unless it has an offset), a date (2024-06-30), or epoch milliseconds';

/** The instants a written time covers, in (fractional) epoch milliseconds. */
export interface TimeSpan {
  first: number;
  last: number;
}

export type TimeParse = { ok: true; span: TimeSpan } | { ok: false; message: string };

export function parseQueryTime(raw: string): TimeParse {
  const text = raw.trim();
  if (text === '') {
    return { ok: false, message: `is required: ${TIME_HINT}` };
  }
  if (EPOCH.test(text)) {
    const ms = Number(text);
    return { ok: true, span: { first: ms, last: ms + 0.999999 } };
  }
  const date = DATE.exec(text);
  if (date) {
    const ms = utc(Number(date[1]), Number(date[2]), Number(date[3]), 0, 0, 0);
    if (ms === null) {
      return { ok: false, message: `'${raw}' is not a real date` };
    }
    return { ok: true, span: { first: ms, last: ms + DAY_MS - 0.000001 } };
  }
  const time = TIME.exec(text);
  if (!time) {
    return { ok: false, message: `'${raw}' is not ${TIME_HINT}` };
  }
  const [, y, mo, d, h, mi, s, fraction, offset] = time;
  const base = utc(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s ?? '0'));
  if (base === null) {
    return { ok: false, message: `'${raw}' is not a valid time` };
  }
  const fractionMs = fraction ? Number(`0.${fraction}`) * 1000 : 0;
  const unitMs = s === undefined ? 60_000 : fraction === undefined ? 1000 : 1000 / 10 ** fraction.length;
  const offsetMs = offsetMillis(offset);
  if (offsetMs === null) {
    return { ok: false, message: `'${raw}' has an offset out of range` };
  }
  const first = base + fractionMs - offsetMs;
  return { ok: true, span: { first, last: first + unitMs - 0.000001 } };
}

function utc(year: number, month: number, day: number, hour: number, minute: number, second: number): number | null {
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) {
    return null;
  }
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls 2024-02-30 over into March; the server refuses it.
  return new Date(ms).getUTCDate() === day ? ms : null;
}

function offsetMillis(offset: string | undefined): number | null {
  if (offset === undefined || offset === 'Z') {
    return 0;
  }
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(offset);
  if (!m) {
    return null;
  }
  const hours = Number(m[2]);
  const minutes = Number(m[3]);
  if (hours > 18 || minutes > 59) {
    return null;
  }
  return (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes) * 60_000;
}

/** `2024-06-30T12:00:00Z`: what presets write into the form (seconds are enough for a range). */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A server timestamp (`2024-06-30T12:00:00.123Z`) as `2024-06-30 12:00:00.123`, UTC. */
export function displayTime(timestamp: string): string {
  return timestamp.replace('T', ' ').replace(/Z$/, '');
}
