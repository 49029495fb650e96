import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { EMPTY_FORM } from '../query/params';
import { QueryForm } from './QueryForm';

describe('QueryForm', () => {
  it('refuses an inverted range with a message, and sends nothing', async () => {
    const onSubmit = vi.fn();
    render(<QueryForm initial={EMPTY_FORM} onSubmit={onSubmit} />);
    await userEvent.type(screen.getByLabelText('Start'), '2024-06-30');
    await userEvent.type(screen.getByLabelText('End'), '2024-01-01');
    await userEvent.click(screen.getByRole('button', { name: 'Run query' }));
    expect(screen.getByRole('alert')).toHaveTextContent('End is before start');
    expect(screen.getByLabelText('End')).toHaveAttribute('aria-invalid', 'true');
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('says what a time must look like', async () => {
    const onSubmit = vi.fn();
    render(<QueryForm initial={EMPTY_FORM} onSubmit={onSubmit} />);
    await userEvent.type(screen.getByLabelText('Start'), 'last tuesday');
    await userEvent.type(screen.getByLabelText('End'), '2024-01-01');
    await userEvent.click(screen.getByRole('button', { name: 'Run query' }));
    expect(screen.getByRole('alert')).toHaveTextContent("Start 'last tuesday' is not an ISO-8601 time");
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('submits a preset range with the chosen levels, service, text and regex', async () => {
    const onSubmit = vi.fn();
    const now = () => new Date(Date.UTC(2024, 6, 1, 0, 0, 0));
    render(<QueryForm initial={EMPTY_FORM} onSubmit={onSubmit} now={now} />);
    await userEvent.click(screen.getByRole('button', { name: 'Last 6 months' }));
    await userEvent.click(screen.getByRole('checkbox', { name: 'FATAL' }));
    await userEvent.click(screen.getByRole('checkbox', { name: 'ERROR' }));
    await userEvent.type(screen.getByLabelText('Service'), 'payments');
    await userEvent.type(screen.getByLabelText('Text'), 'pool');
    await userEvent.type(screen.getByLabelText('Regex'), 'exhausted.*ms');
    await userEvent.click(screen.getByRole('button', { name: 'Run query' }));
    expect(onSubmit).toHaveBeenCalledWith({
      ...EMPTY_FORM,
      start: '2024-01-01T00:00:00Z',
      end: '2024-07-01T00:00:00Z',
      levels: ['ERROR', 'FATAL'], // in level order, whatever the click order
      service: 'payments',
      text: 'pool',
      regex: 'exhausted.*ms',
    });
  });

  it('shows the server’s own complaint next to the field it names', () => {
    render(<QueryForm initial={EMPTY_FORM} onSubmit={vi.fn()} serverErrors={{ regex: 'filters.regex invalid regular expression: missing )' }} />);
    expect(screen.getByRole('alert')).toHaveTextContent('filters.regex invalid regular expression');
    expect(screen.getByLabelText('Regex')).toHaveAttribute('aria-invalid', 'true');
  });
});
