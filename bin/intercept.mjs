#!/usr/bin/env node
// Shim for `npx intercept`: runs the CLI bundle built by `npm install` (prepare) or `npm run build:cli`.
import { existsSync } from 'node:fs';
const bundle = new URL('../dist/cli.mjs', import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write('intercept: dist/cli.mjs is missing; run `npm run build:cli` first\n');
  process.exit(1);
}
const { main } = await import(bundle.href);
await main();
