import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { rows } from '../test/fakes';
import { ResultsTable } from './ResultsTable';

const many = rows(100_000);

function table(props: Partial<Parameters<typeof ResultsTable>[0]> = {}) {
  return render(<ResultsTable rows={many} provisional={false} hasMore={false} loadingMore={false} moreError={null} onLoadMore={vi.fn()} {...props} />);
}

describe('ResultsTable', () => {
  it('puts only the rows in view into the DOM, out of 100,000', () => {
    table();
    const rendered = document.querySelectorAll('[data-row]');
    expect(rendered.length).toBeGreaterThan(10);
    expect(rendered.length).toBeLessThan(80);
    expect(screen.getByTestId('rows-loaded')).toHaveTextContent('100,000');
    expect(screen.getByText('failure number 0')).toBeInTheDocument();
  });

  it('renders the rows at the scroll position', () => {
    table();
    const scroller = screen.getByTestId('results-scroll');
    scroller.scrollTop = 26 * 50_000;
    fireEvent.scroll(scroller);
    expect(screen.getByText('failure number 50000')).toBeInTheDocument();
    expect(screen.queryByText('failure number 0')).not.toBeInTheDocument();
    expect(document.querySelectorAll('[data-row]').length).toBeLessThan(80);
  });

  it('asks for the next page when the view nears the end, and not before', () => {
    const onLoadMore = vi.fn();
    table({ rows: many.slice(0, 1000), hasMore: true, onLoadMore });
    expect(onLoadMore).not.toHaveBeenCalled();
    const scroller = screen.getByTestId('results-scroll');
    scroller.scrollTop = 26 * 900;
    fireEvent.scroll(scroller);
    expect(onLoadMore).toHaveBeenCalled();
  });

  it('waits for the button after a page failed to load', async () => {
    const onLoadMore = vi.fn();
    table({ rows: many.slice(0, 10), hasMore: true, moreError: 'Cannot reach the Rewind server', onLoadMore });
    expect(onLoadMore).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));
    expect(onLoadMore).toHaveBeenCalledTimes(1);
  });

  it('expands a row to the whole record and its source', async () => {
    table({ rows: many.slice(0, 10) });
    const message = (n: number) => screen.getByText(`failure number ${n}`, { selector: '.c-message' });
    await userEvent.click(message(0));
    expect(screen.getByTestId('row-detail')).toHaveTextContent('fields.request');
    expect(screen.getByTestId('row-source')).toHaveTextContent('archive app-2024-06-30.ndjson.zst, frame 7');
    await userEvent.click(message(1));
    expect(screen.getAllByTestId('row-source')[1]).toHaveTextContent('live topic, partition 0, offset 1001');
    await userEvent.click(message(0));
    expect(screen.getAllByTestId('row-detail')).toHaveLength(1);
  });

  it('says when the rows are a streamed preview', () => {
    table({ rows: many.slice(0, 10), provisional: true });
    expect(screen.getByText(/so far \(streaming/)).toBeInTheDocument();
  });
});
