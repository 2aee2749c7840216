import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { monacoEditor, openApp, rulesPanel, saveScreenshot, selectInEditor } from './helpers.ts';

const diffView = (page: Page) => page.getByTestId('diff-view');

test('the diff view shows what an edit added and removed, on each tab', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Diff', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Diff', exact: true })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(page.getByTestId('diff-empty')).toBeVisible();

  await selectInEditor(page, '15006');
  await page.keyboard.type('15007');
  const save = page.getByTestId('diff-save-ipv4');
  await expect(save.locator('.diff-added')).toContainText([
    '-A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15007',
  ]);
  await expect(save.locator('.diff-removed')).toContainText([
    '-A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15006',
  ]);
  await expect(save.getByLabel('1 lines added, 1 removed')).toBeVisible();
  // Unchanged lines are folded, with a little context kept.
  await expect(save.locator('.diff-fold').first()).toContainText('unchanged lines');
  await saveScreenshot(page, 'diff-previous');

  for (const tab of ['restore input', 'dry-run', '-nvL'] as const) {
    await page.getByRole('tab', { name: tab }).click();
    await expect(diffView(page).locator('.diff-added').first()).toContainText('15007');
    await expect(diffView(page).locator('.diff-removed').first()).toContainText('15006');
  }
  await page.getByRole('tab', { name: 'iptables-save' }).click();

  // Off again: the plain rules are back.
  await page.getByRole('button', { name: 'Diff', exact: true }).click();
  await expect(diffView(page)).toHaveCount(0);
  await expect(rulesPanel(page).getByTestId('output-text').first()).toContainText(
    '--to-ports 15007',
  );
});

test('the diff view compares the same args under another Istio version', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Diff', exact: true }).click();
  await page.getByLabel('Istio version to compare with').selectOption('1.0');
  await expect(diffView(page).locator('.diff-added, .diff-removed').first()).toBeVisible();
  const stats = await diffView(page).locator('.diff-stats').first().textContent();
  expect(stats).toMatch(/^\+\d+ −\d+$/);
  expect(stats).not.toBe('+0 −0');
  await saveScreenshot(page, 'diff-profile');
  // Switching the page itself to that profile: nothing left to tell apart.
  await page.getByRole('banner').getByLabel('Istio version').selectOption('1.0');
  await expect(diffView(page).locator('.diff-added, .diff-removed')).toHaveCount(0);
  await expect(diffView(page).getByText('No differences.').first()).toBeVisible();
});

test('hovering a rule highlights its flags in the editor, with the reason', async ({ page }) => {
  await openApp(page);
  const ownerLine = rulesPanel(page).locator(
    '[data-testid="block-save-ipv4"] .line[data-rule^="nat/ISTIO_OUTPUT#"]',
    {
      hasText: '--uid-owner 1337',
    },
  );
  await ownerLine.first().hover();
  const tip = page.getByRole('tooltip');
  await expect(tip).toContainText('--proxy-uid');
  const decorated = monacoEditor(page).locator('.flag-linked');
  await expect(decorated.first()).toBeVisible();
  await expect(decorated.first()).toHaveText('-u');
  await saveScreenshot(page, 'link-rule-to-flag');

  // Away from the rules: nothing stays lit.
  await page.mouse.move(5, 5);
  await expect(decorated).toHaveCount(0);
  await expect(tip).toHaveCount(0);
});

test('a flag under the cursor lights up the rules it produced', async ({ page }) => {
  await openApp(page);
  await selectInEditor(page, '-u');
  const linked = rulesPanel(page).locator('.line.linked');
  await expect(linked.first()).toBeVisible();
  await expect(linked.filter({ hasText: '--uid-owner 1337' }).first()).toBeVisible();
  // Every lit line is an -A rule.
  for (const text of await linked.allTextContents()) expect(text.startsWith('-A ')).toBe(true);
  // …and their rows in the chain graph.
  await expect(page.locator('[data-chain="nat/ISTIO_OUTPUT"] .linked').first()).toBeVisible();
  await saveScreenshot(page, 'link-flag-to-rule');

  // The mouse over another flag wins over the cursor.
  const z = monacoEditor(page).locator('.view-line span', { hasText: /^-z$/ }).first();
  if ((await z.count()) > 0) {
    await z.hover();
    await expect(linked.filter({ hasText: '--to-ports 15006' }).first()).toBeVisible();
  }
});
