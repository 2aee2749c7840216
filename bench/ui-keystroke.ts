/**
 * Issue 5's UI budget, measured in the browser: bench/ui/keystroke.spec.ts (Playwright, Debian
 * Chromium, production build) prints one `BENCH {json}` line per measurement; this runs it and
 * reads them. A missing browser is "not measured", never a failure.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface UiBench {
  readonly name: string;
  readonly n: number;
  readonly median: number;
  readonly p95: number;
  readonly max: number;
}

export type UiBenchResult =
  | { readonly kind: 'measured'; readonly runs: readonly UiBench[] }
  /** No browser here: reported, not a failure. */
  | { readonly kind: 'absent'; readonly note: string }
  /** The build or the spec broke: a failure. */
  | { readonly kind: 'broken'; readonly note: string };

const ROOT = fileURLToPath(new URL('../', import.meta.url));

function isUiBench(x: unknown): x is UiBench {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as Record<string, unknown>;
  return (
    typeof r.name === 'string' &&
    ['n', 'median', 'p95', 'max'].every((k) => typeof r[k] === 'number')
  );
}

/** The `BENCH {…}` lines of a Playwright run's output. */
export function parseBenchLines(output: string): UiBench[] {
  const out: UiBench[] = [];
  for (const line of output.split('\n')) {
    const at = line.indexOf('BENCH {');
    if (at < 0) continue;
    try {
      const parsed: unknown = JSON.parse(line.slice(at + 'BENCH '.length));
      if (isUiBench(parsed)) out.push(parsed);
    } catch {
      // A truncated line is not a measurement.
    }
  }
  return out;
}

/** Builds dist/app when missing, then runs the keystroke spec. */
export function benchUiKeystrokes(): UiBenchResult {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chromium))
    return { kind: 'absent', note: `not measured: no browser at ${chromium}` };
  if (!existsSync(`${ROOT}dist/app/index.html`)) {
    const build = spawnSync('npx', ['vite', 'build'], { cwd: ROOT, encoding: 'utf8' });
    if (build.status !== 0) return { kind: 'broken', note: `vite build failed\n${build.stderr}` };
  }
  const run = spawnSync('npx', ['playwright', 'test', '-c', 'bench/ui/playwright.config.ts'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 600_000,
  });
  const runs = parseBenchLines(`${run.stdout}\n${run.stderr}`);
  if (run.status !== 0 || runs.length === 0) {
    return {
      kind: 'broken',
      note: `playwright exited ${run.status ?? run.signal}: ${run.stdout
        .split('\n')
        .filter((l) => /✘|Error/.test(l))
        .slice(0, 5)
        .join(' | ')}`,
    };
  }
  return { kind: 'measured', runs };
}
