import { describe, expect, it } from 'vitest';
import type { ErrorReport } from '../api/types';
import { fromReport } from './errorView';

const report: ErrorReport = {
  start: '2024-01-01T00:00:00Z',
  end: '2024-01-03T23:59:59.999Z',
  bucket: 'day',
  buckets: ['2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z', '2024-01-03T00:00:00Z'],
  trend: { 'ERROR|auth': [10, 500, 12], 'FATAL|auth': [1, 2, 1] },
  totals: [11, 502, 13],
  types: [],
  spikes: [
    {
      bucket: '2024-01-02T00:00:00Z',
      count: 502,
      baseline: 12,
      drivers: [
        { id: 'a', template: 'Pool exhausted <*>', count: 480, excess: 478 },
        { id: 'b', template: 'Timeout <*>', count: 30, excess: 25 },
        { id: 'c', template: 'Retry <*>', count: 12, excess: 3 },
      ],
    },
  ],
  warnings: ['error types are counted over all services'],
};

describe('the error view of GET /api/analysis/errors', () => {
  it('keeps the drivers that explain a spike and drops the noise', () => {
    const view = fromReport(report);
    expect(view.spikes).toEqual([{ t: Date.UTC(2024, 0, 2), count: 502, baseline: 12, drivers: ['Pool exhausted <*> (+478)', 'Timeout <*> (+25)'], service: null }]);
  });

  it('draws one line per trend key, named readably, over the bucket times', () => {
    const view = fromReport(report);
    expect(view.times).toEqual([Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 2), Date.UTC(2024, 0, 3)]);
    expect(view.lines.map((l) => l.label)).toEqual(['ERROR · auth', 'FATAL · auth']);
    expect(view.warnings).toHaveLength(1);
  });
});
