// Bundles src/cli/main.ts (and the core) into dist/cli.mjs for the `intercept` bin.
import { build } from 'vite';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
await build({
  root,
  configFile: false,
  logLevel: 'warn',
  resolve: { alias: { '@core': `${root}src/core/index.ts` } },
  build: {
    ssr: 'src/cli/main.ts',
    outDir: 'dist',
    emptyOutDir: false,
    target: 'node20',
    minify: false,
    sourcemap: false,
    rollupOptions: { output: { entryFileNames: 'cli.mjs', format: 'es' } },
  },
  ssr: { noExternal: true },
});
