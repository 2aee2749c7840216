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

test('the select lists every release profile, and the listing follows the era', async ({
  page,
}) => {
  await openApp(page);
  const select = page.getByLabel('Istio version');
  await expect(select.locator('option')).toHaveText([
    'latest: upstream HEAD (Istio 1.28–1.31)',
    'Istio 1.30 (1.28–1.30)',
    'Istio 1.27',
    'Istio 1.26',
    'Istio 1.25',
    'Istio 1.24',
    'Istio 1.20 (1.18–1.23)',
    'Istio 1.11 (1.8–1.17)',
    'Istio 1.0 (1.0–1.1)',
  ]);

  await select.selectOption('1.24');
  await expect(rulesPanel(page)).toContainText('-A OUTPUT -p tcp -j ISTIO_OUTPUT');
  await page.getByRole('tab', { name: '-nvL' }).click();
  // Istio's images ship iptables 1.8.10 (ubuntu noble) or older: `tcp`, never 1.8.9's `6`.
  await expect(rulesPanel(page)).toContainText(/ISTIO_OUTPUT {2}tcp {2}-- {2}\*/);

  await page.getByTestId('language-select').selectOption('zh');
  await expect(page.getByLabel('Istio 版本').locator('option').first()).toHaveText(
    'latest：上游 HEAD（Istio 1.28–1.31）',
  );
});
