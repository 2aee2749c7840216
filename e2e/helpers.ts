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
/**
 * The editor's text without any white space (nor Monaco's rendered-whitespace dots): a narrow
 * editor wraps long args anywhere, so compare squashed text with a squashed expectation.
 */
export async function editorTextSquashed(page: Page): Promise<string> {
  return squash(await editorText(page));
}

export function squash(text: string): string {
  return text.replace(/[\s\u00b7]+/g, '');
}

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

/** What must be on screen before a keystroke counts as shown (checked in the page). */
export interface KeystrokeViews {
  /** The rules pane's `-A ISTIO_IN_REDIRECT` line ends with the new port (hidden in the path view). */
  readonly rules: boolean;
  /** The chain graph's ISTIO_IN_REDIRECT row ends with the new port (the graph is visible). */
  readonly graph: boolean;
  /** The path view's steps show `REDIRECT:<port>` and it is not waiting for the worker. */
  readonly path: boolean;
}

/** Keystroke → frame samples in ms, with the summary the bench parses. */
export interface KeystrokeStats {
  readonly n: number;
  readonly median: number;
  readonly p95: number;
  readonly max: number;
}

/**
 * Installs `window.arm(port)` in the page: armed before a key is pressed, it resolves
 * `window.pending` with keydown `timeStamp` → the DOM shows the new port in the views asked for
 * (rules pane, graph, path) and a verdict → the next animation frame (the paint counts).
 */
export async function installKeystrokeProbe(page: Page, views: KeystrokeViews): Promise<void> {
  await page.evaluate((v) => {
    const w = window as unknown as { arm: (port: string) => void; pending: Promise<number> };
    const endsWithPort = (text: string | undefined, port: string): boolean =>
      text?.trimEnd().endsWith(`--to-ports ${port}`) ?? false;
    const done = (port: string): boolean => {
      const line = Array.from(document.querySelectorAll('[data-testid="rules"] .line')).find((l) =>
        l.textContent.startsWith('-A ISTIO_IN_REDIRECT'),
      );
      if (v.rules && !endsWithPort(line?.textContent, port)) return false;
      if ((document.querySelector('[data-testid="verdict"]')?.textContent ?? '') === '')
        return false;
      if (
        v.graph &&
        !endsWithPort(
          document.querySelector('.chain-node [data-rule="nat/ISTIO_IN_REDIRECT#1"]')?.textContent,
          port,
        )
      )
        return false;
      if (!v.path) return true;
      if (document.querySelector('.path-view')?.getAttribute('data-pending') !== 'false')
        return false;
      const steps = document.querySelector('[data-testid="path-steps"]')?.textContent ?? '';
      return new RegExp(`REDIRECT:${port}(?!\\d)`).test(steps);
    };
    w.arm = (port) => {
      w.pending = new Promise<number>((resolve) => {
        let t0 = 0;
        const observer = new MutationObserver(() => {
          if (t0 === 0 || !done(port)) return;
          observer.disconnect();
          requestAnimationFrame(() => resolve(performance.now() - t0));
        });
        window.addEventListener('keydown', (e) => (t0 = e.timeStamp), {
          capture: true,
          once: true,
        });
        observer.observe(document.body, {
          subtree: true,
          childList: true,
          characterData: true,
          attributes: true,
          attributeFilter: ['data-pending'],
        });
      });
    };
  }, views);
}

/**
 * Replaces `from` in the editor by each of `ports` in turn, typed key by key; one sample per key
 * (the port typed so far must show). Needs {@link installKeystrokeProbe} first.
 */
export async function measureKeystrokes(
  page: Page,
  from: string,
  ports: readonly string[],
): Promise<KeystrokeStats> {
  const samples: number[] = [];
  let current = from;
  for (const next of ports) {
    await selectInEditor(page, current);
    for (let i = 1; i <= next.length; i++) {
      await page.evaluate(
        (p) => (window as unknown as { arm: (p: string) => void }).arm(p),
        next.slice(0, i),
      );
      await page.keyboard.type(next.charAt(i - 1));
      samples.push(
        await page.evaluate(() => (window as unknown as { pending: Promise<number> }).pending),
      );
    }
    current = next;
  }
  return summarize(samples);
}

/** Nearest-rank median, p95 and max of timing samples (ms). */
export function summarize(samples: readonly number[]): KeystrokeStats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number =>
    sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * q) - 1)] ?? Infinity;
  return { n: samples.length, median: at(0.5), p95: at(0.95), max: sorted.at(-1) ?? Infinity };
}
