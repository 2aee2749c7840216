import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { openApp, saveScreenshot, selectInEditor } from './helpers.ts';

test.use({ viewport: { width: 1440, height: 900 } });

function chainNode(page: Page, id: string) {
  return page.locator(`.react-flow__node[data-id="${id}"] .chain-node`);
}

async function openGraph(page: Page): Promise<void> {
  await openApp(page);
  await expect(page.getByTestId('graph')).toHaveAttribute('data-ready', 'true');
}

test('the graph shows the chains of the default args and follows an edit', async ({ page }) => {
  await openGraph(page);
  for (const id of [
    'nat/PREROUTING',
    'nat/OUTPUT',
    'nat/ISTIO_INBOUND',
    'nat/ISTIO_IN_REDIRECT',
    'nat/ISTIO_OUTPUT',
    'nat/ISTIO_REDIRECT',
  ]) {
    await expect(page.locator(`.react-flow__node[data-id="${id}"]`)).toBeVisible();
  }
  await expect(page.locator('.chain-node [data-rule="nat/ISTIO_IN_REDIRECT#1"]')).toContainText(
    '--to-ports 15006',
  );
  await expect(page.locator('.react-flow__edge[data-id="nat/OUTPUT#1"]')).toHaveCount(1);
  await saveScreenshot(page, 'graph');

  await selectInEditor(page, '15006');
  await page.keyboard.type('15007');
  await expect(page.locator('.chain-node [data-rule="nat/ISTIO_IN_REDIRECT#1"]')).toContainText(
    '--to-ports 15007',
  );
  // An excluded outbound port adds a rule to ISTIO_OUTPUT: the node grows a row.
  await page.keyboard.press('Control+End');
  await page.keyboard.type(' -o 3306');
  await expect(
    chainNode(page, 'nat/ISTIO_OUTPUT')
      .locator('[data-rule]')
      .filter({ hasText: '--dport 3306' })
      .first(),
  ).toBeVisible();
});

test('tracing a packet lights its path, and a step selects its rule in the graph and the rules pane', async ({
  page,
}) => {
  await openGraph(page);
  await expect(page.getByTestId('verdict')).toHaveText('REDIRECT:15001');
  await expect(chainNode(page, 'nat/OUTPUT')).toHaveClass(/visited/);
  await expect(chainNode(page, 'nat/ISTIO_OUTPUT')).toHaveClass(/visited/);
  await expect(chainNode(page, 'nat/ISTIO_INBOUND')).not.toHaveClass(/visited/);
  await expect(page.locator('.chain-node [data-rule="nat/OUTPUT#1"]')).toHaveClass(/matched/);
  await expect(
    page.locator('.react-flow__edge[data-id="nat/OUTPUT#1"] path.jump-edge'),
  ).toHaveClass(/taken/);

  await page.getByTestId('steps').locator('[data-step-rule="nat/ISTIO_REDIRECT#1"]').click();
  await expect(page.locator('.chain-node [data-rule="nat/ISTIO_REDIRECT#1"]')).toHaveClass(
    /selected/,
  );
  await expect(
    page.getByTestId('rules').locator('.line[data-rule="nat/ISTIO_REDIRECT#1"]'),
  ).toHaveClass(/selected/);
  await saveScreenshot(page, 'graph-trace');
  await page.getByTestId('graph').screenshot({ path: 'e2e/.output/graph-panel.png' });

  // Inbound to the app port: the other half of the graph lights up.
  await page.getByTestId('packet-preset').selectOption('inbound-app');
  await expect(page.getByTestId('verdict')).toHaveText('REDIRECT:15006');
  await expect(chainNode(page, 'nat/ISTIO_INBOUND')).toHaveClass(/visited/);
  await expect(chainNode(page, 'nat/ISTIO_OUTPUT')).not.toHaveClass(/visited/);
});

test('the batch view counts rule hits in the graph; the IPv6 switch draws ip6tables', async ({
  page,
}) => {
  await openGraph(page);
  await page.getByRole('radio', { name: 'All typical packets' }).click();
  await expect(page.getByTestId('batch-table').locator('tbody tr')).toHaveCount(8);
  const count = page.locator('.chain-node [data-rule="nat/OUTPUT#1"] .rule-count');
  await expect(count).toHaveText(/^[1-9]\d*$/);
  await saveScreenshot(page, 'graph-batch');

  await page.getByLabel('IPv6 pod').check();
  await page.getByTestId('graph-family').getByRole('radio', { name: 'IPv6' }).click();
  await expect(page.getByTestId('graph')).toHaveAttribute('data-ready', 'true');
  await expect(page.locator('.react-flow__node[data-id="nat/ISTIO_OUTPUT"]')).toBeVisible();
  await expect(
    page.locator('.chain-node [data-rule]').filter({ hasText: '::6/128' }).first(),
  ).toBeVisible();
});

test('the graph exports as SVG and PNG', async ({ page }) => {
  await openGraph(page);
  const [svg] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export the graph as SVG' }).click(),
  ]);
  expect(svg.suggestedFilename()).toBe('chain-graph-ipv4.svg');
  const [png] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export the graph as PNG' }).click(),
  ]);
  expect(png.suggestedFilename()).toBe('chain-graph-ipv4.png');
  const path = await png.path();
  expect(path).toBeTruthy();
});
