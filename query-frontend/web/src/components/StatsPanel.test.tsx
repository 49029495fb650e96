import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import { fakeClient, Providers, STATS } from '../test/fakes';
import { StatsPanel } from './StatsPanel';

describe('StatsPanel', () => {
  it('shows hit rates per tier, latency percentiles and active queries and jobs', async () => {
    render(
      <Providers client={fakeClient({ stats: async () => ({ ...STATS, jobs: { ...STATS.jobs, active: 1 } }) })}>
        <StatsPanel />
      </Providers>,
    );
    expect(await screen.findByTestId('hit-rate')).toHaveTextContent('25.0 %');
    expect(document.querySelector('[data-tier="memory"]')).toHaveTextContent('25.0 %');
    expect(document.querySelector('[data-tier="disk"]')).toHaveTextContent('0.0 %');
    expect(screen.getByText('latency p50').nextSibling).toHaveTextContent('121 ms');
    expect(screen.getByText('latency p95').nextSibling).toHaveTextContent('2.30 s');
    expect(screen.getByText('latency p99').nextSibling).toHaveTextContent('–'); // "NaN": no samples yet
    expect(screen.getByTestId('active-queries')).toHaveTextContent('2');
    expect(screen.getByTestId('active-jobs')).toHaveTextContent('1');
    expect(screen.getByRole('link', { name: 'http://localhost:8081' })).toBeInTheDocument();
  });

  it('shows the limits a query runs within and how many were refused', async () => {
    const limits = { max_range_days: 1830, max_bytes: 64 * 2 ** 30, timeout_seconds: 120, max_jobs: 2, max_queued: 32, index_wait_seconds: 10 };
    render(
      <Providers client={fakeClient({ stats: async () => ({ ...STATS, queries: { ...STATS.queries, rejected: 7, limits } }) })}>
        <StatsPanel />
      </Providers>,
    );
    expect(await screen.findByTestId('rejected-queries')).toHaveTextContent('7');
    const shown = screen.getByTestId('limits');
    expect(shown).toHaveTextContent('1,830 days');
    expect(shown).toHaveTextContent('120 s');
    expect(shown).toHaveTextContent('2, then 32 waiting');
  });

  it('clears the cache', async () => {
    const clearCache = vi.fn(async () => undefined);
    render(
      <Providers client={fakeClient({ clearCache })}>
        <StatsPanel />
      </Providers>,
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Clear cache' }));
    expect(clearCache).toHaveBeenCalledTimes(1);
    expect(await screen.findByText('cleared')).toBeInTheDocument();
  });

  it('says why there are no stats', async () => {
    const stats = async () => {
      throw new ApiError('network', 'Cannot reach the Rewind server at http://localhost:8000 (Failed to fetch).');
    };
    render(
      <Providers client={fakeClient({ stats })}>
        <StatsPanel />
      </Providers>,
    );
    expect(await screen.findByRole('alert')).toHaveTextContent('Stats unavailable: Cannot reach the Rewind server');
  });
});
