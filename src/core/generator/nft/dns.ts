import { because } from '../steps/builder.ts';
import { splitList } from '../steps/ranges.ts';
import { addNftRule, NAT, RAW, type NftGenContext } from './context.ts';

const DNS_PORT = '15053';
const origin = because('DNS queries are captured by the agent on port 15053.', 'redirect-dns');
const zoneOrigin = because(
  'DNS conntrack zones keep the agent’s upstream and downstream flows apart.',
  'redirect-dns',
);

function addNatDns(ctx: NftGenContext): void {
  const { dns } = ctx;
  const redirect = ['redirect', 'to', `:${DNS_PORT}`];
  const chain = { table: NAT, chain: 'istio-output-dns' };
  if (dns.captureAll) {
    addNftRule(ctx, {
      ...chain,
      match: ['meta', 'l4proto', 'tcp', 'tcp', 'dport', '53'],
      action: redirect,
      origin,
    });
    addNftRule(ctx, { ...chain, match: ['udp', 'dport', '53'], action: redirect, origin });
    return;
  }
  for (const proto of ['tcp', 'udp']) {
    for (const s of dns.serversV4) {
      addNftRule(ctx, {
        ...chain,
        match: ['ip', 'daddr', `${s}/32`, proto, 'dport', '53'],
        action: redirect,
        origin,
      });
    }
    for (const s of dns.serversV6) {
      addNftRule(ctx, {
        ...chain,
        match: ['ip6', 'daddr', `${s}/128`, proto, 'dport', '53'],
        action: redirect,
        origin,
        v6: true,
      });
    }
  }
}

function addRawZones(ctx: NftGenContext): void {
  const { config, dns } = ctx;
  const out = { table: RAW, chain: 'istio-output-dns', origin: zoneOrigin };
  const inbound = { table: RAW, chain: 'istio-inbound', origin: zoneOrigin };
  for (const [kind, ids] of [
    ['skuid', splitList(config.proxyUid)],
    ['skgid', splitList(config.proxyGid)],
  ] as const) {
    for (const id of ids) {
      const who = ['meta', kind, id];
      addNftRule(ctx, {
        ...out,
        match: ['udp', 'dport', '53', ...who],
        action: ['ct', 'zone', 'set', '1'],
      });
      addNftRule(ctx, {
        ...out,
        match: ['udp', 'sport', DNS_PORT, ...who],
        action: ['ct', 'zone', 'set', '2'],
      });
    }
  }
  const jumpIn = {
    table: RAW,
    chain: 'prerouting',
    match: [],
    action: ['jump', 'istio-inbound'],
    origin: zoneOrigin,
  };
  if (dns.captureAll) {
    addNftRule(ctx, jumpIn);
    addNftRule(ctx, { ...out, match: ['udp', 'dport', '53'], action: ['ct', 'zone', 'set', '2'] });
    addNftRule(ctx, {
      ...inbound,
      match: ['udp', 'sport', '53'],
      action: ['ct', 'zone', 'set', '1'],
    });
    return;
  }
  if (dns.serversV4.length + dns.serversV6.length > 0) addNftRule(ctx, jumpIn);
  for (const [fam, servers, bits, v6] of [
    ['ip', dns.serversV4, '32', false],
    ['ip6', dns.serversV6, '128', true],
  ] as const) {
    for (const s of servers) {
      const addr = `${s}/${bits}`;
      addNftRule(ctx, {
        ...out,
        match: ['udp', 'dport', '53', fam, 'daddr', addr],
        action: ['ct', 'zone', 'set', '2'],
        v6,
      });
      addNftRule(ctx, {
        ...inbound,
        match: ['udp', 'sport', '53', fam, 'saddr', addr],
        action: ['ct', 'zone', 'set', '1'],
        v6,
      });
    }
  }
}

/** DNS capture: nat redirects to the agent and raw conntrack zones. upstream: capture/run.go — Run. */
export function addNftDns(ctx: NftGenContext): void {
  const { dns } = ctx;
  if (!dns.on) return;
  addNftRule(ctx, {
    table: RAW,
    chain: 'output',
    match: [],
    action: ['jump', 'istio-output-dns'],
    origin: zoneOrigin,
  });
  if (dns.captureAll || dns.serversV4.length + dns.serversV6.length > 0) {
    addNftRule(ctx, {
      table: NAT,
      chain: 'istio-output',
      match: [],
      action: ['jump', 'istio-output-dns'],
      origin,
    });
  }
  addNatDns(ctx);
  addRawZones(ctx);
}
