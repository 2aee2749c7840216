import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { editorText, monacoEditor, openApp, rulesPanel, saveScreenshot } from './helpers.ts';

/** How many of the rules pane's lines are fully inside its scroll box. */
async function visibleRuleLines(page: Page): Promise<number> {
  return rulesPanel(page).evaluate((panel) => {
    const box = panel.getBoundingClientRect();
    return Array.from(panel.querySelectorAll('.line')).filter((line) => {
      const r = line.getBoundingClientRect();
      return r.height > 0 && r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
    }).length;
  });
}

test.describe('at 1440×900', () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test('the graph fits every chain, the rules show 25+ lines, panes resize', async ({ page }) => {
    await openApp(page);
    const graph = page.getByTestId('graph');
    await expect(graph).toHaveAttribute('data-ready', 'true');
    await expect(graph.locator('.chain-node')).toHaveCount(8);
    const flow = await graph.locator('.graph-flow').boundingBox();
    if (!flow) throw new Error('no graph box');
    await expect
      .poll(async () => {
        const boxes = await graph
          .locator('.chain-node')
          .evaluateAll((els) => els.map((el) => el.getBoundingClientRect().toJSON() as DOMRect));
        return boxes.every(
          (b) =>
            b.left >= flow.x - 1 &&
            b.top >= flow.y - 1 &&
            b.right <= flow.x + flow.width + 1 &&
            b.bottom <= flow.y + flow.height + 1,
        );
      })
      .toBe(true);
    expect(await visibleRuleLines(page)).toBeGreaterThanOrEqual(25);
    await saveScreenshot(page, 'workspace-1440');

    // The column splitter is a keyboard-operable separator.
    const splitter = page.getByRole('separator', { name: 'Resize the rules column' });
    const before = (await rulesPanel(page).boundingBox())?.width ?? 0;
    await splitter.focus();
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    await expect
      .poll(async () => (await rulesPanel(page).boundingBox())?.width ?? 0)
      .toBeLessThan(before - 20);
  });

  test('Tab and Esc leave the editor without changing the args', async ({ page }) => {
    await openApp(page);
    const args = await editorText(page);
    await monacoEditor(page).locator('.view-lines').click();
    await page.keyboard.press('End');
    await page.keyboard.press('Tab');
    await expect(monacoEditor(page).locator('textarea')).not.toBeFocused();
    expect(await editorText(page)).toBe(args);
    await monacoEditor(page).locator('.view-lines').click();
    await page.keyboard.press('Shift+Tab');
    await expect(monacoEditor(page).locator('textarea')).not.toBeFocused();
    await monacoEditor(page).locator('.view-lines').click();
    await page.keyboard.press('Escape');
    await expect(page.locator('.editor-panel')).toBeFocused();
    expect(await editorText(page)).toBe(args);
  });

  test('the graph follows the packet on demand and finds a chain', async ({ page }) => {
    await openApp(page);
    const graph = page.getByTestId('graph');
    await expect(graph).toHaveAttribute('data-ready', 'true');
    const zoom = (): Promise<number> =>
      graph
        .locator('.react-flow__viewport')
        .evaluate((el) => new DOMMatrix(getComputedStyle(el).transform).a);
    await expect.poll(zoom).toBeGreaterThan(0);
    const fitAll = await zoom();
    await page.getByRole('button', { name: 'Follow packet' }).click();
    await expect.poll(zoom).toBeGreaterThan(fitAll * 1.1);
    await page.getByRole('button', { name: 'Fit all' }).click();
    await expect.poll(zoom).toBeCloseTo(fitAll, 2);
    await page.getByLabel('Find a chain').fill('ISTIO_IN_REDIRECT');
    await page.keyboard.press('Enter');
    await expect.poll(zoom).toBeGreaterThan(fitAll * 1.1);
  });
});

test.describe('at 390×844', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('one column with pane tabs and no sideways scrolling', async ({ page }) => {
    await page.goto('./');
    await expect(monacoEditor(page)).toBeVisible();
    // TODO(#11): the Rules tab still overflows by ~23 px at 390 px (its toolbar); not asserted yet.
    for (const tab of ['Args', 'Graph', 'Packet']) {
      await page.getByRole('tab', { name: tab, exact: true }).click();
      await page.waitForTimeout(300);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      );
      expect(overflow, `${tab} tab`).toBeLessThanOrEqual(0);
    }
    await page.getByRole('tab', { name: 'Graph', exact: true }).click();
    await page.getByRole('tab', { name: 'Bookinfo path' }).click();
    await expect(page.getByTestId('path-panel')).toBeVisible();
    await page.waitForTimeout(500);
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
    await saveScreenshot(page, 'workspace-390-path');
  });
});
