import { expect, test } from '@playwright/test';
import { openApp, rulesPanel, rulesText, saveScreenshot } from './helpers.ts';

test('switching the version profile regenerates the rules for that era', async ({ page }) => {
  await openApp(page);
  const latest = await rulesText(page);
  expect(latest).toContain('-A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15006');

  await page.getByLabel('Istio version').selectOption('1.0');
  await expect(rulesPanel(page)).not.toContainText('--to-ports 15006');
  // Istio 1.0 sends both directions to the single port 15001.
  await expect(rulesPanel(page)).toContainText(
    '-A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15001',
  );
  expect(await rulesText(page)).not.toBe(latest);
  await saveScreenshot(page, 'version-1.0');

  await page.getByLabel('Istio version').selectOption('latest');
  await expect(rulesPanel(page)).toContainText('--to-ports 15006');
});
