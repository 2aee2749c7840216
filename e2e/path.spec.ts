import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { editorSelection, openApp, saveScreenshot, selectInEditor } from './helpers.ts';

// The path view is the widest view: shown at the 1440 × 900 the other specs' config asks for.
test.use({ viewport: { width: 1440, height: 900 } });

async function openPath(page: Page): Promise<void> {
  await openApp(page);
  await page.getByTestId('view-tab-path').click();
  await expect(page.getByTestId('path-status')).toHaveText(/200/);
}

/** Screenshot with the path panel scrolled to its top (clicks in the step list scroll it). */
async function shot(page: Page, name: string): Promise<void> {
  await page.getByTestId('path-panel').evaluate((el) => el.scrollTo(0, 0));
  await saveScreenshot(page, name);
}

const steps = (page: Page) => page.getByTestId('path-steps');
const current = (page: Page) => steps(page).locator('[aria-current="step"]');
const hopHeads = (page: Page) => steps(page).locator('.path-hop-head');

test('the Bookinfo request plays hop by hop: step, scrub, play and pause', async ({ page }) => {
  await openPath(page);
  const count = page.getByTestId('player-count');
  const total = Number((await count.textContent())?.split('/')[1]);
  expect(total).toBeGreaterThan(60);
  await expect(current(page)).toContainText('h1.1');
  await expect(current(page)).toContainText('kube-proxy forwards port 80 to the gateway pod');
  await expect(page.locator('[data-wire="client>istio-ingressgateway"]')).toHaveClass(/active/);

  await page.getByRole('button', { name: 'Next step' }).click();
  await expect(current(page)).toContainText('h1.2');
  await expect(current(page)).toContainText('istio-ingressgateway PREROUTING');

  // Through the gateway's Envoy: listener, route, cluster, endpoint; each with its config object.
  await page.getByRole('button', { name: 'Next step' }).click();
  await page.getByRole('button', { name: 'Next step' }).click();
  await expect(current(page)).toContainText('h1.4');
  await expect(page.getByTestId('step-config')).toContainText('"name": "0.0.0.0_8080"');
  await expect(
    page.locator('[data-id="istio-ingressgateway"] .diagram-part.active'),
  ).toHaveAttribute('data-part', 'proxy');

  // productpage's own call to details: the app's connect(), then OUTPUT redirects it to Envoy.
  await steps(page).locator('[data-step-id="h2.2"]').click();
  await expect(current(page)).toContainText('productpage-v1 OUTPUT: REDIRECT:15001');
  await expect(page.locator('[data-id="productpage-v1"] .diagram-part.active')).toHaveAttribute(
    'data-part',
    'netfilter',
  );
  await expect(page.getByTestId('step-details')).toContainText('nat/ISTIO_REDIRECT#1');

  await page.getByRole('slider').fill('0');
  await expect(current(page)).toContainText('h1.1');
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(current(page)).toContainText('h1.3', { timeout: 5000 });
  await page.getByRole('button', { name: 'Pause' }).click();
  const paused = await count.textContent();
  await page.waitForTimeout(900);
  await expect(count).toHaveText(paused ?? '');
  await steps(page).locator('[data-step-id="h3.12"]').click();
  await expect(page.locator('[data-wire="productpage-v1>reviews-v2"]')).toHaveClass(/visited/);
  await shot(page, 'path-play');
});

test('a netfilter step opens its traversal in the chain graph', async ({ page }) => {
  await openPath(page);
  await steps(page).locator('[data-step-id="h2.12"]').click();
  await expect(current(page)).toContainText('details-v1 PREROUTING: REDIRECT:15006');
  await page.getByTestId('show-in-graph').click();
  await expect(page.getByTestId('graph-step-banner')).toContainText('h2.12');
  // The workbench packet is outbound; the inbound capture lit up here is the path step's.
  await expect(page.locator('.rule-row[data-rule="nat/ISTIO_INBOUND#5"]')).toHaveClass(/matched/);
  await expect(page.locator('.rule-row[data-rule="nat/ISTIO_IN_REDIRECT#1"]')).toHaveClass(
    /matched/,
  );
  await saveScreenshot(page, 'path-graph-step');
  await page.getByRole('button', { name: 'Back to the path' }).click();
  await expect(current(page)).toBeVisible();
});

test('-u 1000 makes a redirect loop, shown on the path with its rule and flag', async ({
  page,
}) => {
  await openPath(page);
  await selectInEditor(page, '-u 1337');
  await page.keyboard.type('-u 1000');
  const loop = page.getByTestId('path-diagnostics').locator('[data-code="redirect-loop"]').first();
  await expect(loop).toBeVisible({ timeout: 5000 });
  await expect(loop).toContainText('nat/ISTIO_OUTPUT');
  await expect(page.locator('[data-id="productpage-v1"]')).toHaveClass(/troubled/);
  // The same diagnostic sits under the step where it happens.
  await expect(
    steps(page)
      .locator('.path-step-item')
      .filter({ has: page.locator('[data-code="redirect-loop"]') })
      .first(),
  ).toBeVisible();
  await shot(page, 'path-loop');
  await loop.getByRole('button', { name: 'Show --proxy-uid in the editor' }).click();
  await expect.poll(() => editorSelection(page)).toBe('-u');
});

test('routing all of reviews to v1 removes the ratings hop; end-user jason goes to v2', async ({
  page,
}) => {
  await openPath(page);
  await expect(hopHeads(page)).toHaveCount(4);
  await expect(hopHeads(page).last()).toContainText('reviews-v2 → ratings');

  await page.getByTestId('routing-preset').selectOption('all-v1');
  await expect(hopHeads(page)).toHaveCount(3);
  await expect(steps(page)).not.toContainText('ratings');
  await expect(hopHeads(page).nth(2)).toContainText('reviews (reviews-v1)');
  await expect(page.locator('[data-id="ratings-v1"]')).toHaveClass(/off-path/);
  await shot(page, 'path-all-v1');

  await page.getByTestId('routing-preset').selectOption('reviews-test-v2');
  await expect(hopHeads(page).nth(2)).toContainText('reviews (reviews-v1)');
  await page.getByTestId('path-headers').fill('end-user: jason');
  await expect(hopHeads(page).nth(2)).toContainText('reviews (reviews-v2)');
  await expect(hopHeads(page)).toHaveCount(4);
  const route = steps(page).locator('[data-hop-id="h3"] .kind-envoy-route').first();
  await route.click();
  await expect(page.getByTestId('step-config')).toContainText('end-user');
  await shot(page, 'path-jason');

  // A permalink reopens the same routing and headers.
  await page.waitForTimeout(400);
  await page.reload();
  await page.getByTestId('view-tab-path').click();
  await expect(page.getByTestId('path-headers')).toHaveValue('end-user: jason');
  await expect(hopHeads(page).nth(2)).toContainText('reviews (reviews-v2)');
});

test('broken routing YAML keeps the last good path, dimmed, with located problems', async ({
  page,
}) => {
  await openPath(page);
  await page.getByTestId('routing-toggle').click();
  await page.getByTestId('routing-text').fill('kind: VirtualService\nspec: [\n');
  await expect(page.getByTestId('routing-problems')).toContainText(/\d+:\d+/);
  await expect(page.locator('.path-view')).toHaveAttribute('data-stale', 'true');
  await expect(hopHeads(page)).toHaveCount(4);
  await shot(page, 'path-invalid');

  // In Chinese: the view's labels follow the language switch.
  await page.getByTestId('routing-text').fill('');
  await page.getByTestId('language-select').selectOption('zh');
  await expect(page.getByTestId('view-tab-path')).toHaveText('Bookinfo 请求路径');
  await expect(page.getByRole('button', { name: '下一步' })).toBeVisible();
  await expect(page.locator('.path-view')).toHaveAttribute('data-stale', 'false');
  await shot(page, 'path-zh');
});
