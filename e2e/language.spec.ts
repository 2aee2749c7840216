import { expect, test } from '@playwright/test';
import { openApp, saveScreenshot, selectInEditor } from './helpers.ts';

test.use({ viewport: { width: 1440, height: 900 } });

test('switching to Chinese translates the page, survives a reload and sets <html lang>', async ({
  page,
}) => {
  await openApp(page);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.getByTestId('language-select').selectOption('zh');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('heading', { name: /数据包工作台/ })).toBeVisible();
  await expect(page.getByRole('heading', { name: /链跳转图/ })).toBeVisible();
  await expect(page.getByTestId('source-kind')).toHaveText('识别为命令行');
  await expect(page.getByLabel('Istio 版本')).toBeVisible();
  await expect(page.getByRole('tab', { name: 'restore 输入' })).toBeVisible();
  await expect(page.getByText('没有问题：istio-iptables 会接受这些参数。')).toBeVisible();
  // The simulator's verdict is the same in every language.
  await expect(page.getByTestId('verdict')).toHaveText('REDIRECT:15001');
  await saveScreenshot(page, 'language-zh');

  // The URL carries the language (debounced), so a reload keeps it.
  await expect.poll(() => page.evaluate(() => location.hash.length)).toBeGreaterThan(3);
  await page.waitForTimeout(400);
  await page.reload();
  await expect(page.getByRole('heading', { name: /数据包工作台/ })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByTestId('language-select')).toHaveValue('zh');
});

test.describe('a Chinese browser', () => {
  test.use({ locale: 'zh-CN' });

  test("opens in Chinese, and flag hovers use the flag table's Chinese text", async ({ page }) => {
    await openApp(page);
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(page.getByRole('heading', { name: /istio-init 参数/ })).toBeVisible();
    await selectInEditor(page, '-z');
    await page.keyboard.press('Control+k');
    await page.keyboard.press('Control+i');
    const hover = page.locator('.monaco-hover').filter({ hasText: '--inbound-capture-port' });
    await expect(hover).toBeVisible();
    await expect(hover).toContainText('入站 TCP 流量被重定向到的端口');
    await expect(hover).toContainText('默认值：15006');
    await expect(hover).not.toContainText('Default:');
    await saveScreenshot(page, 'language-zh-hover');
  });
});
