import { expect, test } from '@playwright/test';
import { editorText, openApp, rulesPanel, saveScreenshot } from './helpers.ts';

test('a pod preset loads YAML, switches the profile, and the link reopens the same state', async ({
  page,
}) => {
  await openApp(page);
  await page
    .getByLabel('Load a preset')
    .selectOption({ label: 'Bookinfo productpage, kube-inject (Istio 1.0)' });
  await expect(page.getByLabel('Istio version')).toHaveValue('1.0');
  await expect(page.getByTestId('source-kind')).toHaveText('read as pod YAML');
  await expect(rulesPanel(page)).toContainText('--dport 9080');
  expect(await editorText(page)).toContain('productpage');
  await saveScreenshot(page, 'preset-bookinfo');

  // Undo reverts the preset's text in the editor (external edits keep the undo stack).
  await page.getByTestId('monaco-editor').locator('.view-lines').click();
  await page.keyboard.press('Control+z');
  await expect.poll(() => editorText(page)).not.toContain('productpage');

  await page.keyboard.press('Control+Shift+z');
  await expect.poll(() => editorText(page)).toContain('productpage');
  await expect.poll(() => page.evaluate(() => window.location.hash)).toMatch(/^#s=/);
  await page.reload();
  await expect(page.getByLabel('Istio version')).toHaveValue('1.0');
  await expect(rulesPanel(page)).toContainText('--dport 9080');
});

test('a garbage permalink opens the defaults with a notice', async ({ page }) => {
  await page.goto('./#s=this-is-not-a-state');
  await expect(page.getByRole('alert')).toContainText('could not be opened');
  await expect(rulesPanel(page)).toContainText('--to-ports 15006');
});

test('the layout holds at 768 px and the controls are reachable by name', async ({ page }) => {
  await page.setViewportSize({ width: 768, height: 1024 });
  await openApp(page);
  for (const name of ['Load a preset', 'Istio version', 'IPv6 pod', 'DNS servers']) {
    await expect(page.getByLabel(name)).toBeVisible();
  }
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  await saveScreenshot(page, 'narrow-768');
});
