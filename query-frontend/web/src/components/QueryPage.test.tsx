import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError, type ApiClient, type StreamHandlers } from '../api/client';
import type { QueryAnswer, QueryRequestBody, RecordsAnswer } from '../api/types';
import { fakeClient, Providers, rows } from '../test/fakes';
import { QueryPage } from './QueryPage';

/** A query stream the test drives: each call waits until the test sends its events. */
function controlledStream() {
  const calls: Array<{ body: QueryRequestBody; handlers: StreamHandlers; resolve: (a: QueryAnswer) => void; reject: (e: unknown) => void }> = [];
  const queryStream: ApiClient['queryStream'] = (body, handlers) =>
    new Promise<QueryAnswer>((resolve, reject) => {
      calls.push({ body, handlers, resolve, reject });
      handlers.signal?.addEventListener('abort', () => reject(new ApiError('aborted', 'stopped')));
    });
  return { calls, queryStream };
}

const page = (results: RecordsAnswer['results'], cursor: string | null): RecordsAnswer => ({
  query_id: 'q1',
  results,
  page: { size: results.length, next_cursor: cursor, has_more: cursor !== null },
  total: { value: 5000, exact: false },
  warnings: [],
  stats: { cache: { hit: false }, timings_ms: {}, bytes_scanned: 1024, splits_done: 3, splits_total: 9, job_id: 'job-1' },
});

const SIX_MONTHS = new URLSearchParams('start=2024-01-01&end=2024-06-30&level=ERROR&size=10000');

describe('QueryPage', () => {
  it('runs the query in the URL, shows streamed rows before the end, then the page, then the next page by cursor', async () => {
    const stream = controlledStream();
    render(
      <Providers client={fakeClient({ queryStream: stream.queryStream })}>
        <QueryPage search={SIX_MONTHS} navigate={vi.fn()} />
      </Providers>,
    );
    await waitFor(() => expect(stream.calls).toHaveLength(1));
    const first = stream.calls[0]!;
    expect(first.body).toEqual({ start_time: '2024-01-01', end_time: '2024-06-30', page_size: 10_000, order: 'desc', filters: { level: ['ERROR'] } });

    first.handlers.onEvent({ type: 'progress', progress: { state: 'processing', splits_done: 1, splits_total: 9, bytes_read: 10, matched: 3, query_id: 'q1', job_id: 'job-1' } });
    // out of order, as Flink readers deliver them
    first.handlers.onEvent({ type: 'rows', rows: [rows(3)[2]!, rows(3)[0]!] });
    first.handlers.onEvent({ type: 'rows', rows: [rows(3)[1]!] });
    await screen.findByText('failure number 2');
    expect(screen.getByTestId('progress')).toHaveAttribute('data-state', 'processing');
    expect(screen.getByText(/so far \(streaming/)).toBeInTheDocument();
    const shown = [...document.querySelectorAll('[data-row]')].map((e) => e.getAttribute('data-row'));
    expect(shown).toEqual(['id-0', 'id-1', 'id-2']); // sorted newest first

    first.resolve(page(rows(2), 'cursor-1'));
    await waitFor(() => expect(screen.getByTestId('progress')).toHaveAttribute('data-state', 'done'));
    // two rows and more to come: the table asks for the next page through the cursor
    await waitFor(() => expect(stream.calls).toHaveLength(2));
    expect(stream.calls[1]!.body).toMatchObject({ cursor: 'cursor-1', start_time: '2024-01-01' });
    stream.calls[1]!.resolve(page(rows(2, 2), null));
    await screen.findByText('failure number 3');
    expect(screen.getByTestId('rows-loaded')).toHaveTextContent('4');
    expect(screen.getByText(/all of them/)).toBeInTheDocument();
  });

  it('cancels a running query through DELETE /api/query/{id}', async () => {
    const stream = controlledStream();
    const cancelQuery = vi.fn(async () => true);
    render(
      <Providers client={fakeClient({ queryStream: stream.queryStream, cancelQuery })}>
        <QueryPage search={SIX_MONTHS} navigate={vi.fn()} />
      </Providers>,
    );
    await waitFor(() => expect(stream.calls).toHaveLength(1));
    stream.calls[0]!.handlers.onEvent({ type: 'progress', progress: { state: 'retrieval', splits_done: 0, splits_total: 9, bytes_read: 0, matched: 0, query_id: 'q-77', job_id: 'job-77' } });
    await userEvent.click(await screen.findByRole('button', { name: 'Cancel' }));
    expect(cancelQuery).toHaveBeenCalledWith('q-77');
    expect(screen.getByTestId('progress')).toHaveAttribute('data-state', 'cancelled');
    expect(stream.calls[0]!.handlers.signal?.aborted).toBe(true);
    await screen.findByText(/server stopped the Flink job/);
  });

  it('shows the server’s 400 at the field it names', async () => {
    const queryStream = vi.fn(async () => {
      throw new ApiError('bad_request', 'filters.regex invalid regular expression: missing closing )', 400, 'filters.regex');
    });
    render(
      <Providers client={fakeClient({ queryStream })}>
        <QueryPage search={new URLSearchParams('start=2024-01-01&end=2024-01-02&regex=(oops')} navigate={vi.fn()} />
      </Providers>,
    );
    expect(await screen.findByRole('alert')).toHaveTextContent('filters.regex invalid regular expression');
    expect(screen.getByLabelText('Regex')).toHaveAttribute('aria-invalid', 'true');
  });

  it('does not send a link whose range is inverted, and says why', async () => {
    const queryStream = vi.fn();
    render(
      <Providers client={fakeClient({ queryStream })}>
        <QueryPage search={new URLSearchParams('start=2024-06-30&end=2024-01-01')} navigate={vi.fn()} />
      </Providers>,
    );
    expect(await screen.findByRole('alert')).toHaveTextContent('End is before start');
    expect(queryStream).not.toHaveBeenCalled();
  });

  it('says when the server is unreachable instead of showing nothing', async () => {
    const queryStream = vi.fn(async () => {
      throw new ApiError('network', 'Cannot reach the Rewind server at http://localhost:8000 (Failed to fetch).');
    });
    render(
      <Providers client={fakeClient({ queryStream })}>
        <QueryPage search={SIX_MONTHS} navigate={vi.fn()} />
      </Providers>,
    );
    expect(await screen.findByText(/The query failed: Cannot reach the Rewind server/)).toBeInTheDocument();
    expect(screen.getByTestId('progress')).toHaveAttribute('data-state', 'failed');
  });

  it('puts a submitted query into the URL', async () => {
    const navigate = vi.fn();
    render(
      <Providers client={fakeClient()}>
        <QueryPage search={new URLSearchParams()} navigate={navigate} />
      </Providers>,
    );
    await userEvent.type(screen.getByLabelText('Start'), '2024-01-01');
    await userEvent.type(screen.getByLabelText('End'), '2024-06-30');
    await userEvent.click(screen.getByRole('checkbox', { name: 'ERROR' }));
    await userEvent.click(screen.getByRole('button', { name: 'Run query' }));
    expect(navigate).toHaveBeenCalledWith('/?start=2024-01-01&end=2024-06-30&level=ERROR');
  });
});
