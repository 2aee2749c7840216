import { expect, test } from '@playwright/test';
import type { FrameLocator, Page } from '@playwright/test';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { saveScreenshot } from './helpers.ts';

// The production build served the way a docs site would: a plain static server with the explorer
// under /explorer/ (nothing at /), so every URL the page, the loader and the frames use must be relative.
const DIST = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'app');
const PREFIX = '/explorer/';
const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

function serveDist(): Promise<Server> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (!path.startsWith(PREFIX)) return void res.writeHead(404).end('not under /explorer/');
    let file = normalize(join(DIST, path.slice(PREFIX.length)));
    if (!file.startsWith(DIST)) return void res.writeHead(403).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

let server: Server;
let origin = '';

test.beforeAll(async () => {
  server = await serveDist();
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function frameOf(page: Page, testId: string): FrameLocator {
  return page.getByTestId(testId).frameLocator('iframe');
}

test('the example docs page loads its embeds from the production build under a sub-path', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1100, height: 900 });
  await page.goto(`${origin}${PREFIX}docs-example/`);

  // Every placeholder became one iframe of the explorer at /explorer/, in embed mode.
  const frames = page.locator('[data-intercept-explorer] > iframe');
  await expect(frames).toHaveCount(4);
  for (const src of await frames.evaluateAll((els) =>
    els.map((el) => (el as HTMLIFrameElement).src),
  )) {
    expect(src.startsWith(`${origin}${PREFIX}?embed=`)).toBe(true);
  }

  const rules = frameOf(page, 'docs-embed-rules');
  await expect(rules.getByTestId('rules')).toContainText(
    '-A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15006',
  );

  await page.getByTestId('docs-embed-graph').scrollIntoViewIfNeeded();
  await expect(
    frameOf(page, 'docs-embed-graph').locator('[data-chain="mangle/ISTIO_TPROXY"]'),
  ).toBeVisible({ timeout: 30_000 });

  // A tutorial step: its state (the wrong -u) and so its diagnostic, in the path view.
  await page.getByTestId('docs-embed-step').scrollIntoViewIfNeeded();
  const step = frameOf(page, 'docs-embed-step');
  await expect(
    step.getByTestId('path-diagnostics').locator('[data-code="redirect-loop"]').first(),
  ).toBeVisible({ timeout: 30_000 });

  await page.getByTestId('docs-embed-step-zh').scrollIntoViewIfNeeded();
  const zh = frameOf(page, 'docs-embed-step-zh');
  await expect(zh.getByTestId('verdict')).toHaveText('REDIRECT:15006');
  await expect(zh.locator('[data-embed-view="workbench"]')).toContainText('结果');

  // The loader sized each frame to the height its content reported.
  const rulesFrame = page.getByTestId('docs-embed-rules').locator('iframe');
  await expect
    .poll(async () => {
      const outer = await rulesFrame.evaluate((el) => el.getBoundingClientRect().height);
      const inner = await rules
        .locator('[data-embed-view]')
        .evaluate((el) => el.getBoundingClientRect().height);
      return Math.abs(outer - inner) <= 2 && outer !== 360;
    })
    .toBe(true);
  await page.evaluate(() => window.scrollTo(0, 0));
  await saveScreenshot(page, 'tutorial-docs-example');
});
