import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { browserTokenStore } from './api/auth';
import { createClient } from './api/client';
import { ApiProvider } from './api/context';
import './styles.css';

const queryClient = new QueryClient({
  defaultOptions: {
    // A failed poll is shown at once; the next poll is the retry.
    queries: { retry: 1, refetchOnWindowFocus: false },
  },
});

const tokens = browserTokenStore();
const root = document.getElementById('root');
if (root === null) {
  throw new Error('index.html has no #root element');
}
createRoot(root).render(
  <StrictMode>
    <ApiProvider client={createClient('', undefined, tokens)}>
      <QueryClientProvider client={queryClient}>
        <App tokens={tokens} />
      </QueryClientProvider>
    </ApiProvider>
  </StrictMode>,
);
