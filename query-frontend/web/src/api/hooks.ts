import { useQuery } from '@tanstack/react-query';
import { useApi } from './context';

/** How often the live panels refresh. */
export const STATS_REFRESH_MS = 2000;
const CATALOG_REFRESH_MS = 10_000;
const HEALTH_REFRESH_MS = 5000;

/** `GET /api/stats`, refreshed every two seconds; shared by every component that asks. */
export function useStats() {
  const api = useApi();
  return useQuery({ queryKey: ['stats'], queryFn: ({ signal }) => api.stats(signal), refetchInterval: STATS_REFRESH_MS });
}

/** `GET /api/archives`; the server reloads its catalog every few seconds, so this follows. */
export function useCatalog() {
  const api = useApi();
  return useQuery({ queryKey: ['archives'], queryFn: ({ signal }) => api.archives(signal), refetchInterval: CATALOG_REFRESH_MS });
}

export function useHealth() {
  const api = useApi();
  return useQuery({ queryKey: ['health'], queryFn: ({ signal }) => api.health(signal), refetchInterval: HEALTH_REFRESH_MS, retry: false });
}
