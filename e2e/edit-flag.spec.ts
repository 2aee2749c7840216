import { expect, test } from '@playwright/test';
import { editorText, openApp, rulesPanel, saveScreenshot, selectInEditor } from './helpers.ts';

test('typing a new inbound capture port in the editor updates the rules within a second', async ({
  page,
}) => {
  await openApp(page);
  await selectInEditor(page, '15006');
  await page.keyboard.type('15007');
  await expect(rulesPanel(page)).toContainText(
    '-A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15007',
    { timeout: 1000 },
  );
  await expect(rulesPanel(page)).not.toContainText('--to-ports 15006');
  expect(await editorText(page)).toContain('-z 15007');
  await saveScreenshot(page, 'edit-flag');

  // Undo goes back through the editor, and the rules follow.
  await page.keyboard.press('Control+z');
  await expect(rulesPanel(page)).toContainText('--to-ports 15006', { timeout: 1000 });
});

test('hovering a flag explains it from the core flag table', async ({ page }) => {
  await openApp(page);
  await selectInEditor(page, '-z');
  await page.keyboard.press('Control+k');
  await page.keyboard.press('Control+i');
  const hover = page.locator('.monaco-hover').filter({ hasText: '--inbound-capture-port' });
  await expect(hover).toBeVisible();
  await expect(hover).toContainText('INBOUND_CAPTURE_PORT');
  await expect(hover).toContainText('15006');
  await saveScreenshot(page, 'flag-hover');
});

test('flag completion, then the DNS servers field switches DNS capture on', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('monaco-editor').locator('.view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(' --redi');
  const suggestion = page.locator('.suggest-widget .monaco-list-row', {
    hasText: '--redirect-dns',
  });
  await expect(suggestion).toBeVisible();
  await page.keyboard.press('Enter');
  expect(await editorText(page)).toContain('--redirect-dns');

  // No nameserver known: Istio switches DNS capture off and says so, at the flag.
  const warning = page.getByTestId('diagnostics').locator('[data-code="dns-capture-disabled"]');
  await expect(warning).toBeVisible();
  await expect(rulesPanel(page)).toHaveAttribute('data-stale', 'false');

  await page.getByLabel('DNS servers').fill('10.96.0.10');
  await expect(warning).toHaveCount(0);
  await expect(rulesPanel(page)).toContainText('ISTIO_OUTPUT_DNS');
  await page.getByLabel('DNS servers').fill('10.96.0.10, nope');
  await expect(page.getByLabel('DNS servers')).toHaveAttribute('aria-invalid', 'true');
  const bad = page.getByTestId('diagnostics').locator('[data-code="bad-address"]');
  await expect(bad).toContainText('"nope" is not an IP address');
  await expect(rulesPanel(page)).toHaveAttribute('data-stale', 'false');
  await bad.click();
  await expect(page.getByLabel('DNS servers')).toBeFocused();
  await saveScreenshot(page, 'dns-capture');
});
