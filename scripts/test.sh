#!/usr/bin/env bash
# `npm test`: everything, in the order a failure is cheapest to find.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
step() { printf '\n== %s (%ss)\n' "$1" "$(( $(date +%s) - started ))"; }

step "system packages"
node scripts/ensure-system.mjs chromium kernel
step "type check"
npx tsc -b
step "lint"
npx eslint . --max-warnings 0
npx prettier --check . --log-level warn
node scripts/check-cycles.mjs
step "build (app + cli)"
npx vite build --logLevel warn
node scripts/build-cli.mjs
step "unit, golden, cli and kernel conformance tests"
npx vitest run
step "end-to-end (Playwright, production build)"
npx playwright test -c e2e/playwright.config.ts
step "done"
