import { describe, expect, it, vi } from 'vitest';
import { rows } from '../test/fakes';
import { ApiError, createClient } from './client';
import type { StreamEvent } from './types';

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(c) {
      for (const chunk of chunks) c.enqueue(encoder.encode(chunk));
      c.close();
    },
  });
}

const answer = { query_id: 'q1', results: rows(2), page: { size: 2, next_cursor: null, has_more: false }, total: { value: 2, exact: true }, warnings: [] };

describe('API client', () => {
  it('streams progress and rows, then resolves with the done answer', async () => {
    const lines = [
      JSON.stringify({ type: 'progress', progress: { state: 'retrieval', splits_done: 0, splits_total: 4, bytes_read: 0, matched: 0, query_id: 'q1', job_id: 'j1' } }),
      JSON.stringify({ type: 'rows', rows: rows(1) }),
      JSON.stringify({ type: 'done', answer }),
    ].join('\n');
    const fetchMock = vi.fn(async (_url: RequestInfo | URL, init?: RequestInit) => {
      expect(new Headers(init?.headers).get('Accept')).toBe('application/x-ndjson');
      expect(JSON.parse(String(init?.body))).toMatchObject({ start_time: '2024-01-01' });
      // split in the middle of a line: the client must reassemble it
      return new Response(streamOf([lines.slice(0, 50), lines.slice(50) + '\n']), { status: 200 });
    });
    const events: StreamEvent['type'][] = [];
    const result = await createClient('', fetchMock).queryStream({ start_time: '2024-01-01', end_time: '2024-01-02' }, { onEvent: (e) => events.push(e.type) });
    expect(events).toEqual(['progress', 'rows', 'done']);
    expect(result.query_id).toBe('q1');
    expect(fetchMock.mock.calls[0]?.[0]).toBe('/api/query');
  });

  it('names the field of a 400', async () => {
    const fetchMock = async () => new Response(JSON.stringify({ error: 'bad_request', field: 'end_time', message: 'is before start_time' }), { status: 400 });
    const error = await createClient('', fetchMock)
      .query({ start_time: '2024-06-30', end_time: '2024-01-01' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ kind: 'bad_request', field: 'end_time', message: 'end_time is before start_time' });
  });

  it('says plainly when the server cannot be reached', async () => {
    const fetchMock = async () => {
      throw new TypeError('Failed to fetch');
    };
    const error = await createClient('http://localhost:8000', fetchMock)
      .stats()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'network' });
    expect(String((error as Error).message)).toContain('Cannot reach the Rewind server at http://localhost:8000');
  });

  it('reports a stream that ends without its done event', async () => {
    const fetchMock = async () => new Response(streamOf([JSON.stringify({ type: 'rows', rows: rows(1) }) + '\n']), { status: 200 });
    const error = await createClient('', fetchMock)
      .queryStream({ start_time: 'a', end_time: 'b' }, { onEvent: () => undefined })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'protocol' });
    expect(String((error as Error).message)).toMatch(/stopped before it finished/);
  });

  it('treats a 404 or an HTML page as "not available yet" for endpoints still to come', async () => {
    const notFound = async () => new Response(JSON.stringify({ error: 'not_found', message: 'no' }), { status: 404 });
    const html = async () => new Response('<!doctype html>', { status: 200, headers: { 'Content-Type': 'text/html' } });
    const data = async () => new Response(JSON.stringify({ bucket: 'day', series: [], patterns: [] }), { status: 200, headers: { 'Content-Type': 'application/json' } });
    const range = { start: '2024-01-01', end: '2024-06-30', bucket: 'day' as const };
    expect(await createClient('', notFound).errorAnalysis(range)).toMatchObject({ available: false });
    expect(await createClient('', html).errorAnalysis(range)).toMatchObject({ available: false });
    expect(await createClient('', data).errorAnalysis(range)).toMatchObject({ available: true, data: { bucket: 'day' } });
    expect(await createClient('', notFound).reports()).toMatchObject({ available: false });
  });

  it('cancels with DELETE /api/query/{id}, and knows when the server cannot', async () => {
    const calls: string[] = [];
    const ok = async (url: RequestInfo | URL, init?: RequestInit) => {
      calls.push(`${init?.method} ${String(url)}`);
      return new Response('{"cancelled":true}', { status: 200 });
    };
    expect(await createClient('', ok).cancelQuery('q 1')).toBe(true);
    expect(calls).toEqual(['DELETE /api/query/q%201']);
    expect(await createClient('', async () => new Response('{}', { status: 404 })).cancelQuery('q1')).toBe(false);
  });
});
