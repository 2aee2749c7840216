import { expect, test } from '@playwright/test';
import { installKeystrokeProbe, measureKeystrokes, openApp, saveScreenshot } from './helpers.ts';

test.use({ viewport: { width: 1440, height: 900 } });

test('every typical packet gets a verdict; composing one and reading its steps', async ({
  page,
}) => {
  await openApp(page);
  const expected: Record<string, RegExp> = {
    'app-to-service': /^REDIRECT:15001$/,
    'envoy-upstream': /^ACCEPT$/,
    'health-probe': /^ACCEPT$/,
    'inbound-app': /^REDIRECT:15006$/,
    dns: /^ACCEPT$/,
  };
  for (const [id, verdict] of Object.entries(expected)) {
    await page.getByTestId('packet-preset').selectOption(id);
    await expect(page.getByTestId('verdict')).toHaveText(verdict);
  }

  // 127.0.0.6 → pod IP: Envoy's inbound passthrough goes out and back in through lo.
  await page.getByTestId('packet-preset').selectOption('inbound-passthrough');
  await expect(page.getByTestId('steps')).toContainText('back in through lo');
  await expect(page.getByTestId('matched')).toContainText('nat/ISTIO_OUTPUT#1');

  // Composed by hand: the app's uid becomes Envoy's, and the redirect goes away.
  await page.getByTestId('packet-preset').selectOption('app-to-service');
  await page.getByLabel('UID', { exact: true }).fill('1337');
  await expect(page.getByTestId('packet-preset')).toHaveValue('custom');
  await expect(page.getByTestId('verdict')).toHaveText('ACCEPT');
  await page.getByLabel('Destination').fill('not-an-ip');
  await expect(page.getByTestId('packet-problems')).toContainText('not an IP address');
  await page.getByLabel('Destination').fill('10.96.0.20');
  await expect(page.getByTestId('verdict')).toHaveText('ACCEPT');
  await saveScreenshot(page, 'workbench');
});

test('the batch view lists all typical packets with iptables -L -v style counters', async ({
  page,
}) => {
  await openApp(page);
  await page.getByRole('radio', { name: 'All typical packets' }).click();
  const rows = page.getByTestId('batch-table').locator('tbody tr');
  await expect(rows).toHaveCount(8);
  await expect(rows.filter({ hasText: 'health probe' })).toContainText('ACCEPT');
  await expect(rows.filter({ hasText: 'inbound → app port' })).toContainText('REDIRECT:15006');
  const counter = page
    .getByTestId('batch-counters')
    .locator('[data-counter="nat/ISTIO_IN_REDIRECT#1"] td')
    .first();
  await expect(counter).toHaveText(/^[1-9]\d*$/);
  await saveScreenshot(page, 'workbench-batch');
});

test('every keystroke updates every visible view (rules, graph, trace), and none freezes the page', async ({
  page,
}) => {
  await openApp(page);
  await expect(page.getByTestId('graph')).toHaveAttribute('data-ready', 'true');
  await installKeystrokeProbe(page, { rules: true, graph: true, path: false });
  const stats = await measureKeystrokes(page, '15006', [
    '15007',
    '15008',
    '15009',
    '15010',
    '15011',
  ]);
  console.log(
    `keystroke → rules + graph + trace updated: n=${stats.n} median ${stats.median.toFixed(1)} ms, p95 ${stats.p95.toFixed(1)} ms, max ${stats.max.toFixed(1)} ms`,
  );
  expect(stats.n).toBe(25);
  // The p95 budget (50 ms) is `npm run bench`'s (bench/ui/keystroke.spec.ts, a quiet machine);
  // here, on a machine shared with other jobs, only a frozen page fails.
  expect(stats.max).toBeLessThan(2000);
});
