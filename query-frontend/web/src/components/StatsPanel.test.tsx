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

  it('shows the archiver where the server runs one, beside the lines the demo produced', async () => {
    const archiver = {
      target: 'file:/data/archives/live',
      topic: 'logs',
      roll_interval_seconds: 30,
      commit_interval_seconds: 30,
      status: 'RUNNING',
      records_in: 12_345,
      records_committed: 12_000,
      archives_written: 41,
      bytes_committed: 2_048_000,
      last_commit: '2024-06-30T12:34:56.789Z',
      watermark: '2024-06-30T12:34:50Z',
      lag: 345,
    };
    render(
      <Providers
        client={fakeClient({
          stats: async () => ({ ...STATS, live: { ...STATS.live, produced: 12_345 }, archiver }),
        })}
      >
        <StatsPanel />
      </Providers>,
    );
    expect(await screen.findByRole('heading', { name: 'Archiver' })).toBeInTheDocument();
    expect(screen.getByTestId('archiver-status')).toHaveTextContent('running');
    expect(screen.getByTestId('live-produced')).toHaveTextContent('12,345');
    expect(screen.getByTestId('archiver-in')).toHaveTextContent('12,345');
    expect(screen.getByTestId('archiver-committed')).toHaveTextContent('12,000');
    expect(screen.getByTestId('archiver-last-commit')).toHaveTextContent('12:34:56 UTC');
    expect(screen.getByTestId('archiver-lag')).toHaveTextContent('345 lines');
  });

  it('shows no archiver where the server runs none, and an unknown lag as unknown', async () => {
    const { unmount } = render(
      <Providers client={fakeClient()}>
        <StatsPanel />
      </Providers>,
    );
    expect(await screen.findByTestId('hit-rate')).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Archiver' })).not.toBeInTheDocument();
    unmount();
    const archiver = {
      target: 't',
      topic: 'logs',
      roll_interval_seconds: 60,
      commit_interval_seconds: 60,
      status: 'RESTARTING',
      records_in: 0,
      records_committed: 0,
      archives_written: 0,
      bytes_committed: 0,
      last_commit: null,
      watermark: null,
      lag: null,
    };
    render(
      <Providers client={fakeClient({ stats: async () => ({ ...STATS, archiver }) })}>
        <StatsPanel />
      </Providers>,
    );
    expect(await screen.findByTestId('archiver-lag')).toHaveTextContent('unknown');
    expect(screen.getByTestId('archiver-last-commit')).toHaveTextContent('none yet');
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
