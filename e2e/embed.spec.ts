import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { saveScreenshot } from './helpers.ts';

/** The app served under /docs/explorer/ (a docs site's sub-path), from the same build. */
async function serveUnderSubPath(page: Page): Promise<void> {
  await page.route('**/docs/explorer/**', async (route) => {
    const url = new URL(route.request().url());
    url.pathname = url.pathname.replace('/docs/explorer/', '/');
    await route.fulfill({ response: await route.fetch({ url: url.toString() }) });
  });
}

/** Collects the frame's outbound messages (it is top-level here, so its parent is itself). */
async function listen(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __messages: unknown[] };
    w.__messages = [];
    window.addEventListener('message', (e) => w.__messages.push(e.data));
  });
}

async function messages(page: Page, type: string): Promise<Record<string, unknown>[]> {
  return page.evaluate(
    (t) =>
      (window as unknown as { __messages: Record<string, unknown>[] }).__messages.filter(
        (m) => m['type'] === t,
      ),
    type,
  );
}

test('?embed=rules&args=… from a sub-path: minimal chrome, read-only, the args from the URL', async ({
  page,
}) => {
  await serveUnderSubPath(page);
  await listen(page);
  await page.setViewportSize({ width: 800, height: 600 });
  await page.goto(
    `./docs/explorer/?embed=rules&readonly=1&args=${encodeURIComponent("-p 15001 -z 15042 -u 1337 -m REDIRECT -i '*' -b '*'")}`,
  );
  const embed = page.locator('[data-embed-view="rules"]');
  await expect(embed).toBeVisible();
  await expect(page.getByTestId('rules')).toContainText(
    '-A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15042',
  );
  // Minimal chrome: no header controls, no editor.
  await expect(page.getByLabel('Istio version')).toHaveCount(0);
  await expect(page.getByTestId('editor')).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Open in Intercept Explorer' })).toBeVisible();

  await expect.poll(async () => (await messages(page, 'intercept:ready')).length).toBe(1);
  await expect
    .poll(async () => (await messages(page, 'intercept:resize')).length)
    .toBeGreaterThan(0);
  const [resize] = (await messages(page, 'intercept:resize')).slice(-1);
  const height = await embed.evaluate((el) => el.getBoundingClientRect().height);
  expect(Math.abs(Number(resize?.['height']) - height)).toBeLessThanOrEqual(1);
  await expect
    .poll(async () => (await messages(page, 'intercept:state')).length)
    .toBeGreaterThan(0);
  await saveScreenshot(page, 'embed-rules');
});

test('the postMessage API: set-args, set-version, trace; malformed messages are ignored', async ({
  page,
}) => {
  await listen(page);
  await page.goto('./?embed=editor%2Brules&lang=en&theme=dark');
  await expect(page.locator('[data-embed-view="editor+rules"]')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByTestId('monaco-editor').locator('.monaco-editor')).toBeVisible();

  const post = (data: unknown) => page.evaluate((d) => window.postMessage(d, '*'), data);
  await post({
    type: 'intercept:set-args',
    text: '-p 15001 -z 15077 -u 1337 -m REDIRECT -i * -b *',
  });
  await expect(page.getByTestId('rules')).toContainText('--to-ports 15077');
  await expect
    .poll(async () => (await messages(page, 'intercept:state')).at(-1)?.['hash'])
    .toMatch(/^s=/);

  await post({ type: 'intercept:set-args', text: 42 });
  await post({ type: 'intercept:set-version', version: '9.9' });
  await post('intercept:set-args');
  await page.waitForTimeout(200);
  await expect(page.getByTestId('rules')).toContainText('--to-ports 15077');

  await post({ type: 'intercept:set-version', version: '1.0' });
  await post({
    type: 'intercept:set-args',
    text: '-p 15001 -u 1337 -m REDIRECT -i * -b 9080 -d bad',
  });
  await expect
    .poll(async () => (await messages(page, 'intercept:state')).at(-1)?.['diagnostics'])
    .toBeGreaterThan(0);
  await saveScreenshot(page, 'embed-editor-rules-dark');
});

test('?embed=workbench traces a packet sent by the parent', async ({ page }) => {
  await listen(page);
  await page.goto('./?embed=workbench&readonly=1');
  await expect(page.locator('[data-embed-view="workbench"]')).toBeVisible();
  await page.evaluate(() =>
    window.postMessage(
      {
        type: 'intercept:trace',
        packet: { direction: 'inbound', dst: '10.44.0.5', dport: 15090, src: '10.44.0.1' },
      },
      '*',
    ),
  );
  await expect(page.locator('.workbench-panel')).toContainText('15090');
  await saveScreenshot(page, 'embed-workbench');
});

test('an unknown embed view shows the rules with a notice; lang=zh', async ({ page }) => {
  await page.goto('./?embed=nope&lang=zh');
  await expect(page.getByRole('alert')).toContainText('未知的嵌入视图');
  await expect(page.getByTestId('rules')).toContainText('ISTIO_INBOUND');
});
