import { describe, expect, it } from 'vitest';
import { parseIptables, ruleRef } from '../iptables/index.ts';
import { generateRules } from './generate.ts';
import { parseIstioArgs } from './parse-args.ts';
import { renderRestore } from './render-restore.ts';
import { ruleOrigins } from './rule-origins.ts';

describe('ruleOrigins', () => {
  const args = parseIstioArgs(
    '-p 15001 -z 15006 -u 1337 -m REDIRECT -i * -b * -d 15090,15021,15020',
    { enableIPv6: true },
  );
  const rules = generateRules(args.value.config, 'latest');

  it('gives every rule of the loaded ruleset exactly one origin, per family', () => {
    for (const family of [4, 6] as const) {
      const origins = ruleOrigins(rules, family);
      const ruleset = parseIptables(renderRestore(rules, family), { family }).value;
      let count = 0;
      for (const table of ruleset.tables) {
        for (const chain of table.chains) {
          chain.rules.forEach((_, i) => {
            count++;
            expect(origins.has(ruleRef(table.name, chain.name, i + 1))).toBe(true);
          });
        }
      }
      expect(origins.size).toBe(count);
      expect(count).toBeGreaterThan(5);
    }
  });

  it('names the uid flag for the owner RETURN in ISTIO_OUTPUT', () => {
    const flags = [...ruleOrigins(rules, 4).entries()]
      .filter(([ref]) => ref.startsWith('nat/ISTIO_OUTPUT#'))
      .flatMap(([, o]) => o.flags);
    expect(flags).toContain('proxy-uid');
  });
});
