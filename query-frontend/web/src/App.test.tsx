import { render, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { App } from './App';
import { ApiError } from './api/client';
import { fakeClient, Providers } from './test/fakes';

const down = async (): Promise<never> => {
  throw new ApiError('network', 'Cannot reach the Rewind server at http://localhost:8000 (Failed to fetch).');
};

describe('App', () => {
  beforeEach(() => window.history.replaceState(null, '', '/'));

  it('says the server is unreachable on every part of the page, never a blank page', async () => {
    render(
      <Providers client={fakeClient({ health: down, stats: down, archives: down })}>
        <App />
      </Providers>,
    );
    expect(await screen.findByTestId('server-down')).toHaveTextContent('Cannot reach the Rewind server');
    expect(await screen.findByText(/Stats unavailable: Cannot reach/)).toBeInTheDocument();
    expect(screen.getByRole('form', { name: 'Query' })).toBeInTheDocument();
  });

  it('shows the view the path names, and keeps the query view for the way back', async () => {
    window.history.replaceState(null, '', '/archives');
    render(
      <Providers client={fakeClient()}>
        <App />
      </Providers>,
    );
    expect(await screen.findByRole('heading', { name: 'Archives' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Archives' })).toHaveAttribute('aria-current', 'page');
    screen.getByRole('link', { name: 'Error analysis' }).click();
    expect(await screen.findByRole('heading', { name: 'Error analysis' })).toBeInTheDocument();
    expect(window.location.pathname).toBe('/errors');
  });
});
