import { expect, test } from '@playwright/test';
import { openApp, rulesPanel, saveScreenshot } from './helpers.ts';

test('the output tabs show restore input, dry-run and -nvL; copy and download work', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openApp(page);

  await page.getByRole('tab', { name: 'restore input' }).click();
  await expect(
    rulesPanel(page).getByRole('heading', { name: 'iptables-restore --noflush input' }),
  ).toBeVisible();
  await expect(rulesPanel(page)).toContainText('-A ISTIO_INBOUND -p tcp -j ISTIO_IN_REDIRECT');

  // Keyboard: arrows move between tabs.
  await page.getByRole('tab', { name: 'restore input' }).press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'dry-run' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tab', { name: 'dry-run' })).toBeFocused();
  await expect(
    rulesPanel(page).getByRole('heading', { name: 'istio-iptables --dry-run' }),
  ).toBeVisible();
  // The transcript Istio's dry-run stub records: restore input with `-N` chain creation.
  await expect(rulesPanel(page)).toContainText('-N ISTIO_INBOUND');

  await page.getByRole('tab', { name: '-nvL' }).click();
  await expect(
    rulesPanel(page).getByRole('heading', { name: 'iptables -t nat -nvL' }),
  ).toBeVisible();
  await expect(rulesPanel(page)).toContainText('Chain ISTIO_INBOUND');
  await saveScreenshot(page, 'tab-nvl');

  await page.getByRole('tab', { name: 'iptables-save' }).click();
  await page.getByRole('button', { name: 'Copy iptables-save' }).click();
  await expect(rulesPanel(page).getByRole('status').first()).toHaveText('Copied');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain('-A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15006');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download iptables-save' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('iptables-save-latest.txt');
});

test('the IPv6 toggle adds an ip6tables block', async ({ page }) => {
  await openApp(page);
  await expect(rulesPanel(page).getByRole('heading', { name: 'ip6tables-save' })).toHaveCount(0);
  await page.getByLabel('IPv6 pod').check();
  await expect(rulesPanel(page).getByRole('heading', { name: 'ip6tables-save' })).toBeVisible();
  await expect(rulesPanel(page).getByTestId('block-save-ipv6')).toContainText('::1/128');
  await saveScreenshot(page, 'ipv6');
});
