/**
 * Jump depth vs the kernel: each case is restored into an empty namespace; where the kernel
 * refuses it, the parser's `jump-too-deep` error sits on the kernel's first refused line and
 * names the same chain; where the kernel loads it, the parser reports no error and renders the
 * kernel's iptables-save.
 */
import { describe, expect, it } from 'vitest';
import { parseIptables, renderIptablesSave } from '@core';
import { requireKernelOrSkip, stripSaveComments, withNetns } from './netns.ts';
import { depthCases } from './depth-cases.ts';

const run = requireKernelOrSkip();

describe.runIf(run)('jump depth vs the kernel (nf_tables, 16 levels)', () => {
  it('refuses the same rule as the kernel, and accepts what it loads', async () => {
    const cases = depthCases();
    const found: string[] = [];
    let refused = 0;
    await withNetns(
      async (ns) => {
        for (const c of cases) {
          const script = 'nft flush ruleset || exit 90; iptables-restore || exit 91; iptables-save';
          const k = await ns.exec(['sh', '-c', script], { input: c.text, timeoutMs: 30_000 });
          const parsed = parseIptables(c.text, { family: 4 });
          const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
          if (k.code === 0) {
            if (errors.length > 0) found.push(`${c.name}: kernel loads it, we refuse`);
            else if (renderIptablesSave(parsed.value) !== stripSaveComments(k.stdout))
              found.push(`${c.name}: render differs`);
            continue;
          }
          const m = /line (\d+): RULE_APPEND failed \(Too many links\): rule in chain (\S+)/.exec(
            k.stderr,
          );
          const ours = errors[0];
          const want = m ? `${m[1]} ${m[2]}` : `kernel: ${k.stderr.trim()}`;
          const got = ours
            ? `${ours.range.line} ${/rule in chain (\S+)/.exec(ours.message)?.[1] ?? ours.code}`
            : 'accepted';
          if (got !== want) found.push(`${c.name}: kernel ${want}, ours ${got}`);
          else refused++;
        }
      },
      { prefix: 'depth' },
    );
    expect(found).toEqual([]);
    expect(refused).toBeGreaterThanOrEqual(10);
    console.log(
      `jump depth: ${cases.length} cases, ${refused} refused by both on the same line and chain`,
    );
  }, 60_000);
});
