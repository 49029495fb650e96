import { useRef } from 'react';
import type { TokenStore } from './api/auth';
import { ArchivesList } from './components/ArchivesList';
import { ErrorAnalysis } from './components/ErrorAnalysis';
import { ErrorBoundary } from './components/ErrorBoundary';
import { HealthBanner } from './components/HealthBanner';
import { QueryPage } from './components/QueryPage';
import { StatsPanel } from './components/StatsPanel';
import { TokenPrompt } from './components/TokenPrompt';
import { useLocation } from './router';

const VIEWS = [
  { path: '/', label: 'Query' },
  { path: '/archives', label: 'Archives' },
  { path: '/errors', label: 'Error analysis' },
] as const;

/**
 * The dashboard's frame: the views (query, archives, error analysis), the server's live stats
 * beside them, and its health above. The query view stays mounted while another view is shown,
 * so its rows and scroll position are still there on the way back.
 */
export function App({ tokens }: { tokens?: TokenStore }) {
  const { path, search, navigate } = useLocation();
  const view = VIEWS.find((v) => v.path === path)?.path ?? 'unknown';
  const querySearch = useRef('');
  if (view === '/') querySearch.current = search.toString();

  return (
    <div className="app">
      <header className="app-head">
        <h1>
          <a
            href="/"
            onClick={(e) => {
              e.preventDefault();
              navigate(querySearch.current ? `/?${querySearch.current}` : '/');
            }}
          >
            Rewind <span className="tagline">log time machine</span>
          </a>
        </h1>
        <nav aria-label="Views">
          {VIEWS.map((v) => (
            <a
              key={v.path}
              href={v.path}
              aria-current={view === v.path ? 'page' : undefined}
              onClick={(e) => {
                e.preventDefault();
                navigate(v.path === '/' && querySearch.current ? `/?${querySearch.current}` : v.path);
              }}
            >
              {v.label}
            </a>
          ))}
        </nav>
      </header>
      {tokens && <TokenPrompt tokens={tokens} />}
      <HealthBanner />
      <div className="app-body">
        <main>
          <div hidden={view !== '/'}>
            <ErrorBoundary resetKey={querySearch.current}>
              <QueryPage search={new URLSearchParams(querySearch.current)} navigate={navigate} />
            </ErrorBoundary>
          </div>
          {view === '/archives' && (
            <ErrorBoundary>
              <ArchivesList />
            </ErrorBoundary>
          )}
          {view === '/errors' && (
            <ErrorBoundary resetKey={search.toString()}>
              <ErrorAnalysis search={search} navigate={navigate} />
            </ErrorBoundary>
          )}
          {view === 'unknown' && (
            <p className="empty">
              There is no page at {path}. <a href="/">Go to the query view.</a>
            </p>
          )}
        </main>
        <ErrorBoundary>
          <StatsPanel />
        </ErrorBoundary>
      </div>
    </div>
  );
}
