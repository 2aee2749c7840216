import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIptables } from '../iptables/parse.ts';
import { ISTIO_VERSIONS, type IstioConfig } from './config.ts';
import { DEFAULT_CONFIG } from './flags.ts';
import { generateRules, type GeneratedRules } from './generate.ts';
import { renderDryRun, renderRestore } from './render-restore.ts';

const port = fc.integer({ min: 1, max: 65535 }).map(String);
const ports = fc.array(port, { maxLength: 4 }).map((p) => p.join(','));
const ids = fc
  .array(fc.integer({ min: 0, max: 70000 }).map(String), { minLength: 1, maxLength: 3 })
  .map((p) => p.join(','));
const v4 = fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 32 })).map(([a, b]) => `${a}/${b}`);
const v6 = fc.tuple(fc.ipV6(), fc.integer({ min: 0, max: 128 })).map(([a, b]) => `${a}/${b}`);
const cidrs = fc.oneof(
  fc.constant(''),
  fc.constant('*'),
  fc.array(fc.oneof(v4, v6), { maxLength: 3 }).map((c) => c.join(',')),
);
const excludes = fc.array(fc.oneof(v4, v6), { maxLength: 3 }).map((c) => c.join(','));
const ifaces = fc
  .array(fc.constantFrom('eth0', 'eth1', 'net1', 'veth9'), { maxLength: 2 })
  .map((c) => c.join(','));
const groups = fc.oneof(
  fc.constant('*'),
  fc.array(fc.constantFrom('202', '888', '1000'), { maxLength: 3 }).map((g) => g.join(',')),
);

/** Configs made of values istio-iptables and iptables accept (ports, ids, CIDRs, interfaces; numeric
 * groups, since iptables resolves group names on the host: `--gid-owner java` fails there). */
const validConfig: fc.Arbitrary<IstioConfig> = fc
  .record({
    envoyPort: port,
    inboundCapturePort: port,
    inboundTunnelPort: port,
    proxyUid: ids,
    proxyGid: ids,
    istioInboundInterceptionMode: fc.constantFrom('', 'REDIRECT', 'TPROXY'),
    istioInboundPorts: fc.oneof(fc.constant('*'), ports),
    istioLocalExcludePorts: ports,
    istioExcludeInterfaces: ifaces,
    istioServiceCidr: cidrs,
    istioServiceExcludeCidr: excludes,
    istioOutboundPorts: ports,
    istioLocalOutboundPortsExclude: ports,
    kubeVirtInterfaces: ifaces,
    istioInboundTproxyMark: fc.integer({ min: 1, max: 65535 }).map(String),
    redirectDns: fc.boolean(),
    captureAllDns: fc.boolean(),
    dropInvalid: fc.boolean(),
    iptablesTraceLogging: fc.boolean(),
    ownerGroupsInclude: groups,
    ownerGroupsExclude: groups.map((g) => (g === '*' ? '' : g)),
    enableIPv6: fc.boolean(),
    dnsServersV4: fc.array(fc.ipV4(), { maxLength: 2 }),
    dnsServersV6: fc.array(fc.ipV6(), { maxLength: 2 }),
  })
  .map((overrides) => ({ ...DEFAULT_CONFIG, ...overrides }));

/** Anything the type allows: arbitrary strings everywhere. */
const garbageConfig: fc.Arbitrary<IstioConfig> = fc
  .dictionary(
    fc.constantFrom(
      ...(Object.keys(DEFAULT_CONFIG) as (keyof IstioConfig)[]).filter(
        (k) => typeof DEFAULT_CONFIG[k] === 'string',
      ),
    ),
    fc.string({ maxLength: 40 }),
  )
  .map((strings) => ({
    ...DEFAULT_CONFIG,
    ...strings,
    redirectDns: true,
    dnsServersV4: ['x'],
    dnsServersV6: [''],
  }));

const version = fc.constantFrom(...ISTIO_VERSIONS);

/** Every `-j ISTIO_*` target is created (`-N`) in the same table, and every `-I N` fits. */
function checkLoadable(rules: GeneratedRules): void {
  for (const family of [4, 6] as const) {
    const text = renderRestore(rules, family);
    for (const block of text.split('COMMIT\n').filter((b) => b !== '')) {
      const created = new Set([...block.matchAll(/^-N (\S+)$/gm)].map((m) => m[1]));
      for (const m of block.matchAll(/-j (ISTIO_\w+)/g)) expect(created.has(m[1])).toBe(true);
    }
    const length = new Map<string, number>();
    for (const rule of family === 4 ? rules.v4 : rules.v6) {
      const key = `${rule.table}/${rule.chain}`;
      const n = length.get(key) ?? 0;
      if (rule.op === 'insert') expect(rule.position ?? 1).toBeLessThanOrEqual(n + 1);
      length.set(key, n + 1);
    }
  }
}

describe('generateRules properties', () => {
  it('never throws on any config of the type, in any profile, and renders', () => {
    fc.assert(
      fc.property(garbageConfig, version, (config, v) => {
        const rules = generateRules(config, v);
        renderRestore(rules, 4);
        renderRestore(rules, 6);
        renderDryRun(rules);
      }),
      { numRuns: 300 },
    );
  });

  it('valid flags give a loadable, deterministic restore input; IPv6 rules only with IPv6', () => {
    fc.assert(
      fc.property(validConfig, version, (config, v) => {
        const rules = generateRules(config, v);
        checkLoadable(rules);
        if (!config.enableIPv6) expect(rules.v6).toEqual([]);
        expect(renderDryRun(generateRules(config, v))).toBe(renderDryRun(rules));
        // A flag the profile's istio-iptables does not know is its only error (OPTION_HISTORY).
        const errors = rules.diagnostics.filter((d) => d.severity === 'error');
        expect(errors.filter((d) => d.code !== 'profile-unsupported-flag')).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('the restore input parses back with no error diagnostics and every rule loaded', () => {
    fc.assert(
      fc.property(validConfig, version, (config, v) => {
        const rules = generateRules(config, v);
        for (const family of [4, 6] as const) {
          const parsed = parseIptables(renderRestore(rules, family), { family });
          const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
          expect(errors).toEqual([]);
          const loaded = parsed.value.tables.flatMap((t) => t.chains).flatMap((c) => c.rules);
          expect(loaded).toHaveLength((family === 4 ? rules.v4 : rules.v6).length);
        }
      }),
      { numRuns: 200 },
    );
  });
});
