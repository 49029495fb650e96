import { useQueryClient } from '@tanstack/react-query';
import { useState, useSyncExternalStore, type FormEvent } from 'react';
import type { TokenStore } from '../api/auth';

/**
 * Asks for the server's access token once, when the server answers 401: the token is kept in
 * this browser and sent with every call after; a refused one is asked for again.
 */
export function TokenPrompt({ tokens }: { tokens: TokenStore }) {
  const needed = useSyncExternalStore(tokens.subscribe, tokens.needed);
  const queries = useQueryClient();
  const [value, setValue] = useState('');
  if (!needed) return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    tokens.set(value);
    setValue('');
    void queries.invalidateQueries();
  };
  return (
    <form className="banner banner-token" onSubmit={submit} data-testid="token-prompt">
      <label>
        This Rewind needs an access token{' '}
        <input
          type="password"
          autoComplete="current-password"
          aria-label="Access token"
          value={value}
          onChange={(e) => setValue(e.target.value)}
        />
      </label>{' '}
      <button type="submit" disabled={value.trim() === ''}>
        Use token
      </button>
    </form>
  );
}
