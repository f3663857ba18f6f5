import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// `npm run dev` proxies the API to a running `lineport serve` (LINEPORT_API, default :8080).
const api = process.env.LINEPORT_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: { '/api': api, '/readyz': api, '/healthz': api },
  },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    // Every page is a chunk of its own (React.lazy in src/App.tsx): Rollup then splits Ant Design
    // and ECharts by what each chunk imports, so no page loads components it does not use.
    // React and the router are used by every page, and change less often than the portal.
    rollupOptions: {
      output: {
        manualChunks: {
          react: ['react', 'react-dom', 'react-router'],
        },
      },
    },
  },
});
