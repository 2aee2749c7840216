import { expect, test } from '@playwright/test';
import { editorText, openApp, rulesPanel, saveScreenshot, selectInEditor } from './helpers.ts';

test('the Share button copies a link that reopens the same state', async ({
  page,
  context,
  browser,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openApp(page);
  await selectInEditor(page, '15006');
  await page.keyboard.type('15009');
  await page.getByLabel('Istio version').selectOption('1.11');
  await page.getByRole('checkbox', { name: 'IPv6 pod' }).check();
  await expect(rulesPanel(page)).toContainText('--to-ports 15009');

  await page.getByRole('button', { name: 'Share' }).click();
  await expect(page.getByTestId('share-popover').getByRole('status')).toHaveText('Link copied.');
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toMatch(/#s=/);
  expect(await page.getByTestId('share-link').inputValue()).toBe(link);
  await saveScreenshot(page, 'share');
  // Esc closes the popover and the focus goes back to the button.
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('share-popover')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Share' })).toBeFocused();

  const other = await browser.newPage();
  await other.goto(link);
  await expect(other.getByTestId('rules')).toContainText('--to-ports 15009');
  await expect(
    other.getByTestId('rules').getByRole('heading', { name: 'ip6tables-save' }),
  ).toBeVisible();
  await expect(other.getByLabel('Istio version')).toHaveValue('1.11');
  await expect(other.getByRole('checkbox', { name: 'IPv6 pod' })).toBeChecked();
  await other.close();
  expect(await editorText(page)).toContain('15009');
});

test('a garbage permalink opens the defaults with a notice', async ({ page }) => {
  await page.goto('./#s=this-is-not-a-state');
  await expect(page.getByRole('alert')).toContainText('could not be opened');
  await expect(rulesPanel(page)).toContainText(
    '-A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15006',
  );
});

test('the Embed button makes an iframe snippet for the current state and view', async ({
  page,
}) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Embed' }).click();
  const dialog = page.getByRole('dialog', { name: 'Embed in a page' });
  await dialog.getByLabel('View').selectOption({ label: 'chain graph' });
  const snippet = await page.getByTestId('embed-snippet').inputValue();
  expect(snippet).toMatch(
    /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/\?embed=graph&amp;readonly=1#s=[^"]+" title="[^"]+" width="100%" height="480"/,
  );
  await dialog.getByRole('checkbox', { name: 'Read-only' }).uncheck();
  expect(await page.getByTestId('embed-snippet').inputValue()).not.toContain('readonly=1');
  await saveScreenshot(page, 'embed-dialog');

  // The snippet's URL opens that view.
  const src = /src="([^"]+)"/.exec(snippet)?.[1]?.replaceAll('&amp;', '&') ?? '';
  await page.goto(src);
  await expect(page.locator('[data-embed-view="graph"]')).toBeVisible();
  await expect(page.locator('.graph-panel')).toBeVisible();
});

test('comfort: every control has a name, keyboard reaches Share/Embed/Diff, Esc closes, 768 px dark layout', async ({
  page,
}) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.setViewportSize({ width: 768, height: 1000 });
  await openApp(page);
  await page.getByRole('button', { name: 'Diff', exact: true }).click();
  await page.getByRole('button', { name: 'Embed' }).click();

  // Role queries: every control of these roles must have a non-empty accessible name.
  for (const role of [
    'button',
    'combobox',
    'checkbox',
    'textbox',
    'spinbutton',
    'tab',
    'link',
  ] as const) {
    const all = await page.getByRole(role).count();
    const named = await page.getByRole(role, { name: /\S/ }).count();
    expect(named, `${role}: ${named} of ${all} named`).toBe(all);
  }
  // Esc closes the popover and gives the focus back.
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Embed' })).toBeFocused();

  // Keyboard only: Tab from the top reaches Share, with a visible focus ring; Enter opens it.
  // (Start at the first header control: inside the editor Tab indents, as in any code editor.)
  await page.getByRole('combobox', { name: 'Load a preset' }).focus();
  let reached = false;
  for (let i = 0; i < 20 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page
      .getByRole('button', { name: 'Share' })
      .evaluate((el) => el === document.activeElement);
  }
  expect(reached).toBe(true);
  const outline = await page
    .getByRole('button', { name: 'Share' })
    .evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).not.toBe('none');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: 'Link to this state' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);

  // 768 px: no horizontal scrolling, the diff panel fits.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);
  await page
    .getByTestId('diff-view')
    .or(page.getByTestId('diff-empty'))
    .first()
    .scrollIntoViewIfNeeded();
  await saveScreenshot(page, 'comfort-768-dark');
});
