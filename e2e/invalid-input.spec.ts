import { expect, test } from '@playwright/test';
import {
  editorSelection,
  openApp,
  rulesPanel,
  rulesText,
  saveScreenshot,
  selectInEditor,
} from './helpers.ts';

test('a bad port shows a located diagnostic and keeps the last good rules, dimmed', async ({
  page,
}) => {
  await openApp(page);
  await selectInEditor(page, '15001');
  await page.keyboard.type('99999');

  const problem = page.getByTestId('diagnostics').locator('[data-code="bad-port"]');
  await expect(problem).toBeVisible();
  await expect(problem).toContainText(/1:\d+/);
  await expect(page.getByTestId('stale-banner')).toBeVisible();
  await expect(rulesPanel(page)).toHaveAttribute('data-stale', 'true');
  // Typed one key at a time, so the last good rules are those of the valid prefix `-p 9999`.
  await expect(rulesPanel(page)).toContainText(
    '-A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 9999',
  );
  expect(await rulesText(page)).not.toContain('99999');
  await expect(page.getByTestId('monaco-editor').locator('.squiggly-error')).toHaveCount(1);
  await saveScreenshot(page, 'invalid-input');

  // Clicking the problem selects the offending token in the editor.
  await page.keyboard.press('End');
  await problem.click();
  await expect.poll(() => editorSelection(page)).toBe('99999');

  // Fixing it brings the rules back to full strength.
  await page.keyboard.type('15002');
  await expect(rulesPanel(page)).toHaveAttribute('data-stale', 'false');
  await expect(rulesPanel(page)).toContainText('--to-ports 15002');
});

test('an unknown flag is reported at its position', async ({ page }) => {
  await openApp(page);
  await selectInEditor(page, '-m');
  await page.keyboard.type('--bogus-flag 1 -m');
  const problem = page.getByTestId('diagnostics').locator('[data-code="unknown-flag"]');
  await expect(problem).toBeVisible();
  await expect(problem).toContainText('1:');
  await expect(rulesPanel(page)).toHaveAttribute('data-stale', 'true');
  await expect(rulesPanel(page)).toContainText('--to-ports 15006');
});

test('a 5 MB paste is refused with one diagnostic, quickly, and the rules stay', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openApp(page);
  await page.evaluate(() =>
    navigator.clipboard.writeText(`-p 15001 ${'x'.repeat(5 * 1024 * 1024)}`),
  );
  await page.getByTestId('monaco-editor').locator('.view-lines').click();
  await page.keyboard.press('Control+a');
  const started = Date.now();
  await page.keyboard.press('Control+v');
  const problem = page.getByTestId('diagnostics').locator('[data-code="input-too-large"]');
  await expect(problem).toBeVisible();
  expect(Date.now() - started).toBeLessThan(5000);
  await expect(rulesPanel(page)).toHaveAttribute('data-stale', 'true');
  await expect(rulesPanel(page)).toContainText('--to-ports 15006');
  await page.keyboard.press('Control+z');
  await expect(rulesPanel(page)).toHaveAttribute('data-stale', 'false');
});
