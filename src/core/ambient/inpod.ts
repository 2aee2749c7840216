import type { RuleOrigin } from '../iptables/model.ts';
import { because, createRuleSink, type RuleSink } from '../generator/steps/builder.ts';
import type { GeneratedRules } from '../generator/generate.ts';
import { AMBIENT, ambientPolicyRoutes, isDnsCaptured, type AmbientConfig } from './config.ts';

const MARK = `0x${AMBIENT.inpodMark.toString(16)}/0x${AMBIENT.markMask.toString(16)}`;
const TPROXY_MARK = `0x${AMBIENT.tproxyMark.toString(16)}/0x${AMBIENT.markMask.toString(16)}`;
const RESTORE_MASK = `0x${AMBIENT.restoreMask.toString(16)}`;
const LOOPBACK: readonly [string, string] = ['127.0.0.1/32', '::1/128'];
const NOT_ZTUNNEL = ['-m', 'mark', '!', '--mark', MARK] as const;

function probeAddresses(config: AmbientConfig): readonly [string, string] {
  return [config.probeSnatV4, config.probeSnatV6];
}

function redirectTo(port: number): string[] {
  return ['-j', 'REDIRECT', '--to-ports', String(port)];
}

const ORIGIN = {
  hook: because('Hands the hook to the ambient chain of this table.'),
  connmark: because(
    'Marks connections ztunnel opened into the pod (socket mark 0x539) with 0x111, so replies take the table-100 route back to ztunnel.',
  ),
  restore: because(
    'Copies the 0x111 connmark onto the app’s reply packets, which selects the table-100 policy route to lo.',
  ),
} satisfies Record<string, RuleOrigin>;

/** mangle: connmark on the way in, restore on the way out. upstream: iptables.go — AppendInpodRules. */
function addMangle(sink: RuleSink): void {
  sink.append('both', 'mangle', 'PREROUTING', ['-j', 'ISTIO_PRERT'], ORIGIN.hook);
  sink.append('both', 'mangle', 'OUTPUT', ['-j', 'ISTIO_OUTPUT'], ORIGIN.hook);
  sink.append(
    'both',
    'mangle',
    'ISTIO_PRERT',
    ['-m', 'mark', '--mark', MARK, '-j', 'CONNMARK', '--set-xmark', TPROXY_MARK],
    ORIGIN.connmark,
  );
  sink.append(
    'both',
    'mangle',
    'ISTIO_OUTPUT',
    ['-m', 'connmark', '--mark', TPROXY_MARK, '-j', 'CONNMARK', '--restore-mark'].concat([
      '--nfmask',
      RESTORE_MASK,
      '--ctmask',
      RESTORE_MASK,
    ]),
    ORIGIN.restore,
  );
}

/** Virtual-interface pairs at the top of nat ISTIO_PRERT: their TCP is treated as outbound. */
function addVirtualInterfaces(sink: RuleSink, config: AmbientConfig): void {
  const origin = because(
    'Traffic arriving from this virtual interface (a VM) is outbound traffic: ztunnel’s outbound port.',
    'virtual-interfaces',
  );
  for (const itf of config.virtualInterfaces) {
    sink.append(
      'both',
      'nat',
      'ISTIO_PRERT',
      ['-i', itf, '-p', 'tcp', ...redirectTo(AMBIENT.outboundPort)],
      origin,
    );
    sink.append('both', 'nat', 'ISTIO_PRERT', ['-i', itf, '-p', 'tcp', '-j', 'RETURN'], origin);
  }
}

/** DNS to ztunnel's proxy on 15053 (UDP not via lo, TCP not to loopback), unless ztunnel sent it. */
function addDnsRedirects(sink: RuleSink): void {
  const origin = because(
    'DNS capture: the pod’s DNS queries go to ztunnel’s DNS proxy.',
    'redirect-dns',
    'pod-dns',
  );
  // upstream: the UDP rule names no address, so both families get the same words (`--to-port`).
  sink.append(
    'both',
    'nat',
    'ISTIO_OUTPUT',
    ['!', '-o', 'lo', '-p', 'udp', ...NOT_ZTUNNEL, '-m', 'udp', '--dport', '53'].concat([
      '-j',
      'REDIRECT',
      '--to-port',
      String(AMBIENT.dnsPort),
    ]),
    origin,
  );
  sink.appendVersioned(
    'nat',
    'ISTIO_OUTPUT',
    LOOPBACK,
    (lo) => [
      '!',
      '-d',
      lo,
      '-p',
      'tcp',
      '--dport',
      '53',
      ...NOT_ZTUNNEL,
      ...redirectTo(AMBIENT.dnsPort),
    ],
    origin,
  );
}

/** nat: inbound plaintext to 15006, outbound to 15001, probes and ztunnel's own traffic exempt. */
function addNat(sink: RuleSink, config: AmbientConfig): void {
  sink.append('both', 'nat', 'OUTPUT', ['-j', 'ISTIO_OUTPUT'], ORIGIN.hook);
  sink.append('both', 'nat', 'PREROUTING', ['-j', 'ISTIO_PRERT'], ORIGIN.hook);
  addVirtualInterfaces(sink, config);
  const probe = probeAddresses(config);
  if (!config.ingressMode) {
    sink.appendVersioned(
      'nat',
      'ISTIO_PRERT',
      probe,
      (a) => ['-s', a, '-p', 'tcp', '-m', 'tcp', '-j', 'ACCEPT'],
      because(
        'Kubelet probes arrive SNATed to the probe address and reach the app without ztunnel.',
        'probe-snat',
      ),
    );
  }
  sink.appendVersioned(
    'nat',
    'ISTIO_OUTPUT',
    probe,
    (a) => ['-d', a, '-p', 'tcp', '-m', 'tcp', '-j', 'ACCEPT'],
    because('Replies to kubelet probes go straight back.', 'probe-snat'),
  );
  if (!config.ingressMode) {
    sink.appendVersioned(
      'nat',
      'ISTIO_PRERT',
      LOOPBACK,
      (lo) =>
        [
          '!',
          '-d',
          lo,
          '-p',
          'tcp',
          '!',
          '--dport',
          String(AMBIENT.hboneInboundPort),
          ...NOT_ZTUNNEL,
        ].concat(redirectTo(AMBIENT.inboundPlaintextPort)),
      because(
        'Plaintext inbound TCP goes to ztunnel’s inbound port; HBONE (15008) and ztunnel’s own connections pass.',
      ),
    );
  }
  if (isDnsCaptured(config)) addDnsRedirects(sink);
  sink.append(
    'both',
    'nat',
    'ISTIO_OUTPUT',
    ['-p', 'tcp', '-m', 'mark', '--mark', TPROXY_MARK, '-j', 'ACCEPT'],
    because('Replies on connections ztunnel opened into the pod are not captured again.'),
  );
  sink.appendVersioned(
    'nat',
    'ISTIO_OUTPUT',
    LOOPBACK,
    (lo) => ['!', '-d', lo, '-o', 'lo', '-j', 'ACCEPT'],
    because('Traffic to the pod’s own addresses over lo stays in the pod.'),
  );
  sink.appendVersioned(
    'nat',
    'ISTIO_OUTPUT',
    LOOPBACK,
    (lo) => ['!', '-d', lo, '-p', 'tcp', ...NOT_ZTUNNEL, ...redirectTo(AMBIENT.outboundPort)],
    because('Outbound TCP from the app goes to ztunnel’s outbound port.'),
  );
}

/** raw: ztunnel's upstream DNS in conntrack zone 1 (istio/istio#33469). */
function addRaw(sink: RuleSink): void {
  const origin = because(
    'ztunnel’s own DNS flows get their own conntrack zone, so they cannot collide with the app’s flows to 15053.',
    'redirect-dns',
    'pod-dns',
  );
  const zone = ['-j', 'CT', '--zone', String(AMBIENT.dnsConntrackZone)];
  sink.append('both', 'raw', 'PREROUTING', ['-j', 'ISTIO_PRERT'], ORIGIN.hook);
  sink.append('both', 'raw', 'OUTPUT', ['-j', 'ISTIO_OUTPUT'], ORIGIN.hook);
  sink.append(
    'both',
    'raw',
    'ISTIO_OUTPUT',
    ['-p', 'udp', '-m', 'mark', '--mark', MARK, '-m', 'udp', '--dport', '53', ...zone],
    origin,
  );
  sink.append(
    'both',
    'raw',
    'ISTIO_PRERT',
    ['-p', 'udp', ...NOT_ZTUNNEL, '-m', 'udp', '--sport', '53', ...zone],
    origin,
  );
}

/**
 * The rules the istio-cni node agent writes into an ambient pod's network namespace, in code
 * order per family, plus the policy route it adds through netlink (`setup`).
 * upstream: cni/pkg/iptables/iptables.go — CreateInpodRules / AppendInpodRules.
 *
 * @example
 * const rules = generateInpodRules({ ...DEFAULT_AMBIENT_CONFIG, redirectDns: true });
 * renderRestore(rules, 4).split('\n')[0]; // '* mangle'
 */
export function generateInpodRules(config: AmbientConfig): GeneratedRules {
  const sink = createRuleSink({ enableIPv6: config.enableIPv6, traceLogging: false });
  addMangle(sink);
  addNat(sink, config);
  if (isDnsCaptured(config)) addRaw(sink);
  return {
    version: 'latest',
    enableIPv6: config.enableIPv6,
    v4: sink.v4,
    v6: sink.v6,
    diagnostics: [],
    setup: ambientPolicyRoutes(config.enableIPv6),
  };
}

/**
 * The node-side rules: connections from local sockets (kubelet's probes) to enrolled pods (the
 * ipset) are SNATed to the probe address, which the in-pod rules let through.
 * upstream: cni/pkg/iptables/iptables.go — CreateHostRulesForHealthChecks / AppendHostRules.
 *
 * @example
 * formatRuleCommand(generateHostProbeRules(DEFAULT_AMBIENT_CONFIG).v4[0]); // '-I POSTROUTING 1 -j ISTIO_POSTRT'
 */
export function generateHostProbeRules(config: AmbientConfig): GeneratedRules {
  const sink = createRuleSink({ enableIPv6: config.enableIPv6, traceLogging: false });
  sink.insert('both', 'nat', 'POSTROUTING', 1, ['-j', 'ISTIO_POSTRT'], ORIGIN.hook);
  const snat = (set: string, to: string): string[] => [
    '-m',
    'owner',
    '--socket-exists',
    '-p',
    'tcp',
    '-m',
    'set',
    '--match-set',
    set,
    'dst',
    '-j',
    'SNAT',
    '--to-source',
    to,
  ];
  const origin = because(
    'Kubelet’s probes (a local socket on the node) to an enrolled pod are SNATed to the probe address, so the pod can tell them from forwarded traffic.',
    'probe-snat',
  );
  sink.append(4, 'nat', 'ISTIO_POSTRT', snat(AMBIENT.probeSetV4, config.probeSnatV4), origin);
  sink.append(6, 'nat', 'ISTIO_POSTRT', snat(AMBIENT.probeSetV6, config.probeSnatV6), origin);
  return {
    version: 'latest',
    enableIPv6: config.enableIPv6,
    v4: sink.v4,
    v6: sink.v6,
    diagnostics: [],
    setup: [],
  };
}
