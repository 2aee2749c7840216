import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

// Static hosting from any sub-path: relative base; Monaco and its worker bundled locally.
export default defineConfig({
  base: './',
  plugins: [react()],
  resolve: { alias: { '@core': fileURLToPath(new URL('./src/core/index.ts', import.meta.url)) } },
  worker: { format: 'es' },
  build: {
    outDir: 'dist/app',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096,
    rollupOptions: {
      output: {
        // Monaco in its own lazily loaded chunk. A rolldown group rather than `manualChunks`:
        // manualChunks captures a group's dependencies recursively, which pulled Vite's preload
        // helper into the monaco chunk and made the entry import all of Monaco at first paint.
        codeSplitting: {
          groups: [
            {
              // Loaded only for Chinese readers, before Monaco itself (editor-pane.tsx).
              name: 'monaco-nls-zh',
              test: /monaco-editor[\\/]esm[\\/]vs[\\/]nls[\\/]lang[\\/]zh-cn/,
              priority: 2,
            },
            {
              name: 'monaco',
              test: /node_modules[\\/]monaco-editor/,
              includeDependenciesRecursively: false,
            },
          ],
        },
      },
    },
  },
  server: { port: 5173, strictPort: false },
  preview: { port: 4173, strictPort: false },
});
