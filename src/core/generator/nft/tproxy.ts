import { because } from '../steps/builder.ts';
import { splitList } from '../steps/ranges.ts';
import { addNftRule, MANGLE, type NftGenContext } from './context.ts';

const TCP = ['meta', 'l4proto', 'tcp'];
/** Envoy's outbound-to-own-pod mark. upstream: tools/istio-nftables/pkg/constants — OutboundMark. */
const OUTBOUND_MARK = '1338';

/**
 * TPROXY marks (even with no inbound ports): connmark save/restore, mark 1338 for Envoy's own
 * loopback calls, and the guard returns inserted first in mangle istio-inbound.
 * upstream: capture/run.go — Run (InboundInterceptionMode == TPROXY).
 */
export function addNftTproxyMarks(ctx: NftGenContext): void {
  if (!ctx.tproxy) return;
  const { config } = ctx;
  const mark = config.istioInboundTproxyMark;
  const origin = because(
    `TPROXY mode: marks ${mark} and ${OUTBOUND_MARK} route Envoy's replies and own-pod calls.`,
    'istio-inbound-interception-mode',
    'istio-inbound-tproxy-mark',
  );
  const pre = { table: MANGLE, chain: 'prerouting', origin };
  const out = { table: MANGLE, chain: 'output', origin };
  const inbound = { table: MANGLE, chain: 'istio-inbound', origin };
  addNftRule(ctx, { ...pre, match: [...TCP, 'mark', mark], action: ['ct', 'mark', 'set', 'mark'] });
  addNftRule(ctx, { ...out, match: ['oifname', 'lo', ...TCP, 'mark', mark], action: ['return'] });
  for (const [kind, ids] of [
    ['skuid', splitList(config.proxyUid)],
    ['skgid', splitList(config.proxyGid)],
  ] as const) {
    for (const id of ids) {
      for (const [fam, lb, v6] of [
        ['ip', ctx.loopback[0], false],
        ['ip6', ctx.loopback[1], true],
      ] as const) {
        addNftRule(ctx, {
          ...out,
          match: ['oifname', 'lo', ...TCP, fam, 'daddr', '!=', lb, kind, id],
          action: ['meta', 'mark', 'set', OUTBOUND_MARK],
          v6,
        });
      }
    }
  }
  addNftRule(ctx, {
    ...out,
    match: [...TCP, 'ct', 'mark', mark],
    action: ['meta', 'mark', 'set', 'ct', 'mark'],
  });
  addNftRule(ctx, { ...inbound, match: [...TCP, 'mark', mark], action: ['return'], at: 0 });
  addNftRule(ctx, {
    ...inbound,
    match: ['iifname', 'lo', ...TCP, 'ip', 'saddr', '127.0.0.6/32'],
    action: ['return'],
    at: 1,
  });
  addNftRule(ctx, {
    ...inbound,
    match: ['iifname', 'lo', ...TCP, 'ip6', 'saddr', '::6/128'],
    action: ['return'],
    at: 1,
    v6: true,
  });
  addNftRule(ctx, {
    ...inbound,
    match: ['iifname', 'lo', ...TCP, 'mark', '!=', OUTBOUND_MARK],
    action: ['return'],
    at: 2,
  });
}
