import { defineConfig } from '@playwright/test';
import e2e from '../../e2e/playwright.config.ts';

// The e2e launch options (Debian Chromium, production build via `vite preview`) on a port of its
// own, so a bench run and an e2e run never share a server. Run by `npm run bench` (bench/run.ts).
const port = Number(process.env.BENCH_UI_PORT ?? 4179);

export default defineConfig({
  ...e2e,
  testDir: '.',
  testMatch: '**/*.spec.ts',
  outputDir: '../.out/ui-results',
  retries: 0,
  timeout: 180_000,
  use: { ...e2e.use, baseURL: `http://127.0.0.1:${port}/` },
  webServer: {
    command: `npx vite preview --port ${port} --strictPort --host 127.0.0.1`,
    cwd: '../..',
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
