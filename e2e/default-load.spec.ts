import { expect, test } from '@playwright/test';
import { monacoEditor, openApp, rulesPanel, rulesText, saveScreenshot } from './helpers.ts';

test('default load shows the latest profile’s iptables-save and a clean problems list', async ({
  page,
}) => {
  await openApp(page);
  const save = rulesPanel(page).getByTestId('block-save-ipv4');
  await expect(save.getByRole('heading', { name: 'iptables-save' })).toBeVisible();
  const text = await rulesText(page);
  for (const line of [
    '*nat',
    '-A PREROUTING -p tcp -j ISTIO_INBOUND',
    '-A ISTIO_INBOUND -p tcp -m tcp --dport 15090 -j RETURN',
    '-A ISTIO_INBOUND -p tcp -j ISTIO_IN_REDIRECT',
    '-A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15006',
    '-A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001',
    'COMMIT',
  ]) {
    expect(text).toContain(line);
  }
  await expect(page.getByRole('tab', { name: 'iptables-save' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expect(page.getByTestId('diagnostics-count')).toHaveText('0');
  await expect(rulesPanel(page)).toHaveAttribute('data-stale', 'false');
  await expect(page.getByTestId('source-kind')).toHaveText('read as command line');
  await expect(monacoEditor(page)).toContainText('-z 15006');
  await saveScreenshot(page, 'default-load');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(monacoEditor(page)).toHaveClass(/vs-dark/);
  await saveScreenshot(page, 'default-load-dark');
});

test('the textarea carries the page when the Monaco chunk cannot load', async ({ page }) => {
  await page.route(/monaco[^/]*\.js$/, (route) => route.abort());
  await page.goto('./');
  const textarea = page.getByTestId('args-textarea');
  await expect(textarea).toBeVisible();
  await expect(rulesPanel(page)).toContainText('--to-ports 15006');
  const value = await textarea.inputValue();
  await textarea.fill(value.replace('-z 15006', '-z 15010'));
  await expect(rulesPanel(page)).toContainText(
    '-A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15010',
    { timeout: 1000 },
  );
  await expect(page.getByTestId('monaco-editor')).toHaveCount(0);
  await saveScreenshot(page, 'textarea-fallback');
});
