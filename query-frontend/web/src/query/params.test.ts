import { describe, expect, it } from 'vitest';
import { EMPTY_FORM, fromSearchParams, PRESETS, presetRange, toRequestBody, toSearchParams, validate, type QueryForm } from './params';

const form: QueryForm = {
  ...EMPTY_FORM,
  start: '2024-01-01',
  end: '2024-06-30',
  levels: ['ERROR', 'FATAL'],
  service: 'auth, payments',
  text: 'timeout',
  regex: 'conn.*refused',
  pageSize: 10_000,
};

describe('query parameters', () => {
  it('survive a round trip through the URL, so a link reproduces the query', () => {
    const url = toSearchParams(form).toString();
    expect(url).toContain('start=2024-01-01');
    expect(url).toContain('level=ERROR%2CFATAL');
    expect(fromSearchParams(new URLSearchParams(url))).toEqual({ ...form, service: 'auth, payments' });
  });

  it('make the API body with arrays for levels and services and no empty filters', () => {
    expect(toRequestBody(form)).toEqual({
      start_time: '2024-01-01',
      end_time: '2024-06-30',
      page_size: 10_000,
      order: 'desc',
      filters: { level: ['ERROR', 'FATAL'], service: ['auth', 'payments'], text: 'timeout', regex: 'conn.*refused' },
    });
    expect(toRequestBody({ ...EMPTY_FORM, start: '2024-01-01', end: '2024-01-02' }).filters).toBeUndefined();
  });

  it('ignore unknown levels and orders in a hand-edited URL', () => {
    const f = fromSearchParams(new URLSearchParams('start=a&end=b&level=ERROR,LOUD&order=sideways'));
    expect(f.levels).toEqual(['ERROR']);
    expect(f.order).toBe('desc');
  });

  it('flag an inverted range and a missing start before anything is sent', () => {
    expect(validate({ ...form, start: '2024-06-30', end: '2024-01-01' }).end).toMatch(/before start/);
    expect(validate({ ...form, start: '' }).start).toMatch(/required/);
    expect(validate(form)).toEqual({});
  });

  it('turn presets into absolute times ending now', () => {
    const now = new Date(Date.UTC(2024, 6, 1, 12, 30, 0));
    const six = PRESETS.find((p) => p.id === '6mo');
    const hour = PRESETS.find((p) => p.id === '1h');
    expect(six && presetRange(six, now)).toEqual({ start: '2024-01-01T12:30:00Z', end: '2024-07-01T12:30:00Z' });
    expect(hour && presetRange(hour, now).start).toBe('2024-07-01T11:30:00Z');
  });
});
