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
    // Vendor chunks change rarely, so they stay cached across dashboard releases. ECharts' core
    // (data, model, axes, zrender) is ~550 kB minified even with only line, bar, grid and tooltip.
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'echarts', test: /[\\/]node_modules[\\/](echarts|zrender|tslib)[\\/]/ },
            { name: 'react', test: /[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/v1': apiTarget,
      '/login': apiTarget,
      '/healthz': apiTarget,
    },
  },
});
