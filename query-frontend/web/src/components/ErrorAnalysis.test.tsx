import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { ApiClient } from '../api/client';
import type { ErrorReport, QueryAnswer, TrendSeries } from '../api/types';
import { fakeClient, Providers } from '../test/fakes';
import { ErrorAnalysis } from './ErrorAnalysis';

// uPlot draws on a canvas, which jsdom does not have; the chart is checked in the browser test.
vi.mock('./TrendChart', () => ({ TrendChart: () => <div data-testid="trend-chart" /> }));

const days = 30;
const series: TrendSeries[] = ['auth', 'payments'].map((service) => ({
  key: { level: 'ERROR', service },
  points: Array.from({ length: days }, (_, d) => ({
    t: new Date(Date.UTC(2024, 4, 1 + d)).toISOString(),
    count: 400 + ((d * 13) % 7) * 5 + (service === 'payments' && d === 26 ? 8089 : 0),
  })),
}));

function answering(): ApiClient['query'] {
  return async (body) => {
    const base = { query_id: 'q', warnings: [] };
    if (body.aggregate?.type === 'trend') return { ...base, aggregate: { type: 'trend', bucket: 'day', series } } satisfies QueryAnswer;
    return {
      ...base,
      aggregate: {
        type: 'patterns',
        patterns: [{ id: 'p1', template: 'Connection pool exhausted for db-primary after <*> ms waiting', count: 8089, first_seen: '2024-05-27T03:00:01Z', last_seen: '2024-05-27T05:59:00Z', sample: 'Connection pool exhausted for db-primary after 5000 ms waiting' }],
      },
    } satisfies QueryAnswer;
  };
}

describe('ErrorAnalysis', () => {
  it('says the endpoint is not available yet, and still finds the spike from the trend aggregate', async () => {
    const query = vi.fn(answering());
    render(
      <Providers client={fakeClient({ query })}>
        <ErrorAnalysis search={new URLSearchParams('start=2024-05-01&end=2024-05-30&bucket=day')} navigate={vi.fn()} />
      </Providers>,
    );
    expect(await screen.findByTestId('analysis-availability')).toHaveTextContent('Error analysis: not available yet');
    expect(await screen.findByTestId('reports-availability')).toHaveTextContent('Reports: not available yet');
    const spike = await screen.findByText('2024-05-27');
    expect(spike.closest('tr')).toHaveTextContent(/payments \(\+8,0\d\d\)/);
    expect(document.querySelectorAll('[data-spike]')).toHaveLength(1);
    expect(await screen.findByText(/Connection pool exhausted/)).toBeInTheDocument();
    expect(query).toHaveBeenCalledWith(
      expect.objectContaining({ start_time: '2024-05-01', end_time: '2024-05-30', filters: { level: ['ERROR', 'FATAL'] }, aggregate: { type: 'trend', bucket: 'day', by: ['level', 'service'] } }),
      expect.anything(),
    );
  });

  it('uses GET /api/analysis/errors when the server has it: its spikes, drivers and error types', async () => {
    const query = vi.fn();
    const buckets = Array.from({ length: days }, (_, d) => new Date(Date.UTC(2024, 4, 1 + d)).toISOString());
    const totals = buckets.map((_, d) => (d === 26 ? 8900 : 820));
    const report: ErrorReport = {
      start: '2024-05-01T00:00:00Z',
      end: '2024-05-30T23:59:59.999Z',
      bucket: 'day',
      buckets,
      trend: { ERROR: totals.map((t) => t - 20), FATAL: totals.map(() => 20) },
      totals,
      types: [
        {
          id: 't1',
          template: 'Connection pool exhausted for db-primary after <*> ms waiting',
          level: 'ERROR',
          count: 8089,
          first_seen: '2024-05-27T03:00:00Z',
          last_seen: '2024-05-27T06:00:00Z',
          series: buckets.map((_, d) => (d === 26 ? 8089 : 0)),
          new: true,
          sample: 'Connection pool exhausted for db-primary after 5000 ms waiting',
        },
      ],
      spikes: [{ bucket: buckets[26]!, count: 8900, baseline: 820, drivers: [{ id: 't1', template: 'Connection pool exhausted for db-primary after <*> ms waiting', count: 8089, excess: 8089 }] }],
      warnings: [],
    };
    const errorAnalysis = vi.fn<ApiClient['errorAnalysis']>(async () => ({ available: true, data: report }));
    render(
      <Providers client={fakeClient({ query, errorAnalysis })}>
        <ErrorAnalysis search={new URLSearchParams('start=2024-05-01&end=2024-05-30')} navigate={vi.fn()} />
      </Providers>,
    );
    const spike = (await screen.findByText('2024-05-27')).closest('tr');
    expect(spike).toHaveTextContent('Connection pool exhausted for db-primary after <*> ms waiting (+8,089)');
    expect(spike).toHaveTextContent('10.9'); // × the usual
    expect(screen.getByTestId('patterns')).toHaveTextContent('only on 2024-05-27');
    expect(screen.queryByTestId('analysis-availability')).not.toBeInTheDocument();
    expect(errorAnalysis).toHaveBeenCalledWith({ start: '2024-05-01', end: '2024-05-30', bucket: 'day', service: '' }, expect.anything());
    await waitFor(() => expect(query).not.toHaveBeenCalled());
  });

  it('expands an error type into the words of its variables, with their counts', async () => {
    const buckets = ['2024-05-01T00:00:00Z', '2024-05-02T00:00:00Z'];
    const peers = ['auth', 'api-gateway', 'payments', 'orders', 'search', 'inventory', 'notifications'];
    const report: ErrorReport = {
      start: '2024-05-01T00:00:00Z',
      end: '2024-05-02T23:59:59.999Z',
      bucket: 'day',
      buckets,
      trend: { ERROR: [2000, 2010] },
      totals: [2000, 2010],
      types: [
        {
          id: 't9',
          template: 'Connection timeout to <*> after <*> ms',
          level: 'ERROR',
          count: 4010,
          first_seen: '2024-05-01T00:00:00Z',
          last_seen: '2024-05-02T23:59:59Z',
          series: [2000, 2010],
          new: false,
          sample: 'Connection timeout to auth after 30012 ms',
          variables: [{ position: 3, label: 'to', values: peers.map((value, i) => ({ value, count: 576 - i })), other: 0 }],
        },
      ],
      spikes: [],
      warnings: [],
    };
    const errorAnalysis = vi.fn<ApiClient['errorAnalysis']>(async () => ({ available: true, data: report }));
    render(
      <Providers client={fakeClient({ query: vi.fn(), errorAnalysis })}>
        <ErrorAnalysis search={new URLSearchParams('start=2024-05-01&end=2024-05-02')} navigate={vi.fn()} />
      </Providers>,
    );
    const row = (await screen.findByText('Connection timeout to <*> after <*> ms')).closest('tr')!;
    expect(row).toHaveTextContent('to {auth 576, api-gateway 575, payments 574, +4 more}');
    expect(document.querySelector('[data-values-of="t9"]')).toBeNull();
    const button = within(row).getByRole('button', { name: '7 values' });
    expect(button).toHaveAttribute('aria-expanded', 'false');
    fireEvent.click(button);
    const values = document.querySelector<HTMLElement>('[data-values-of="t9"]')!;
    expect(within(values).getAllByRole('listitem').map((li) => li.textContent)).toEqual(peers.map((p, i) => `${p} ${576 - i}`));
    expect(values).toHaveTextContent('to');
    fireEvent.click(within(row).getByRole('button', { name: 'hide values' }));
    expect(document.querySelector('[data-values-of="t9"]')).toBeNull();
  });

  it('links a spike to its records', async () => {
    const navigate = vi.fn();
    render(
      <Providers client={fakeClient({ query: answering() })}>
        <ErrorAnalysis search={new URLSearchParams('start=2024-05-01&end=2024-05-30&bucket=day')} navigate={navigate} />
      </Providers>,
    );
    (await screen.findByRole('link', { name: 'show records' })).click();
    expect(navigate).toHaveBeenCalledWith('/?start=2024-05-27&end=2024-05-27&level=ERROR%2CFATAL&service=payments');
  });

  it('lists the monthly reports with their files', async () => {
    const reports: ApiClient['reports'] = async () => ({
      available: true,
      data: {
        next_run: '2024-08-01T02:00:00Z',
        reports: ['json', 'csv', 'png'].map((kind) => ({ name: `error-trends-2024-06.${kind}`, month: '2024-06', kind, bytes: 1000, url: `/api/reports/error-trends-2024-06.${kind}` })),
      },
    });
    render(
      <Providers client={fakeClient({ query: answering(), reports })}>
        <ErrorAnalysis search={new URLSearchParams('start=2024-05-01&end=2024-05-30')} navigate={vi.fn()} />
      </Providers>,
    );
    const list = await screen.findByTestId('reports');
    expect(list).toHaveTextContent('2024-06');
    expect(screen.getByRole('link', { name: 'png' })).toHaveAttribute('href', '/api/reports/error-trends-2024-06.png');
    expect(screen.getByText(/next report: 2024-08-01/)).toBeInTheDocument();
  });
});
