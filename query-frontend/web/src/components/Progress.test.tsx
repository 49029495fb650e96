import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { flinkJobUrl, Progress, type ProgressProps } from './Progress';

const base: ProgressProps = {
  status: 'running',
  progress: { state: 'processing', splits_done: 12, splits_total: 347, bytes_read: 7_393_138, matched: 13_719, query_id: 'q1', job_id: 'abc123def456' },
  answer: null,
  jobId: 'abc123def456',
  flinkUi: 'http://localhost:8081/',
  startedAt: 1000,
  finishedAt: null,
  cancelConfirmed: null,
  onCancel: () => undefined,
};

describe('Progress', () => {
  it('shows the state, splits, bytes and matches, and links the Flink job', () => {
    render(<Progress {...base} />);
    expect(screen.getByTestId('progress')).toHaveAttribute('data-state', 'processing');
    expect(screen.getByText('processing')).toHaveAttribute('aria-current', 'step');
    expect(screen.getByText('12')).toBeInTheDocument();
    expect(screen.getByText(/7\.05 MiB/)).toBeInTheDocument();
    expect(screen.getByText('13,719')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /Flink job abc123de/ })).toHaveAttribute('href', 'http://localhost:8081/#/job/running/abc123def456/overview');
  });

  it('stops the query with the cancel button', async () => {
    const onCancel = vi.fn();
    render(<Progress {...base} onCancel={onCancel} />);
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onCancel).toHaveBeenCalledTimes(1);
  });

  it('says the job was stopped, with no cancel button left', () => {
    render(<Progress {...base} status="cancelled" cancelConfirmed finishedAt={5000} />);
    expect(screen.getByTestId('progress')).toHaveAttribute('data-state', 'cancelled');
    expect(screen.getByText(/server stopped the Flink job/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Cancel' })).not.toBeInTheDocument();
  });

  it('is not done before the answer is here, whatever the last progress event says', () => {
    render(<Progress {...base} progress={{ ...base.progress!, state: 'done' }} />);
    expect(screen.getByTestId('progress')).toHaveAttribute('data-state', 'assembly');
  });

  it('links a finished job among the completed ones', () => {
    expect(flinkJobUrl('http://h:8081', 'j', false)).toBe('http://h:8081/#/job/completed/j/overview');
  });
});
