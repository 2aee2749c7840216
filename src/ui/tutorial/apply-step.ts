import { parseNftRuleRef, parseRuleRef, PROFILES } from '@core';
import { renderRoutingPreset } from '../path/routing-presets.ts';
import type { ExplorerStore, PacketForm } from '../store/store.ts';
import { findTypicalPacket } from '../workbench/typical-packets.ts';
import { toPacketForm } from './check.ts';
import type { StepSpec, StepState } from './lesson-types.ts';

/**
 * Sets the explorer to a step's state (fields the step leaves out keep the reader's value) and
 * selects what it highlights. Used on arriving at a step and by "Apply this step".
 *
 * @example
 * applyStep(store, LESSONS[0].steps[3]); // args = the defaults, packet = inbound to the app, graph view
 */
export function applyStep(store: ExplorerStore, step: StepSpec): void {
  applyState(store, step.state);
  const s = store.getState();
  const ref = step.highlight?.rule;
  const rule = ref === undefined ? undefined : (parseRuleRef(ref) ?? parseNftRuleRef(ref));
  s.selectRule(rule?.ref ?? null);
  s.hoverFlag(step.highlight?.flag ?? null);
}

/** The explorer state of a StepState (also how the lesson tests apply an exercise's solution). */
export function applyState(store: ExplorerStore, state: StepState): void {
  const s = store.getState();
  const version = state.version ?? s.version;
  if (state.args !== undefined) {
    const text = state.args === 'profile' ? PROFILES[version].defaultArgs : state.args;
    s.loadPreset({
      text,
      version,
      ...(state.ipv6 === undefined ? {} : { ipv6: state.ipv6 }),
      ...(state.dnsServers === undefined ? {} : { dnsServers: state.dnsServers }),
    });
    // istio-init args name their backend: the steps before nftables's are iptables steps.
    s.setBackend(state.backend ?? 'iptables');
  } else {
    if (state.backend !== undefined) s.setBackend(state.backend);
    if (state.version !== undefined) s.setVersion(state.version);
    if (state.ipv6 !== undefined) s.setIpv6(state.ipv6);
    if (state.dnsServers !== undefined) s.setDnsServers(state.dnsServers);
  }
  if (state.pod !== undefined)
    s.loadPreset({ text: state.pod.text, version, dataplane: state.pod.plane });
  if (state.node !== undefined) s.setAmbientNode(state.node);
  if (state.routing !== undefined)
    s.setPathSpec({ routing: state.routing === 'none' ? '' : renderRoutingPreset(state.routing) });
  if (state.routingText !== undefined) s.setPathSpec({ routing: state.routingText });
  if (state.waypoints !== undefined) s.setPathSpec({ waypoints: state.waypoints });
  if (state.packet !== undefined) {
    const packet = toStepPacket(state.packet);
    if (packet) s.setPacket(packet);
  }
  if (state.view !== undefined) s.setMainView(state.view);
}

function toStepPacket(packet: NonNullable<StepState['packet']>): PacketForm | undefined {
  if (typeof packet === 'string') return findTypicalPacket(packet)?.form;
  return toPacketForm(packet);
}

/**
 * A stylesheet that outlines the step's chains in the chain graph (by their `data-chain` ids):
 * highlighting through CSS leaves the graph's own rendering and selectors untouched.
 *
 * @example
 * highlightCss(['nat/ISTIO_INBOUND']); // '[data-chain="nat/ISTIO_INBOUND"]{outline:…}'
 */
export function highlightCss(chains: readonly string[]): string {
  // `nat/ISTIO_INBOUND`, or an nftables chain `inet/istio-proxy-nat/output`.
  const safe = chains.filter((c) => /^[a-z0-9]+(\/[\w-]+){1,2}$/.test(c));
  if (safe.length === 0) return '';
  const selector = safe.map((c) => `[data-chain="${c}"]`).join(',');
  return `${selector}{outline:3px solid var(--tutorial-accent,#d97706);outline-offset:2px;}`;
}
