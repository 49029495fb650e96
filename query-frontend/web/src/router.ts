import { useCallback, useSyncExternalStore } from 'react';

/**
 * A router of three views is a few lines over the History API: the path picks the view, the
 * search holds the view's state (the query, the analysed range), so every screen is a link. The
 * server answers every non-API path with index.html, so deep links and reloads work.
 */
const EVENT = 'rewind:navigate';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(EVENT, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(EVENT, onChange);
  };
}

const snapshot = () => window.location.pathname + window.location.search;

export interface Location {
  path: string;
  search: URLSearchParams;
  navigate: (to: string, options?: { replace?: boolean }) => void;
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.dispatchEvent(new Event(EVENT));
}

export function useLocation(): Location {
  const current = useSyncExternalStore(subscribe, snapshot, snapshot);
  const nav = useCallback((to: string, options?: { replace?: boolean }) => navigate(to, options), []);
  const q = current.indexOf('?');
  const path = q < 0 ? current : current.slice(0, q);
  return { path, search: new URLSearchParams(q < 0 ? '' : current.slice(q)), navigate: nav };
}
