import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { CATALOG, fakeClient, Providers } from '../test/fakes';
import { ArchivesList } from './ArchivesList';

describe('ArchivesList', () => {
  it('lists each archive with tier, codec, size and ratio, and shows the missing day as a gap', async () => {
    render(
      <Providers client={fakeClient()}>
        <ArchivesList />
      </Providers>,
    );
    const table = await screen.findByRole('table');
    const lz4 = within(table).getByText('app-2024-01-04.ndjson.lz4').closest('tr');
    expect(lz4).toHaveTextContent('local');
    expect(lz4).toHaveTextContent('lz4');
    expect(lz4).toHaveTextContent('1.91 MiB');
    expect(lz4).toHaveTextContent('6.00×');
    expect(screen.getByText(/2 gaps/)).toBeInTheDocument(); // all archives and auth; orders just ends
    const timeline = screen.getByTestId('coverage-timeline');
    expect(timeline.querySelector('[data-service="auth"] .gap')).toHaveAttribute('title', expect.stringContaining('2024-01-02'));
    expect(timeline.querySelector('[data-service="orders"] .gap')).toBeNull();
  });

  it('creates the sample archives on demand', async () => {
    const createSampleArchives = vi.fn(async () => ({ created: true, directory: 'data/archives', days: 182, archives: 182, levels: {} }));
    render(
      <Providers client={fakeClient({ createSampleArchives, archives: async () => ({ ...CATALOG, count: 0, archives: [] }) })}>
        <ArchivesList />
      </Providers>,
    );
    expect(await screen.findByText(/No archives yet/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Create sample archives' }));
    expect(await screen.findByTestId('sample-result')).toHaveTextContent('Created 182 days, 182 archives in data/archives');
  });
});
