import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// `npm run dev` serves the dashboard on :5173 and forwards /api to a running server
// (`rewind demo` or `rewind serve`), so the UI can be worked on without rebuilding the jar.
const api = process.env.REWIND_URL ?? 'http://localhost:8000';

export default defineConfig({
  plugins: [react()],
  // Absolute asset URLs: the server answers deep links (/archives, /errors) with index.html.
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 800,
  },
  server: {
    proxy: {
      '/api': { target: api, changeOrigin: true },
      '/metrics': { target: api, changeOrigin: true },
    },
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    restoreMocks: true,
  },
});
