import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { INTERCEPT_STEPS } from '../src/ui/tutorial/lessons/intercept/steps.ts';
import { editorTextSquashed, monacoEditor, openApp, saveScreenshot, squash } from './helpers.ts';

type Lang = 'en' | 'zh';

const panel = (page: Page) => page.getByTestId('tutorial-panel');

/**
 * Replaces the first `from` in the one-line args `text` the editor holds by typing `to`, like a
 * reader would. It walks the logical text with ArrowRight (Monaco wraps long lines, so the
 * visual lines of `editorText` are not the text's columns).
 */
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

/** Types at the end of the editor's text. */
async function appendToEditor(page: Page, text: string): Promise<void> {
  await monacoEditor(page).locator('.view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(text);
  await page.keyboard.press('Escape');
  await expect.poll(() => editorTextSquashed(page)).toContain(squash(text));
}

const VERSION_LABEL: Readonly<Record<Lang, string>> = { en: 'Istio version', zh: 'Istio 版本' };

/** How the reader solves each exercise through the UI (keyed by step id). */
const SOLVE: Readonly<Record<string, (page: Page, lang: Lang, args: string) => Promise<void>>> = {
  'istio-init-args': (page, _lang, args) => replaceInEditor(page, args, '-p 15001', '-p 15002'),
  inbound: (page, _lang, args) => replaceInEditor(page, args, '15020', '15020,9080'),
  'excluded-ports': (page, _lang, args) => replaceInEditor(page, args, "-b '*'", '-b 9080'),
  outbound: (page) => appendToEditor(page, ' -o 3306'),
  'uid-1337': (page, _lang, args) => replaceInEditor(page, args, '-u 1000', '-u 1337'),
  routing: (page) =>
    page
      .getByTestId('routing-preset')
      .selectOption('all-v1')
      .then(() => undefined),
  nftables: (page, _lang, args) => replaceInEditor(page, args, '-x ""', '-x 10.96.0.20/32'),
  tproxy: (page, _lang, args) => replaceInEditor(page, args, '-m REDIRECT', '-m TPROXY'),
  dns: (page) => appendToEditor(page, ' --redirect-dns'),
  versions: (page, lang) =>
    page
      .locator('label.control', { hasText: VERSION_LABEL[lang] })
      .locator('select')
      .selectOption('1.11')
      .then(() => undefined),
};

/** A hint as the panel renders it: the Markdown marks are gone. */
function renderedHint(text: string): string {
  return text.replace(/`/g, '');
}

async function walkTutorial(page: Page, lang: Lang): Promise<void> {
  await page.getByTestId('tutorial-open').click();
  await expect(panel(page)).toHaveAttribute('data-step', INTERCEPT_STEPS[0]?.id ?? '');
  for (const [i, step] of INTERCEPT_STEPS.entries()) {
    await expect(panel(page)).toHaveAttribute('data-step', step.id);
    await expect(page).toHaveURL(new RegExp(`[?&]tutorial=intercept%2F${step.id}`));
    if (step.exercise) {
      // The step's starting state is a wrong answer: its hint must show, in the page's language.
      const result = panel(page).getByTestId('tutorial-result');
      await panel(page).getByTestId('tutorial-check').click();
      await expect(result).toHaveClass(/failed/);
      await expect(panel(page).getByTestId('tutorial-hint')).toContainText(
        renderedHint(step.exercise.hint[lang]),
      );
      if (['inbound', 'uid-1337', 'routing'].includes(step.id))
        await saveScreenshot(page, `tutorial-${lang}-${step.id}-hint`);
      const solve = SOLVE[step.id];
      if (!solve) throw new Error(`no way to solve ${step.id} in this spec`);
      await solve(page, lang, step.state.args ?? '');
      await panel(page).getByTestId('tutorial-check').click();
      await expect(result).toHaveClass(/passed/);
      await expect(panel(page).getByTestId('tutorial-hint')).toHaveCount(0);
    }
    if (i + 1 < INTERCEPT_STEPS.length) await panel(page).getByTestId('tutorial-next').click();
  }
  await expect(panel(page).getByTestId('tutorial-next')).toBeDisabled();
  await panel(page).getByTestId('tutorial-toc').click();
  const ticks = panel(page).getByTestId('tutorial-steps').getByText('✓');
  await expect(ticks).toHaveCount(INTERCEPT_STEPS.filter((s) => s.exercise).length);
  await saveScreenshot(page, `tutorial-${lang}-done`);
}

// The panel takes the right 380 px: a wider page keeps the explorer beside it readable.
test.use({ viewport: { width: 1600, height: 900 } });

test.describe('the tutorial', () => {
  test.describe.configure({ timeout: 120_000 });

  test('walks every step in English, solving each exercise after a wrong answer', async ({
    page,
  }) => {
    await openApp(page);
    await walkTutorial(page, 'en');
  });

  test('walks every step in Chinese', async ({ page }) => {
    await openApp(page);
    await page.getByTestId('language-select').selectOption('zh');
    await walkTutorial(page, 'zh');
  });

  test('a step link reopens that step with its own state, and the graph outlines its chains', async ({
    page,
  }) => {
    await openApp(page, './?tutorial=intercept/inbound');
    await expect(panel(page)).toHaveAttribute('data-step', 'inbound');
    await expect(panel(page).getByRole('heading', { level: 3 }).first()).toContainText('Inbound');
    await expect(page.getByTestId('verdict')).toHaveText(/REDIRECT:15006/);
    await expect(page.locator('[data-chain="nat/ISTIO_IN_REDIRECT"]')).toHaveCSS(
      'outline-style',
      'solid',
    );
    await saveScreenshot(page, 'tutorial-en-inbound');

    // Edit, move on, then follow the copied link of another step: it opens there, state reset.
    await replaceInEditor(
      page,
      INTERCEPT_STEPS.find((s) => s.id === 'inbound')?.state.args ?? '',
      '-m REDIRECT',
      '-m TPROXY',
    );
    await panel(page).getByTestId('tutorial-toc').click();
    await panel(page).getByTestId('tutorial-steps').locator('[data-step="dns"]').click();
    await expect(panel(page)).toHaveAttribute('data-step', 'dns');
    const href = await panel(page).getByTestId('tutorial-step-link').getAttribute('href');
    expect(href).toMatch(/\?tutorial=intercept%2Fdns$/);
    await panel(page).getByText('Embed this step').click();
    await panel(page).getByTestId('tutorial-embed-view').selectOption('workbench');
    const loader = await panel(page).getByTestId('tutorial-embed-loader').inputValue();
    expect(loader).toContain(
      '<div data-intercept-explorer="workbench" data-step="intercept/dns" data-lang="en"></div>',
    );
    expect(loader).toMatch(/<script src="http:\/\/127\.0\.0\.1:\d+\/embed\.js" async><\/script>/);
    await expect(panel(page).getByTestId('tutorial-embed-iframe')).toHaveValue(
      /\?embed=workbench&amp;tutorial=intercept%2Fdns&amp;lang=en/,
    );
    await page.goto(href ?? '');
    await expect(panel(page)).toHaveAttribute('data-step', 'dns');
    await expect.poll(() => editorTextSquashed(page)).toContain('-mREDIRECT');
    await expect(page.getByTestId('verdict')).toHaveText('ACCEPT');

    // Keyboard: the navigation buttons are reachable and work with Enter.
    await panel(page).getByTestId('tutorial-prev').focus();
    await page.keyboard.press('Enter');
    await expect(panel(page)).toHaveAttribute('data-step', 'tproxy');
  });
});
