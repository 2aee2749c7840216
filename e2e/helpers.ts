import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const OUTPUT_DIR = join(dirname(fileURLToPath(import.meta.url)), '.output');

/** Opens the app fresh (no permalink) and waits until the rules and the Monaco editor are up. */
export async function openApp(page: Page, path = './'): Promise<void> {
  await page.goto(path);
  await expect(rulesPanel(page).getByTestId('output-text').first()).toBeVisible();
  await expect(monacoEditor(page)).toBeVisible();
}

export function rulesPanel(page: Page): Locator {
  return page.getByTestId('rules');
}

export function monacoEditor(page: Page): Locator {
  return page.getByTestId('monaco-editor').locator('.monaco-editor');
}

/** All text the rules pane currently shows, blocks joined. */
export async function rulesText(page: Page): Promise<string> {
  const texts = await rulesPanel(page).getByTestId('output-text').allTextContents();
  return texts.join('\n');
}

/** The visible lines of the Monaco editor, in order (Monaco positions them absolutely). */
export async function editorText(page: Page): Promise<string> {
  return monacoEditor(page)
    .locator('.view-lines')
    .evaluate((el) =>
      Array.from(el.querySelectorAll<HTMLElement>('.view-line'))
        .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
        .map((line) => line.textContent.replaceAll('\u00a0', ' '))
        .join('\n'),
    );
}

/**
 * Selects the first occurrence of `needle` in the Monaco editor with the keyboard, like a user:
 * Ctrl+Home (line 1, column 1), ArrowDown keeps column 1, then ArrowRight and Shift+ArrowRight.
 */
export async function selectInEditor(page: Page, needle: string): Promise<void> {
  const text = await editorText(page);
  const offset = text.indexOf(needle);
  if (offset < 0) throw new Error(`"${needle}" is not in the editor text`);
  const before = text.slice(0, offset).split('\n');
  await monacoEditor(page).locator('.view-lines').click();
  await page.keyboard.press('Control+Home');
  for (let i = 1; i < before.length; i++) await page.keyboard.press('ArrowDown');
  const column = (before.at(-1) ?? '').length;
  for (let i = 0; i < column; i++) await page.keyboard.press('ArrowRight');
  for (let i = 0; i < needle.length; i++) await page.keyboard.press('Shift+ArrowRight');
}

/** The text Monaco has selected, read from its hidden input textarea (editContext: false). */
export async function editorSelection(page: Page): Promise<string> {
  return monacoEditor(page)
    .locator('textarea')
    .evaluate((el) => {
      const ta = el as HTMLTextAreaElement;
      return ta.value.slice(ta.selectionStart, ta.selectionEnd);
    });
}

/** Saves a full-page screenshot to e2e/.output/<name>.png for a human (or model) to look at. */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  await page.screenshot({ path: join(OUTPUT_DIR, `${name}.png`), fullPage: true });
}
