import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { monacoEditor, openApp, saveScreenshot } from './helpers.ts';

const column = (page: Page, side: 'left' | 'right') => page.getByTestId(`backend-compare-${side}`);

async function openBackendCompare(page: Page): Promise<void> {
  await openApp(page);
  await page.getByRole('button', { name: 'Diff', exact: true }).click();
  await page.getByLabel('Istio version to compare with').selectOption('backend');
  await expect(page.getByTestId('backend-compare')).toBeVisible();
}

test('compare with the other backend links each iptables rule to its nftables counterpart', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openBackendCompare(page);
  await expect(column(page, 'left')).toHaveAttribute('data-backend', 'iptables');
  await expect(column(page, 'right')).toHaveAttribute('data-backend', 'nftables');
  await expect(page.getByText('No counterpart on the other side')).toBeVisible();

  const owner = column(page, 'left').locator('.bc-rule', {
    hasText: /^-A ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN/,
  });
  await expect(owner).toHaveCount(1);
  await expect(owner).toContainText('# proxy-uid');
  await owner.hover();
  await expect(owner).toHaveClass(/bc-active/);
  const linked = column(page, 'right').locator('.bc-linked');
  await expect(linked).toHaveCount(1);
  await expect(linked).toContainText('meta skuid 1337');
  await expect(linked).toContainText('return');
  await expect(linked).not.toContainText('!=');
  await saveScreenshot(page, 'backend-compare');

  // Keyboard: focusing an nft rule lights its iptables counterpart; the status line names it.
  await page.mouse.move(0, 0);
  const redirect = column(page, 'right').locator('.bc-rule', { hasText: 'redirect to :15001' });
  await redirect.focus();
  await redirect.press('Enter');
  await expect(column(page, 'left').locator('.bc-linked')).toContainText(
    '-A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001',
  );
  await expect(page.getByTestId('backend-compare-status')).toContainText('--to-ports 15001');
});

test('at 390 px the two backends stack', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('./');
  await expect(monacoEditor(page)).toBeVisible();
  await page.getByRole('tab', { name: 'Rules', exact: true }).click();
  const width = () => page.evaluate(() => document.documentElement.scrollWidth);
  const before = await width();
  await page.getByRole('button', { name: 'Diff', exact: true }).click();
  await page.getByLabel('Istio version to compare with').selectOption('backend');
  const left = await column(page, 'left').boundingBox();
  const right = await column(page, 'right').boundingBox();
  expect(left).not.toBeNull();
  expect(right).not.toBeNull();
  expect(right?.y ?? 0).toBeGreaterThan((left?.y ?? 0) + (left?.height ?? 0) - 1);
  // The page gets no wider: long rules scroll inside their column.
  expect(await width()).toBeLessThanOrEqual(before);
  await saveScreenshot(page, 'backend-compare-390');
});

test.describe('dark, in Chinese', () => {
  test.use({ colorScheme: 'dark', locale: 'zh-CN', viewport: { width: 1440, height: 900 } });

  test('the legend and the marks read in Chinese', async ({ page }) => {
    await page.goto('./');
    await expect(monacoEditor(page)).toBeVisible();
    await page.getByRole('button', { name: '对比', exact: true }).click();
    await page.locator('.diff-switch select').selectOption('backend');
    await expect(page.getByText('另一侧没有对应的规则')).toBeVisible();
    const owner = column(page, 'left').locator('.bc-rule', {
      hasText: /^-A ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN/,
    });
    await owner.hover();
    await expect(column(page, 'right').locator('.bc-linked')).toContainText('meta skuid 1337');
    await saveScreenshot(page, 'backend-compare-dark-zh');
  });
});
