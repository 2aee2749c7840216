/**
 * Kernel render conformance: every input is loaded into a real, empty network namespace with
 * iptables-restore (v1.8.9, nf_tables) and the kernel's iptables-save is compared byte for byte
 * with renderIptablesSave(parseIptables(input)). Where the kernel refuses an input, the parser
 * must report an error, and the other way round.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  hasErrors,
  parseIptables,
  renderIptablesList,
  renderIptablesS,
  renderIptablesSave,
  TABLE_NAMES,
  type TableName,
} from '@core';
import {
  execBounded,
  requireKernelOrSkip,
  stripSaveComments,
  withNetns,
  type Netns,
} from './netns.ts';
import {
  FIXTURES,
  fixtures,
  formLines,
  formsRestoreText,
  goldenCases,
  profileCases,
  randomCases,
  savedFixtureCases,
  structureCases,
  type FormLine,
  type RenderCase,
} from './render-cases.ts';
import { depthCases } from './depth-cases.ts';

const run = requireKernelOrSkip();
const WORKERS = 3;
const RANDOM_COMBINATIONS = 220;
const counts = { compared: 0, refusedByBoth: 0, forms: 0, formsRefused: 0, listings: 0 };
const hasIpset = run && (await execBounded(['sh', '-c', 'command -v ipset'])).code === 0;

interface Outcome {
  readonly name: string;
  readonly problem?: string;
}

/** Fast path: flush, restore and save in one process (a spawn costs more than the work). */
async function loadAndSaveOnce(
  ns: Netns,
  c: RenderCase,
): Promise<{ ok: true; saved: string } | { ok: false; error: string }> {
  const [restore, save] =
    c.family === 4
      ? ['iptables-restore', 'iptables-save']
      : ['ip6tables-restore', 'ip6tables-save'];
  const script = `nft flush ruleset || exit 90; ${restore} || exit 91; ${save}`;
  const r = await ns.exec(['sh', '-c', script], { input: c.text, timeoutMs: 30_000 });
  if (r.code !== 0)
    return { ok: false, error: `${restore} failed (${r.code}): ${r.stderr.trim()}` };
  return { ok: true, saved: stripSaveComments(r.stdout) };
}

let ipsetDirty = false;

async function loadAndSave(
  ns: Netns,
  c: RenderCase,
): Promise<{ ok: true; saved: string } | { ok: false; error: string }> {
  if (!c.shell && c.ipset === undefined && !ipsetDirty) return loadAndSaveOnce(ns, c);
  await ns.reset();
  if (hasIpset) await ns.exec(['ipset', 'destroy']);
  ipsetDirty = c.ipset !== undefined;
  if (hasIpset) await ns.exec(['ipset', 'destroy']);
  try {
    if (c.ipset !== undefined) {
      const r = await ns.exec(['ipset', 'restore'], { input: c.ipset });
      if (r.code !== 0) throw new Error(`ipset restore: ${r.stderr}`);
    }
    if (c.shell) {
      const r = await ns.exec(['sh', '-e', '-c', c.text], { timeoutMs: 30_000 });
      if (r.code !== 0) return { ok: false, error: r.stderr.trim() };
    } else {
      await ns.restore(c.text, c.family);
    }
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
  return { ok: true, saved: await ns.save(c.family) };
}

function firstDifference(a: string, b: string): string {
  const al = a.split('\n');
  const bl = b.split('\n');
  for (let i = 0; i < Math.max(al.length, bl.length); i++) {
    if (al[i] !== bl[i])
      return `line ${i + 1}:\n  kernel: ${al[i] ?? '<none>'}\n  ours:   ${bl[i] ?? '<none>'}`;
  }
  return 'identical';
}

async function checkCase(ns: Netns, c: RenderCase): Promise<Outcome> {
  const parsed = parseIptables(c.text, { family: c.family });
  const kernel = await loadAndSave(ns, c);
  const ourErrors = parsed.diagnostics.filter((d) => d.severity === 'error');
  if (!kernel.ok) {
    if (ourErrors.length > 0) {
      counts.refusedByBoth++;
      return { name: c.name };
    }
    return { name: c.name, problem: `kernel refused, parser accepted: ${kernel.error}` };
  }
  if (hasErrors(parsed.diagnostics)) {
    const d = ourErrors[0];
    return {
      name: c.name,
      problem: `kernel accepted, parser error ${d?.range.line}:${d?.range.column} ${d?.message}`,
    };
  }
  counts.compared++;
  const ours = renderIptablesSave(parsed.value);
  return ours === kernel.saved
    ? { name: c.name }
    : { name: c.name, problem: firstDifference(kernel.saved, ours) };
}

/** Runs the cases over a few namespaces in parallel. */
async function checkAll(cases: readonly RenderCase[]): Promise<Outcome[]> {
  const queue = [...cases];
  const outcomes: Outcome[] = [];
  await Promise.all(
    Array.from({ length: WORKERS }, () =>
      withNetns(
        async (ns) => {
          for (let c = queue.shift(); c; c = queue.shift()) outcomes.push(await checkCase(ns, c));
        },
        { prefix: 'render', timeoutMs: 170_000 },
      ),
    ),
  );
  return outcomes;
}

/** The kernel's `iptables -t T -nvL` for each table of a save, and ours, as one text each. */
async function compareListings(
  ns: Netns,
  family: 4 | 6,
  saved: string,
  text: string,
): Promise<{ kernel: string; problem?: string }> {
  const tables = [...saved.matchAll(/^\*(\S+)$/gm)].map((m) => m[1] as TableName);
  const bin = family === 4 ? 'iptables' : 'ip6tables';
  const ruleset = parseIptables(text, { family }).value;
  let kernel = '';
  let ours = '';
  for (const t of tables) {
    const r = await ns.exec([bin, '-t', t, '-nvL']);
    kernel += `# ${bin} -t ${t} -nvL\n${r.stdout}`;
    ours += `# ${bin} -t ${t} -nvL\n${renderIptablesList(ruleset, t)}`;
    counts.listings++;
  }
  return ours === kernel
    ? { kernel }
    : { kernel, problem: `-nvL ${firstDifference(kernel, ours)}` };
}

function problems(outcomes: readonly Outcome[]): string[] {
  return outcomes
    .filter((o) => o.problem !== undefined)
    .map((o) => `${o.name}: ${o.problem ?? ''}`);
}

async function checkForms(family: 4 | 6): Promise<{ problems: string[]; saved: string }> {
  const lines = formLines().filter((l) => l.family === family);
  const ours = (l: readonly FormLine[]) => parseIptables(formsRestoreText(l), { family });
  const accepted = lines.filter((l) => !hasErrors(ours([l]).diagnostics));
  const refused = lines.filter((l) => hasErrors(ours([l]).diagnostics));
  const found: string[] = [];
  const saved = await withNetns(
    async (ns) => {
      for (const l of refused) {
        const k = await loadAndSave(ns, {
          name: `forms:${l.line}`,
          family,
          text: formsRestoreText([l]),
        });
        if (k.ok) found.push(`forms.txt:${l.line}: kernel accepts, parser refuses: ${l.spec}`);
        else counts.formsRefused++;
      }
      const batch = await loadAndSave(ns, {
        name: 'forms',
        family,
        text: formsRestoreText(accepted),
      });
      if (!batch.ok) {
        for (const l of accepted) {
          const k = await loadAndSave(ns, {
            name: `forms:${l.line}`,
            family,
            text: formsRestoreText([l]),
          });
          if (!k.ok)
            found.push(
              `forms.txt:${l.line}: kernel refuses (${k.error.split('\n')[0] ?? ''}), parser accepts: ${l.spec}`,
            );
        }
        return '';
      }
      counts.forms += accepted.length;
      const rendered = renderIptablesSave(ours(accepted).value);
      if (rendered !== batch.saved)
        found.push(`forms (IPv${family}) ${firstDifference(batch.saved, rendered)}`);
      // Modules we keep as written print their own -L text, which we do not model: list the rest.
      const modelled = accepted.filter(
        (l) =>
          !ours([l]).diagnostics.some(
            (d) => d.code === 'unknown-match' || d.code === 'unknown-target',
          ),
      );
      const listed = await loadAndSave(ns, {
        name: 'forms-list',
        family,
        text: formsRestoreText(modelled),
      });
      if (listed.ok) {
        const listing = await compareListings(ns, family, listed.saved, formsRestoreText(modelled));
        if (listing.problem !== undefined) found.push(`forms (IPv${family}) ${listing.problem}`);
      }
      return batch.saved;
    },
    { prefix: 'forms' },
  );
  return { problems: found, saved };
}

describe.runIf(run)('iptables-save rendering vs the kernel (iptables v1.8.9, nf_tables)', () => {
  afterAll(() => {
    console.log(
      `render conformance: ${counts.compared} rulesets byte-identical to the kernel, ${counts.refusedByBoth} refused by both, ` +
        `${counts.forms} single-rule forms identical, ${counts.formsRefused} forms refused by both, ` +
        `${counts.listings} -nvL/-nL/-S table listings identical`,
    );
  });

  it('the forms corpus: every accepted rule form renders as the kernel prints it', async () => {
    for (const family of [4, 6] as const) {
      const { problems: found, saved } = await checkForms(family);
      expect(found).toEqual([]);
      await expect(saved).toMatchFileSnapshot(
        `${FIXTURES}forms${family === 6 ? '-v6' : ''}.iptables-save`,
      );
    }
  }, 120_000);

  it('fixtures: the committed goldens are the kernel output, and we render them (save and -nvL)', async () => {
    const list = fixtures().filter((f) => {
      if (f.ipset === undefined || hasIpset) return true;
      if (process.env.CI)
        throw new Error(`${f.name} needs the ipset binary (apt-get install ipset)`);
      console.warn(`SKIPPED ${f.name}: no ipset binary`);
      return false;
    });
    await withNetns(
      async (ns) => {
        for (const f of list) {
          const kernel = await loadAndSave(ns, f);
          if (!kernel.ok) throw new Error(`${f.name}: kernel refused: ${kernel.error}`);
          await expect(kernel.saved).toMatchFileSnapshot(`${FIXTURES}${f.base}.iptables-save`);
          const listing = await compareListings(ns, f.family, kernel.saved, f.text);
          await expect(listing.kernel).toMatchFileSnapshot(`${FIXTURES}${f.base}.nvL`);
          expect(listing.problem, f.name).toBeUndefined();
          const ruleset = parseIptables(f.text, { family: f.family }).value;
          expect(renderIptablesSave(ruleset), f.name).toBe(kernel.saved);
          counts.compared++;
          const bin = f.family === 4 ? 'iptables' : 'ip6tables';
          for (const t of TABLE_NAMES) {
            const s = await ns.exec([bin, '-t', t, '-S']);
            expect(renderIptablesS(ruleset, t), `${f.name} ${bin} -t ${t} -S`).toBe(s.stdout);
            const l = await ns.exec([bin, '-t', t, '-nL']);
            expect(
              renderIptablesList(ruleset, t, { verbose: false }),
              `${f.name} ${bin} -t ${t} -nL`,
            ).toBe(l.stdout);
            counts.listings += 2;
          }
        }
      },
      { prefix: 'fixture' },
    );
  }, 120_000);

  it('upstream goldens, re-loaded fixture outputs, version profiles and structural replays', async () => {
    const cases = [
      ...goldenCases(),
      ...savedFixtureCases().filter((c) => c.ipset === undefined || hasIpset),
      ...profileCases(),
      ...structureCases(),
      ...depthCases().map((c) => ({ name: `depth/${c.name}`, family: 4 as const, text: c.text })),
    ];
    const outcomes = await checkAll(cases);
    expect(problems(outcomes)).toEqual([]);
    expect(outcomes.length).toBe(cases.length);
  }, 180_000);

  it(`${RANDOM_COMBINATIONS} seeded random generator flag combinations`, async () => {
    const cases = randomCases(RANDOM_COMBINATIONS);
    const outcomes = await checkAll(cases);
    expect(problems(outcomes)).toEqual([]);
    expect(new Set(outcomes.map((o) => o.name.split('#')[0])).size).toBe(RANDOM_COMBINATIONS);
  }, 180_000);
});
