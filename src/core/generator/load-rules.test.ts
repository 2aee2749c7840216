import { describe, expect, it } from 'vitest';
import type { Rule, RuleOrigin, Ruleset } from '../iptables/model.ts';
import { parseIptables } from '../iptables/parse.ts';
import { generateRules, type GeneratedRules, type RuleCommand } from './generate.ts';
import { loadGeneratedRules } from './load-rules.ts';
import { parseIstioArgs } from './parse-args.ts';
import { renderRestore } from './render-restore.ts';

function rulesOf(ruleset: Ruleset, table: string, chain: string): readonly Rule[] {
  return (
    ruleset.tables.find((t) => t.name === table)?.chains.find((c) => c.name === chain)?.rules ?? []
  );
}

function allRules(ruleset: Ruleset): Rule[] {
  return ruleset.tables.flatMap((t) => t.chains.flatMap((c) => [...c.rules]));
}

describe('loadGeneratedRules', () => {
  const args = parseIstioArgs(
    '-p 15001 -z 15006 -u 1337 -m REDIRECT -i * -b * -d 15090,15021,15020',
    { enableIPv6: true },
  );
  const rules = generateRules(args.value.config, 'latest');

  it('loads the restore text renderRestore writes, without diagnostics', () => {
    for (const family of [4, 6] as const) {
      const loaded = loadGeneratedRules(rules, family);
      expect(loaded.restore).toBe(renderRestore(rules, family));
      expect(loaded.diagnostics).toEqual([]);
      const plain = parseIptables(loaded.restore, { family }).value;
      const strip = (r: Rule): Rule => {
        const { origin: _origin, ...rest } = r;
        return rest;
      };
      expect(allRules(loaded.ruleset).map(strip)).toEqual(allRules(plain));
    }
  });

  it('gives every rule of the loaded ruleset the origin of its command, per family', () => {
    for (const family of [4, 6] as const) {
      const loaded = allRules(loadGeneratedRules(rules, family).ruleset);
      expect(loaded.length).toBe((family === 4 ? rules.v4 : rules.v6).length);
      expect(loaded.length).toBeGreaterThan(5);
      const commands = new Set<RuleOrigin>(
        (family === 4 ? rules.v4 : rules.v6).map((r) => r.origin),
      );
      for (const rule of loaded) expect(commands.has(rule.origin as RuleOrigin)).toBe(true);
    }
  });

  it('names the uid flag for the owner RETURN in ISTIO_OUTPUT', () => {
    const output = rulesOf(loadGeneratedRules(rules, 4).ruleset, 'nat', 'ISTIO_OUTPUT');
    expect(output.flatMap((r) => r.origin?.flags ?? [])).toContain('proxy-uid');
  });

  it('keeps origins at the final positions when commands insert (-I 1) in front', () => {
    const kubevirt = generateRules(
      parseIstioArgs('-p 15001 -u 1337 -m REDIRECT -i * -b * -k eth1,eth2').value.config,
    );
    const prerouting = rulesOf(loadGeneratedRules(kubevirt, 4).ruleset, 'nat', 'PREROUTING');
    const commands = kubevirt.v4.filter((r) => r.table === 'nat' && r.chain === 'PREROUTING');
    const originOf = (text: string): RuleOrigin | undefined =>
      commands.find((r) => r.args.join(' ') === text)?.origin;
    expect(commands.filter((r) => r.op === 'insert').length).toBe(4);
    // Every -I 1 ends up in front of the ones before it; the -A stays last.
    expect(prerouting.map((r) => r.origin)).toEqual([
      originOf('-i eth2 -j ISTIO_REDIRECT'),
      originOf('-i eth1 -j ISTIO_REDIRECT'),
      originOf('-i eth2 -j RETURN'),
      originOf('-i eth1 -j RETURN'),
      originOf('-p tcp -j ISTIO_INBOUND'),
    ]);
    expect(prerouting[0]?.inInterface?.value).toBe('eth2');
    expect(prerouting[0]?.origin?.flags).toEqual(['kube-virt-interfaces', 'istio-service-cidr']);
  });

  it('blames a line the kernel refuses on the flag that wrote it', () => {
    const origin: RuleOrigin = { flags: ['istio-inbound-ports'], reason: 'test' };
    const command = (args: string[]): RuleCommand => ({
      family: 4,
      table: 'nat',
      chain: 'ISTIO_INBOUND',
      op: 'append',
      args,
      origin,
    });
    const bad: GeneratedRules = {
      version: 'latest',
      enableIPv6: false,
      v4: [command(['-p', 'tcp', '--dport', '70000', '-j', 'RETURN'])],
      v6: [],
      diagnostics: [],
      setup: [],
    };
    const loaded = loadGeneratedRules(bad, 4);
    const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]?.subject).toBe('istio-inbound-ports');
    expect(loaded.restore.split('\n')[(errors[0]?.range.line ?? 0) - 1]).toContain('70000');
  });
});
