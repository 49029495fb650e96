import { describe, expect, it } from 'vitest';
import { parseQueryTime } from './times';

const span = (text: string) => {
  const r = parseQueryTime(text);
  if (!r.ok) throw new Error(r.message);
  return r.span;
};

describe('parseQueryTime (the server rules, checked before sending)', () => {
  it('reads a bare date as the whole UTC day', () => {
    expect(span('2024-06-30').first).toBe(Date.UTC(2024, 5, 30));
    expect(span('2024-06-30').last).toBeCloseTo(Date.UTC(2024, 6, 1) - 0.000001, 5);
  });

  it('reads a time without offset as UTC, inclusive to its precision', () => {
    const s = span('2024-06-30T23:59:59');
    expect(s.first).toBe(Date.UTC(2024, 5, 30, 23, 59, 59));
    expect(s.last).toBeGreaterThan(Date.UTC(2024, 5, 30, 23, 59, 59, 999));
    expect(span('2024-06-30 12:00').last).toBeGreaterThan(Date.UTC(2024, 5, 30, 12, 0, 59, 999));
  });

  it('applies offsets and fractions', () => {
    expect(span('2024-06-30T12:00:00+02:00').first).toBe(Date.UTC(2024, 5, 30, 10));
    expect(span('2024-06-30T12:00:00.250Z').first).toBe(Date.UTC(2024, 5, 30, 12, 0, 0, 250));
  });

  it('reads epoch milliseconds', () => {
    expect(span('1719792000000').first).toBe(1719792000000);
  });

  it('refuses what the server refuses, saying what is expected', () => {
    for (const bad of ['', 'yesterday', '2024-02-30', '2024-13-01', '2024-06-30T24:00:00', '30/06/2024']) {
      const r = parseQueryTime(bad);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.message).toMatch(/required|not/);
    }
  });
});
