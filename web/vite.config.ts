import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The config is loaded with `--config web/vite.config.ts` from the repository root, so every path is
// resolved against this file rather than the working directory.
const webRoot = decodeURIComponent(new URL('.', import.meta.url).pathname);
const apiTarget = 'http://127.0.0.1:4010';

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react()],
  build: {
    outDir: `${webRoot}dist`,
    emptyOutDir: true,
  },
  server: {
    proxy: {
      '/v1': apiTarget,
      '/login': apiTarget,
      '/healthz': apiTarget,
    },
  },
});
