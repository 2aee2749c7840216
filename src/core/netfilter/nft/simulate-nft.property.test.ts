import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadNft, parseNft, type NftState } from '../../nftables/index.ts';
import { normalizePacket } from '../packet.ts';
import { DEFAULT_POD } from '../pod.ts';
import { simulatePacket } from '../simulate.ts';
import { parseNftRuleRef } from './ref.ts';

const CHAINS = ['a', 'b', 'c'];
const MATCHES = [
  'tcp dport 80',
  'tcp dport != { 53, 15008 }',
  'udp dport 53',
  'th dport 9080',
  'ip daddr 10.44.0.0/24',
  'ip6 daddr != ::1',
  'meta skuid 1337',
  'meta skgid != 1000',
  'meta mark 0x1',
  'meta mark & 0x2 == 0x2',
  'ct state new',
  'ct mark 0x1',
  'oifname "lo"',
  'iifname != "eth*"',
  'meta l4proto { tcp, udp }',
];
const ACTIONS = [
  'counter',
  'meta mark set 0x1',
  'meta mark set mark | 0x2',
  'ct mark set meta mark',
  'accept',
  'drop',
  'return',
  ...CHAINS.flatMap((c) => [`jump ${c}`, `goto ${c}`]),
  'tcp dport vmap { 80 : accept, 9080 : jump a }',
];
const HOOKS = ['prerouting', 'input', 'output', 'postrouting'];

const rule = fc
  .tuple(fc.subarray(MATCHES, { maxLength: 3 }), fc.constantFrom(...ACTIONS))
  .map(([m, a]) => [...m, a].join(' '));

/** A random inet program: three regular chains (jumps may loop) and a filter base chain per hook. */
const program: fc.Arbitrary<string> = fc
  .record({
    chains: fc.array(fc.array(rule, { maxLength: 4 }), { minLength: 3, maxLength: 3 }),
    bases: fc.array(
      fc.record({
        hook: fc.constantFrom(...HOOKS),
        priority: fc.integer({ min: -400, max: 300 }),
        policy: fc.constantFrom('accept', 'drop'),
        rules: fc.array(rule, { maxLength: 4 }),
      }),
      { minLength: 1, maxLength: 4 },
    ),
  })
  .map(({ chains, bases }) =>
    [
      'table inet t {',
      ...chains.map((rules, i) => `chain ${CHAINS[i] ?? ''} {\n${rules.join('\n')}\n}`),
      ...bases.map(
        (b, i) =>
          `chain base${i} { type filter hook ${b.hook} priority ${b.priority}; policy ${b.policy};\n${b.rules.join('\n')}\n}`,
      ),
      '}',
    ].join('\n'),
  );

const packet = fc.record({
  direction: fc.constantFrom('outbound', 'inbound'),
  proto: fc.constantFrom('tcp', 'udp'),
  dst: fc.constantFrom('10.44.0.9', '10.44.0.5', '127.0.0.1', 'fd00:44::9', '203.0.113.7'),
  dport: fc.constantFrom(53, 80, 9080, 15008),
  uid: fc.constantFrom(0, 1000, 1337),
  mark: fc.constantFrom(0, 1, 2, 3),
});

function ruleExists(state: NftState, ref: string): boolean {
  const parts = parseNftRuleRef(ref);
  const table = state.tables.find((t) => t.family === parts?.family && t.name === parts.table);
  const chain = table?.chains.find((c) => c.name === parts?.chain);
  return parts !== undefined && chain?.rules[parts.position - 1] !== undefined;
}

describe('simulatePacket over random nftables programs', () => {
  it('terminates, and every step and matched rule names an existing rule', () => {
    fc.assert(
      fc.property(program, packet, (text, spec) => {
        const loaded = loadNft(parseNft(text));
        // Our loader refuses what nft refuses (a jump to a chain declared later is fine in a block).
        fc.pre(!loaded.diagnostics.some((d) => d.severity === 'error'));
        const dst =
          spec.direction === 'inbound'
            ? spec.dst.includes(':')
              ? 'fd00:44::5'
              : '10.44.0.5'
            : spec.dst;
        const p = normalizePacket({ ...spec, dst }, DEFAULT_POD).value;
        if (!p) return;
        const r = simulatePacket({ nft: loaded.value }, p, DEFAULT_POD, { maxSteps: 20_000 });
        const refs = r.steps.flatMap((s) => (s.kind === 'rule' ? [s.rule] : []));
        expect(refs.every((ref) => ruleExists(loaded.value, ref))).toBe(true);
        const matchedSteps = r.steps
          .filter((s) => s.kind === 'rule' && s.matched)
          .map((s) => (s.kind === 'rule' ? s.rule : ''));
        expect([...r.matched, ...r.matchedAfterLoopback]).toEqual(matchedSteps);
        expect(r.delivered.kind).not.toBe('incomplete');
      }),
      { numRuns: 300, seed: 1207 },
    );
  });
});
