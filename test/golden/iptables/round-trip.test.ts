/**
 * Golden round trips over the kernel-produced fixtures (no kernel needed here; the kernel suite in
 * test/kernel/render-conformance.test.ts keeps these files equal to what the kernel prints).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  hasErrors,
  parseIptables,
  renderIptablesList,
  renderIptablesSave,
  type TableName,
} from '@core';
import { formLines, formsRestoreText } from '../../kernel/render-cases.ts';

const DIR = new URL('.', import.meta.url).pathname;
const files = readdirSync(DIR);
const cases = files
  .filter((f) => f.endsWith('.rules'))
  .map((f) => f.replace(/\.rules$/, ''))
  .sort();
const familyOf = (base: string) => (/ip6|v6/.test(base) ? 6 : 4);
const read = (name: string) => readFileSync(join(DIR, name), 'utf8');

describe('iptables fixtures (kernel output is the golden)', () => {
  it('has the realistic fixtures the issue asks for', () => {
    expect(cases).toEqual(
      expect.arrayContaining([
        'calico',
        'docker',
        'firewalld',
        'istio-redirect',
        'istio-tproxy',
        'istio-tproxy-ip6',
        'kube-proxy',
      ]),
    );
  });

  for (const base of cases) {
    const family = familyOf(base);
    describe(base, () => {
      const saved = read(`${base}.iptables-save`);

      it('render(parse(input)) is what the kernel printed', () => {
        const parsed = parseIptables(read(`${base}.rules`), { family });
        expect(hasErrors(parsed.diagnostics), JSON.stringify(parsed.diagnostics)).toBe(false);
        expect(renderIptablesSave(parsed.value)).toBe(saved);
      });

      it('render(parse(x)) === x for the kernel output itself', () => {
        const parsed = parseIptables(saved, { family });
        expect(parsed.diagnostics.filter((d) => d.severity !== 'warning')).toEqual([]);
        expect(renderIptablesSave(parsed.value)).toBe(saved);
      });

      it('-nvL of every table is what the kernel listed', () => {
        const listing = read(`${base}.nvL`);
        const ruleset = parseIptables(saved, { family }).value;
        const bin = family === 4 ? 'iptables' : 'ip6tables';
        const tables = [...saved.matchAll(/^\*(\S+)$/gm)].map((m) => m[1] as TableName);
        const ours = tables
          .map((t) => `# ${bin} -t ${t} -nvL\n${renderIptablesList(ruleset, t)}`)
          .join('');
        expect(ours).toBe(listing);
      });
    });
  }
});

describe('forms corpus (kernel output: forms.iptables-save, forms-v6.iptables-save)', () => {
  for (const family of [4, 6] as const) {
    it(`IPv${family}: every accepted form renders as the kernel printed it`, () => {
      const lines = formLines().filter((l) => l.family === family);
      const accepted = lines.filter(
        (l) => !hasErrors(parseIptables(formsRestoreText([l]), { family }).diagnostics),
      );
      expect(accepted.length).toBeGreaterThan(family === 4 ? 150 : 25);
      const rendered = renderIptablesSave(
        parseIptables(formsRestoreText(accepted), { family }).value,
      );
      expect(rendered).toBe(read(family === 4 ? 'forms.iptables-save' : 'forms-v6.iptables-save'));
    });
  }

  it('every form in the "kernel refuses" section is a parse error', () => {
    const text = read('forms.txt');
    const start = text.split('\n').findIndex((l) => l.startsWith('# the kernel refuses these'));
    const refused = formLines().filter((l) => l.line > start + 1);
    expect(refused.length).toBeGreaterThan(30);
    for (const l of refused) {
      const parsed = parseIptables(formsRestoreText([l]), { family: l.family });
      expect(hasErrors(parsed.diagnostics), `forms.txt:${l.line}: ${l.spec}`).toBe(true);
    }
  });
});
