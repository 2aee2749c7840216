import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { monacoEditor, openApp, rulesPanel, rulesText, saveScreenshot } from './helpers.ts';

test.use({ viewport: { width: 1440, height: 900 } });

const backend = (page: Page) => page.getByTestId('backend');
const graphChain = (page: Page, id: string) => page.locator(`[data-chain="${id}"]`);

/** `nft list ruleset` as a pod with Istio's --native-nftables prints it (counters running). */
const LISTED = `table inet istio-proxy-nat {
	chain prerouting {
		type nat hook prerouting priority dstnat; policy accept;
		meta l4proto tcp counter packets 12 bytes 720 jump istio-inbound
	}

	chain output {
		type nat hook output priority -100; policy accept;
		counter packets 40 bytes 2400 jump istio-output
	}

	chain istio-inbound {
		tcp dport 15008 counter packets 0 bytes 0 return
		meta l4proto tcp counter packets 12 bytes 720 jump istio-in-redirect
	}

	chain istio-redirect {
		meta l4proto tcp counter packets 9 bytes 540 redirect to :15001
	}

	chain istio-in-redirect {
		meta l4proto tcp counter packets 12 bytes 720 redirect to :15006
	}

	chain istio-output {
		oifname "lo" ip saddr 127.0.0.6 counter packets 0 bytes 0 return
		oifname "lo" ip daddr != 127.0.0.1 tcp dport != 15008 meta skuid 1337 counter packets 0 bytes 0 jump istio-in-redirect
		oifname "lo" meta skuid != 1337 counter packets 0 bytes 0 return
		meta skuid 1337 counter packets 31 bytes 1860 return
		ip daddr 127.0.0.1 counter packets 0 bytes 0 return
		counter packets 9 bytes 540 jump istio-redirect
	}
}
`;

test.beforeEach(async ({ context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
});

test('switching to nftables updates the rules pane, the graph and the workbench, and back', async ({
  page,
}) => {
  await openApp(page);
  await expect(graphChain(page, 'nat/ISTIO_OUTPUT')).toBeVisible();
  await backend(page).selectOption('nftables');

  // Rules pane: `nft list ruleset`, then the script Istio pipes to `nft -f -`.
  await expect(page.getByRole('tab', { name: 'nft list ruleset' })).toBeVisible();
  await expect(rulesPanel(page)).toContainText('table inet istio-proxy-nat');
  expect(await rulesText(page)).toContain('redirect to :15001');
  await page.getByRole('tab', { name: 'dry-run' }).click();
  await expect(rulesPanel(page)).toContainText('istio-iptables --native-nftables --dry-run');
  expect(await rulesText(page)).toContain('add chain inet istio-proxy-nat output');
  await page.getByRole('tab', { name: 'nft list ruleset' }).click();
  // Each nft rule is linked to the flags it came from (the same origins as iptables' rules).
  await rulesPanel(page)
    .locator(
      '[data-testid="block-save-nft"] .line[data-rule="inet/istio-proxy-nat/istio-redirect#1"]',
    )
    .hover();
  await expect(page.getByTestId('rule-origin')).toContainText('--envoy-port');

  // Graph: nft base chains with hook and priority, regular chains under them.
  const output = graphChain(page, 'inet/istio-proxy-nat/output');
  await expect(output).toBeVisible();
  await expect(output.locator('.chain-hook')).toHaveText('output -100');
  await expect(graphChain(page, 'inet/istio-proxy-nat/istio-output')).toBeVisible();
  await expect(graphChain(page, 'nat/ISTIO_OUTPUT')).toHaveCount(0);

  // Workbench: the app's call is redirected by the nft rules, steps name nft rule refs.
  await expect(page.getByTestId('verdict')).toHaveText(/REDIRECT:15001/);
  await expect(page.getByTestId('steps')).toContainText(
    'inet/istio-proxy-nat/istio-redirect #1 meta l4proto tcp counter packets 0 bytes 0 redirect to :15001',
  );
  await expect(output).toHaveClass(/visited/);
  await saveScreenshot(page, 'nftables');

  // A permalink keeps the backend.
  await page.waitForTimeout(500);
  await page.reload();
  await expect(backend(page)).toHaveValue('nftables');
  await expect(rulesPanel(page)).toContainText('table inet istio-proxy-nat');

  // Istio 1.26 has no nftables backend: a refusal, the last good nft rules stay (dimmed).
  await page.getByLabel('Istio version').selectOption('1.26');
  await expect(page.getByTestId('diagnostics')).toContainText('--native-nftables');
  await expect(page.getByTestId('stale-banner')).toBeVisible();
  await expect(rulesPanel(page)).toContainText('table inet istio-proxy-nat');
  await page.getByLabel('Istio version').selectOption('latest');
  await expect(page.getByTestId('stale-banner')).toHaveCount(0);

  // And back to iptables: every view follows.
  await backend(page).selectOption('iptables');
  await expect(page.getByRole('tab', { name: 'iptables-save' })).toBeVisible();
  await expect(rulesPanel(page)).toContainText('-A ISTIO_OUTPUT');
  expect(await rulesText(page)).not.toContain('table inet');
  await expect(graphChain(page, 'nat/ISTIO_OUTPUT')).toBeVisible();
  await expect(graphChain(page, 'inet/istio-proxy-nat/output')).toHaveCount(0);
  await expect(page.getByTestId('verdict')).toHaveText(/REDIRECT:15001/);
  await expect(page.getByTestId('steps')).toContainText('nat/ISTIO_REDIRECT #1 -j REDIRECT');
});

test('a pasted nft list ruleset drives the rules pane, the graph and the workbench', async ({
  page,
}) => {
  await openApp(page);
  await page.getByTestId('input-mode').getByRole('radio', { name: 'iptables-save' }).click();
  await page.evaluate((t) => navigator.clipboard.writeText(t), LISTED);
  await monacoEditor(page).locator('.view-lines').click();
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Control+v');

  await expect(page.getByTestId('source-kind')).toHaveText(
    'nftables · 1 tables · 6 chains · 12 rules',
  );
  await expect(rulesPanel(page)).toContainText('chain istio-output {');
  // The nft -f tab holds the text as pasted.
  await page.getByRole('tab', { name: 'nft -f input' }).click();
  await expect(rulesPanel(page)).toContainText(
    'meta skuid 1337 counter packets 31 bytes 1860 return',
  );
  await expect(graphChain(page, 'inet/istio-proxy-nat/prerouting')).toBeVisible();
  await expect(page.getByTestId('verdict')).toHaveText(/REDIRECT:15001/);
  const steps = page.getByTestId('steps');
  await expect(steps).toContainText('inet/istio-proxy-nat/output #1 counter');
  await expect(steps).toContainText('inet/istio-proxy-nat/istio-output #6 counter');
  await expect(steps).toContainText('inet/istio-proxy-nat/istio-redirect #1 meta l4proto tcp');

  // Envoy's own traffic (uid 1337) returns in istio-output's fourth rule.
  await page.getByLabel('UID', { exact: true }).fill('1337');
  await expect(page.getByTestId('verdict')).not.toHaveText(/REDIRECT/);
  await expect(steps).toContainText('inet/istio-proxy-nat/istio-output #4 meta skuid 1337');
});
