import { describe, expect, it } from 'vitest';
import type { TrendSeries } from '../api/types';
import { findSpikes, median, totalsByBucket } from './spikes';

/** 60 days of errors for three services, weekends quieter, with storms on two days. */
function sixtyDays(storms: Record<number, { service: string; extra: number }>): TrendSeries[] {
  const services = ['auth', 'orders', 'search'];
  return services.map((service, s) => ({
    key: { level: 'ERROR', service },
    points: Array.from({ length: 60 }, (_, d) => {
      const weekend = d % 7 === 5 || d % 7 === 6;
      const noise = ((d * 37 + s * 11) % 17) - 8; // deterministic jitter
      const storm = storms[d]?.service === service ? (storms[d]?.extra ?? 0) : 0;
      return { t: new Date(Date.UTC(2024, 0, 1 + d)).toISOString(), count: (weekend ? 500 : 800) + noise * 10 + storm };
    }),
  }));
}

describe('error spikes', () => {
  it('finds the storm days and the service behind each, and nothing else', () => {
    const totals = totalsByBucket(sixtyDays({ 18: { service: 'orders', extra: 3234 }, 40: { service: 'search', extra: 4095 } }));
    expect(totals).toHaveLength(60);
    const spikes = findSpikes(totals);
    expect(spikes.map((s) => new Date(s.t).toISOString().slice(0, 10))).toEqual(['2024-01-19', '2024-02-10']);
    expect(spikes.map((s) => s.service)).toEqual(['orders', 'search']);
  });

  it('finds none in an ordinary series', () => {
    expect(findSpikes(totalsByBucket(sixtyDays({})))).toEqual([]);
  });

  it('takes the median of odd and even lists', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
