import { createContext, useContext, type ReactNode } from 'react';
import type { ApiClient } from './client';

const ClientContext = createContext<ApiClient | null>(null);

/** Gives the components below it their API client (the real one, or a fake in tests). */
export function ApiProvider({ client, children }: { client: ApiClient; children: ReactNode }) {
  return <ClientContext.Provider value={client}>{children}</ClientContext.Provider>;
}

export function useApi(): ApiClient {
  const client = useContext(ClientContext);
  if (client === null) {
    throw new Error('useApi() needs an <ApiProvider> above it');
  }
  return client;
}
