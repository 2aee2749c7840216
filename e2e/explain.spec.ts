import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { monacoEditor, openApp, rulesPanel, saveScreenshot } from './helpers.ts';

test.use({ viewport: { width: 1440, height: 900 } });

const ARGS = "-p 15001 -z 15006 -u 1337 -m REDIRECT -i '*' -x '' -b '*' -d 15090,15021,15020";

/** Replaces the editor's text (select all, paste-like insert). */
async function setArgs(page: Page, args: string): Promise<void> {
  await monacoEditor(page).locator('.view-lines').click();
  await page.keyboard.press('Control+a');
  await page.keyboard.insertText(args);
}

async function setProxyUid1000(page: Page): Promise<void> {
  await setArgs(page, ARGS.replace('-u 1337', '-u 1000'));
}

const TEXT = {
  en: {
    loop: "Envoy's own connections are captured again: redirect loop",
    escape: "The app's traffic escapes capture",
    fix: 'Fix: set --proxy-uid to 1337',
    bookinfo: '200 — 2 upstream calls failed (503)',
    bypass: 'This packet does not go through Envoy',
    error: 'error',
  },
  zh: {
    loop: 'Envoy 自己的连接又被拦截：重定向循环',
    escape: '应用流量逃过了拦截',
    fix: '修复：把 --proxy-uid 设为 1337',
    bookinfo: '200 — 2 个上游调用失败（503）',
    bypass: '这个数据包没有经过 Envoy',
    error: '错误',
  },
} as const;

for (const lang of ['en', 'zh'] as const) {
  test(`-u 1000: the main view names the redirect loop, the escaping app and the failed calls (${lang})`, async ({
    page,
  }) => {
    const text = TEXT[lang];
    await openApp(page);
    if (lang === 'zh') await page.getByTestId('language-select').selectOption('zh');
    await expect(page.getByTestId('consequences')).toHaveCount(0);
    await setProxyUid1000(page);

    const consequences = page.getByTestId('consequences');
    const loop = consequences.locator('[data-code="redirect-loop"]');
    await expect(loop).toContainText(text.loop);
    await expect(loop).toContainText(text.error);
    await expect(loop).toContainText(text.fix);
    await expect(loop.locator('[data-rule-link="nat/ISTIO_OUTPUT#4"]').first()).toBeVisible();
    await expect(loop.locator('[data-flag-link="proxy-uid"]').first()).toBeVisible();
    const escape = consequences.locator('[data-code="sidecar-bypass"]');
    await expect(escape).toContainText(text.escape);
    await expect(escape.locator('[data-rule-link="nat/ISTIO_OUTPUT#4"]').first()).toBeVisible();

    await expect(page.getByTestId('bookinfo-summary')).toHaveText(text.bookinfo);
    await expect(page.getByTestId('verdict-note')).toContainText(text.bypass);
    await saveScreenshot(page, `consequences-${lang}`);

    // Back to Envoy's uid: the findings go away.
    await setArgs(page, ARGS);
    await expect(consequences).toHaveCount(0);
    await expect(page.getByTestId('bookinfo-summary')).toHaveText('200');
  });
}

test('links in a consequence lead to the rule and the flag, both ways', async ({ page }) => {
  await openApp(page);
  await setProxyUid1000(page);
  const loop = page.getByTestId('consequences').locator('[data-code="redirect-loop"]');

  // rule link → flag in the editor (hover) and the rule line (click)
  const ruleLink = loop.locator('[data-rule-link="nat/ISTIO_OUTPUT#4"]').first();
  await ruleLink.hover();
  await expect(monacoEditor(page).locator('.flag-linked').first()).toHaveText('-u');
  await ruleLink.click();
  await expect(
    rulesPanel(page).locator('.line.selected[data-rule="nat/ISTIO_OUTPUT#4"]').first(),
  ).toBeVisible();

  // flag link → the rules that flag produced
  await loop.locator('[data-flag-link="proxy-uid"]').first().hover();
  const linked = rulesPanel(page).locator('.line.linked');
  await expect(linked.filter({ hasText: '--uid-owner 1000' }).first()).toBeVisible();
});

test('-d with 9080 and -z 15008 are named with their fix', async ({ page }) => {
  await openApp(page);
  await setArgs(page, `${ARGS},9080`);
  const bypass = page.getByTestId('consequences').locator('[data-code="sidecar-bypass"]');
  await expect(bypass).toContainText('Inbound traffic to port 9080 bypasses the sidecar');
  await expect(
    bypass.locator('[data-flag-link="istio-local-exclude-ports"]').first(),
  ).toBeVisible();

  await setArgs(page, ARGS.replace('-z 15006', '-z 15008'));
  const noListener = page.getByTestId('consequences').locator('[data-code="no-listener"]');
  await expect(noListener).toContainText('callers get 503');
  await expect(noListener).toContainText('Fix: set --inbound-capture-port to 15006');
});

test.describe('a Chinese reader', () => {
  test.use({ locale: 'zh-CN' });

  test("sees Monaco's and React Flow's own controls in Chinese", async ({ page }) => {
    await openApp(page);
    await monacoEditor(page).locator('.view-lines').click();
    await page.keyboard.press('Control+f');
    await expect(page.locator('.find-widget textarea, .find-widget input').first()).toHaveAttribute(
      'aria-label',
      '查找',
    );
    await expect(page.getByRole('button', { name: '放大' })).toBeVisible();
    await expect(page.getByRole('button', { name: '显示全部' })).toBeVisible();
  });
});
