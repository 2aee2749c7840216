import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { AMBIENT_STEPS } from '../src/ui/tutorial/lessons/ambient/steps.ts';
import {
  editorTextSquashed,
  monacoEditor,
  openApp,
  rulesPanel,
  rulesText,
  saveScreenshot,
  squash,
} from './helpers.ts';

type Lang = 'en' | 'zh';

const dataplane = (page: Page) => page.getByTestId('dataplane');
const graphChain = (page: Page, id: string) => page.locator(`[data-chain="${id}"]`);

/** Replaces the first `from` in the editor's (multi-line) text by typing `to`. */
async function replaceInEditor(page: Page, text: string, from: string, to: string): Promise<void> {
  const offset = text.indexOf(from);
  if (offset < 0) throw new Error(`"${from}" is not in "${text}"`);
  await monacoEditor(page).locator('.view-lines').click();
  await page.keyboard.press('Control+Home');
  for (let i = 0; i < offset; i++) await page.keyboard.press('ArrowRight');
  for (let i = 0; i < from.length; i++) await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.type(to);
  await page.keyboard.press('Escape');
  await expect.poll(() => editorTextSquashed(page)).toContain(squash(to));
}

test.describe('the data-plane switch', () => {
  test.use({ viewport: { width: 1440, height: 900 } });
  test('ambient: rules pane, graph and workbench show the in-pod rules, and back', async ({
    page,
  }) => {
    await openApp(page);
    await expect(graphChain(page, 'nat/ISTIO_INBOUND')).toBeVisible();
    const sidecarArgs = await editorTextSquashed(page);

    await dataplane(page).selectOption('ambient');
    await expect(rulesPanel(page)).toContainText('-j REDIRECT --to-ports 15001');
    const rules = await rulesText(page);
    expect(rules).toContain(
      '! --dport 15008 -m mark ! --mark 0x539/0xfff -j REDIRECT --to-ports 15006',
    );
    expect(rules).toContain('-j CONNMARK --set-xmark 0x111/0xfff');
    expect(rules).toContain('-m connmark --mark 0x111/0xfff -j CONNMARK --restore-mark');
    expect(rules).not.toContain('ISTIO_INBOUND');
    await expect(page.getByTestId('pod-setup')).toContainText('fwmark 0x111/0xfff');
    // The graph: ambient's chains, not the sidecar's.
    await expect(graphChain(page, 'nat/ISTIO_PRERT')).toBeVisible();
    await expect(graphChain(page, 'mangle/ISTIO_PRERT')).toBeVisible();
    await expect(graphChain(page, 'nat/ISTIO_INBOUND')).toHaveCount(0);
    // The workbench: the app's call ends at ztunnel's outbound port through ISTIO_OUTPUT's last rule.
    await expect(page.getByTestId('verdict')).toHaveText(/REDIRECT:15001/);
    await expect(page.getByTestId('steps')).toContainText('ISTIO_OUTPUT');
    await page.getByTestId('packet-preset').selectOption('inbound-app');
    await expect(page.getByTestId('verdict')).toHaveText(/REDIRECT:15006/);
    await expect(page.getByTestId('source-kind')).toHaveText('');
    await expect.poll(() => editorTextSquashed(page)).toContain('AMBIENT_DNS_CAPTURE:"false"');
    await saveScreenshot(page, 'ambient-1440');

    // On demand: the node's rules.
    await page.getByTestId('ambient-scope').getByRole('radio', { name: /node/ }).click();
    await expect(rulesPanel(page)).toContainText('-j SNAT --to-source 169.254.7.127');
    await expect(graphChain(page, 'nat/ISTIO_POSTRT')).toBeVisible();
    await page.getByTestId('ambient-scope').getByRole('radio', { name: /pod/ }).click();
    await expect(rulesPanel(page)).toContainText('--to-ports 15006');

    // A bad value: located, the last good rules stay (dimmed).
    const text = 'AMBIENT_DNS_CAPTURE: "false"';
    await replaceInEditor(
      page,
      `# istio-cni node agent (istio-cni-node DaemonSet env)\n${text}`,
      'false',
      'maybe',
    );
    await expect(page.getByTestId('stale-banner')).toBeVisible();
    await expect(rulesPanel(page)).toContainText('--to-ports 15006');
    await expect(monacoEditor(page).locator('.squiggly-error')).toHaveCount(1);

    // Back to the sidecar: its own args and rules; then ambient again keeps the edit.
    await dataplane(page).selectOption('sidecar');
    await expect(rulesPanel(page)).toContainText('-A ISTIO_INBOUND');
    await expect(graphChain(page, 'nat/ISTIO_INBOUND')).toBeVisible();
    await expect.poll(() => editorTextSquashed(page)).toBe(sidecarArgs);
    await dataplane(page).selectOption('ambient');
    await expect.poll(() => editorTextSquashed(page)).toContain('AMBIENT_DNS_CAPTURE:"maybe"');
  });

  test('the permalink keeps the data plane; the Bookinfo view plays the ambient path', async ({
    page,
  }) => {
    await openApp(page);
    await dataplane(page).selectOption('ambient');
    await expect(rulesPanel(page)).toContainText('--to-ports 15006');
    await expect(page).toHaveURL(/#s=/);
    await page.reload();
    await expect(dataplane(page)).toHaveValue('ambient');
    await expect(rulesPanel(page)).toContainText('--to-ports 15006');

    await page.getByTestId('view-tab-path').click();
    const body = page.getByTestId('path-body');
    await expect(body.locator('.path-step.kind-ztunnel').first()).toBeVisible();
    await expect(body.locator('.path-step.kind-envoy-listener')).toHaveCount(1); // the gateway only
    await expect(page.getByTestId('path-diagram').locator('[data-id="waypoint"]')).toHaveCount(0);
    const table = page.getByTestId('plane-comparison');
    await expect(table.locator('[data-row="compare.ports"] td').nth(0)).toHaveText('15001, 15006');
    await expect(table.locator('[data-row="compare.ports"] td').nth(1)).toHaveText('15001, 15008');
    await expect(table.locator('[data-row="compare.l7"] td').nth(1)).toHaveText(
      'istio-ingressgateway',
    );

    // A waypoint for reviews: its box, its steps, and L7 now happens there.
    await page.getByTestId('waypoints').getByRole('checkbox', { name: 'reviews' }).check();
    await expect(page.getByTestId('path-diagram').locator('[data-id="waypoint"]')).toBeVisible();
    await expect(body.locator('.path-step.kind-waypoint').first()).toBeVisible();
    await expect(table.locator('[data-row="compare.l7"] td').nth(1)).toHaveText(
      'istio-ingressgateway, waypoint',
    );
    await saveScreenshot(page, 'ambient-path-1440');

    await page.getByTestId('language-select').selectOption('zh');
    await expect(body.locator('.path-step.kind-ztunnel').first()).toContainText('网络命名空间');
    await expect(table.locator('caption')).toHaveText('同一个请求：Sidecar 与 ambient 对比');
  });

  test('sidecar via CNI plugin: the plugin’s rules, from the annotations', async ({ page }) => {
    await openApp(page);
    await page.locator('select').filter({ hasText: 'Presets' }).selectOption('cni-tproxy');
    await expect(dataplane(page)).toHaveValue('cni');
    await expect(rulesPanel(page)).toContainText('-j TPROXY');
    // The plugin's inbound exclusions, in its own order (istio-init: 15090,15021,15020).
    const rules = await rulesText(page);
    expect(rules.indexOf('--dport 15020 -j RETURN')).toBeLessThan(
      rules.indexOf('--dport 15090 -j RETURN'),
    );
    await expect(graphChain(page, 'mangle/ISTIO_TPROXY')).toBeVisible();
    // Under the rules: the argv the plugin runs, and where it differs from istio-init.
    await expect(page.getByTestId('cni-argv')).toContainText('--cni-mode');
    await expect(page.getByTestId('cni-facts')).toContainText('-d 15090,15021,15020');
    await replaceInEditor(
      page,
      "# the pod's annotations\nsidecar.istio.io/interceptionMode: TPROXY\n",
      'TPROXY',
      'REDIRECT',
    );
    await expect(rulesPanel(page)).not.toContainText('-j TPROXY');
    await expect(rulesPanel(page)).toContainText('-A ISTIO_INBOUND');
  });
});

test.describe('at 390 px', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('the ambient mode fits', async ({ page }) => {
    await page.goto('./');
    await expect(monacoEditor(page)).toBeVisible();
    await dataplane(page).selectOption('ambient');
    await page.getByRole('tab', { name: 'Rules', exact: true }).click();
    await expect(rulesPanel(page)).toContainText('--to-ports 15006');
    await page.getByRole('tab', { name: 'Args', exact: true }).click();
    await expect(page.getByTestId('ambient-scope')).toBeVisible();
    await saveScreenshot(page, 'ambient-390');
  });
});

// How the reader solves each exercise through the UI (keyed by step id).
const AMBIENT_TEXT = AMBIENT_STEPS[0]?.state.pod?.text ?? '';
const SOLVE: Readonly<Record<string, (page: Page) => Promise<void>>> = {
  waypoint: (page) =>
    page.getByTestId('waypoints').getByRole('checkbox', { name: 'reviews' }).check(),
  inbound: (page) => replaceInEditor(page, AMBIENT_TEXT, 'capture: "false"', 'capture: "true"'),
  dns: (page) => replaceInEditor(page, AMBIENT_TEXT, 'CAPTURE: "false"', 'CAPTURE: "true"'),
  probes: (page) => replaceInEditor(page, AMBIENT_TEXT, '169.254.7.127', '169.254.7.1'),
  'cni-plugin': (page) =>
    replaceInEditor(page, AMBIENT_STEPS.at(-1)?.state.pod?.text ?? '', 'REDIRECT', 'TPROXY'),
};

async function walkAmbient(page: Page, lang: Lang): Promise<void> {
  const panel = page.getByTestId('tutorial-panel');
  await page.getByTestId('tutorial-open').click();
  await panel.getByTestId('tutorial-lesson').selectOption('ambient');
  for (const [i, step] of AMBIENT_STEPS.entries()) {
    await expect(panel).toHaveAttribute('data-step', step.id);
    await expect(page).toHaveURL(new RegExp(`[?&]tutorial=ambient%2F${step.id}`));
    await expect(dataplane(page)).toHaveValue(step.state.pod?.plane ?? 'sidecar');
    if (step.exercise) {
      const result = panel.getByTestId('tutorial-result');
      await panel.getByTestId('tutorial-check').click();
      await expect(result).toHaveClass(/failed/);
      await expect(panel.getByTestId('tutorial-hint')).toContainText(
        step.exercise.hint[lang].replace(/`/g, ''),
      );
      const solve = SOLVE[step.id];
      if (!solve) throw new Error(`no way to solve ${step.id} in this spec`);
      await solve(page);
      await panel.getByTestId('tutorial-check').click();
      await expect(result).toHaveClass(/passed/);
    }
    if (i + 1 < AMBIENT_STEPS.length) await panel.getByTestId('tutorial-next').click();
  }
  await panel.getByTestId('tutorial-toc').click();
  await expect(panel.getByTestId('tutorial-steps').getByText('✓')).toHaveCount(
    AMBIENT_STEPS.filter((s) => s.exercise).length,
  );
  await saveScreenshot(page, `tutorial-ambient-${lang}-done`);
}

test.describe('the ambient tutorial chapter', () => {
  test.describe.configure({ timeout: 120_000 });
  test.use({ viewport: { width: 1600, height: 900 } });

  test('walks in English', async ({ page }) => {
    await openApp(page);
    await walkAmbient(page, 'en');
  });

  test('walks in Chinese', async ({ page }) => {
    await openApp(page);
    await page.getByTestId('language-select').selectOption('zh');
    await walkAmbient(page, 'zh');
  });
});
