#!/usr/bin/env bash
# README pictures, made from the real app: builds the production site, runs the Playwright specs
# (each saves its screenshots in e2e/.output/), then copies the chosen ones to docs/screenshots/.
# Usage: npm run screenshots [-- <spec files to run>]
set -euo pipefail
cd "$(dirname "$0")/.."
node scripts/ensure-system.mjs chromium
npx vite build --logLevel warn
npx playwright test -c e2e/playwright.config.ts "$@"
mkdir -p docs/screenshots
for name in default-load graph-trace path-play workbench diff-profile language-zh tutorial-en-inbound embed-rules; do
  if [ -f "e2e/.output/$name.png" ]; then cp "e2e/.output/$name.png" "docs/screenshots/$name.png"; else echo "missing e2e/.output/$name.png" >&2; exit 1; fi
done
echo "docs/screenshots updated"
