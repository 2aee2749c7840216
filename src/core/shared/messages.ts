/**
 * What the core says, as data: a closed set of message ids, each with typed parameters. The
 * core never builds a sentence for the reader; the UI renders a message in the reader's language
 * (parameters such as rule refs and flags become links) and the CLI renders it in English.
 * This file is a leaf: it imports nothing but the branded RuleRef type.
 */
import type { RuleRef } from '../iptables/model.ts';

/** What a parameter is, so renderers can link it (rule, flag) or format it (port, uid). */
export interface MessageParamKinds {
  readonly rule: RuleRef;
  readonly flag: string;
  readonly port: number;
  readonly uid: number;
  readonly address: string;
  readonly count: number;
  /** Literal text from the input (a flag's value, a chain name): shown as code, never translated. */
  readonly code: string;
}

export type MessageParamKind = keyof MessageParamKinds;

/** Every message id and the kind of each of its parameters. */
export const MESSAGE_PARAMS = {
  'capture.redirect-loop': { port: 'port', uid: 'uid', rule: 'rule', flag: 'flag', value: 'code' },
  'capture.redirect-loop.no-rule': { port: 'port', uid: 'uid', flag: 'flag', value: 'code' },
  'capture.app-escapes': {
    uid: 'uid',
    address: 'address',
    port: 'port',
    rule: 'rule',
    flag: 'flag',
  },
  'capture.app-escapes.no-rule': { uid: 'uid', address: 'address', port: 'port' },
  'capture.inbound-bypass': { port: 'port', rule: 'rule', flag: 'flag' },
  'capture.inbound-bypass.no-rule': { port: 'port', flag: 'flag', value: 'code' },
  'capture.no-listener': { port: 'port', listener: 'port', flag: 'flag', rule: 'rule' },
  'fix.proxy-uid': { flag: 'flag', uid: 'uid' },
  'fix.review-flag': { flag: 'flag' },
  'fix.inbound-ports': { port: 'port', include: 'flag', exclude: 'flag' },
  'fix.listener-port': { flag: 'flag', listener: 'port' },
  'route.loopback-source': { address: 'address', oif: 'code', errno: 'code' },
  'route.loopback-source.reroute': {
    address: 'address',
    oif: 'code',
    errno: 'code',
    table: 'code',
  },
  'route.no-route': { address: 'address', errno: 'code' },
  'route.loopback-source-leaves-node': { address: 'address', oif: 'code' },
  'ambient.app-connect': { pod: 'code', src: 'address', dst: 'address', service: 'code' },
  'ambient.ztunnel-dns': { pod: 'code', node: 'code', name: 'code', address: 'address' },
  'ambient.ztunnel-outbound': { pod: 'code', node: 'code', target: 'address', service: 'code' },
  'ambient.ztunnel-pick': { service: 'code', count: 'count', endpoints: 'code', chosen: 'code' },
  'ambient.ztunnel-pick-waypoint': { service: 'code', waypoint: 'code' },
  'ambient.ztunnel-connect': { pod: 'code', src: 'address', dst: 'address' },
  'ambient.ztunnel-hbone': { pod: 'code', upstream: 'address', target: 'address' },
  'ambient.ztunnel-inbound': { pod: 'code', node: 'code', address: 'address', target: 'address' },
  'ambient.ztunnel-deliver': { pod: 'code', target: 'address', source: 'address' },
  'ambient.ztunnel-return-app': { pod: 'code', address: 'address' },
  'ambient.ztunnel-return-tunnel': { pod: 'code' },
  'ambient.ztunnel-return-caller': { pod: 'code', port: 'port' },
  'ambient.app-serves': {
    pod: 'code',
    method: 'code',
    path: 'code',
    port: 'port',
    source: 'address',
  },
  'ambient.wire': { from: 'code', to: 'code', src: 'address', dst: 'address' },
  'ambient.client-wire': { pod: 'code', src: 'address', dst: 'address' },
  'ambient.envoy-connect': { pod: 'code', src: 'address', dst: 'address' },
  'ambient.gateway-listener': { pod: 'code', listener: 'code', address: 'address' },
  'ambient.gateway-hbone': { pod: 'code', upstream: 'address', target: 'address' },
  'ambient.waypoint-accept': {
    waypoint: 'code',
    pod: 'code',
    address: 'address',
    target: 'address',
    service: 'code',
  },
  'ambient.envoy-route': { pod: 'code', host: 'code', route: 'code', cluster: 'code' },
  'ambient.envoy-cluster': { pod: 'code', cluster: 'code', type: 'code' },
  'ambient.envoy-endpoint': { pod: 'code', cluster: 'code', endpoints: 'code', chosen: 'code' },
  'ambient.waypoint-connect': {
    waypoint: 'code',
    chosen: 'code',
    upstream: 'address',
    target: 'address',
  },
  'ambient.probe': { pod: 'code', port: 'port', node: 'code', address: 'address' },
  'ambient.ignored-route': {
    kind: 'code',
    name: 'code',
    service: 'code',
    count: 'count',
    endpoints: 'code',
  },
  'ambient.app-connect-plain': { pod: 'code', src: 'address', dst: 'address', service: 'code' },
  'ambient.kube-proxy': { from: 'code', src: 'address', dst: 'address', target: 'address' },
  'ambient.ztunnel-plaintext': { pod: 'code', target: 'address' },
  'ambient.ztunnel-inbound-plaintext': {
    pod: 'code',
    node: 'code',
    address: 'address',
    target: 'address',
  },
  'ambient.app-serves-plain': {
    pod: 'code',
    method: 'code',
    path: 'code',
    port: 'port',
    source: 'address',
  },
  'ambient.not-delivered': { pod: 'code', final: 'code' },
  'ambient.wrong-port': { pod: 'code', port: 'port', delivered: 'port' },
  'ambient.route-not-found': { proxy: 'code', method: 'code', target: 'code' },
  'ambient.missing-cluster': { proxy: 'code', source: 'code', cluster: 'code' },
  'ambient.no-healthy-upstream': { cluster: 'code' },
  'ambient.regex-route': { route: 'code', source: 'code' },
  'ambient.unknown-service': { pod: 'code', service: 'code' },
  'ambient.unknown-request': { pod: 'code', service: 'code' },
  'ambient.unknown-waypoint': { service: 'code' },
  'ambient.step-limit': { hops: 'count', depth: 'count' },
  'ambient.no-endpoint': { service: 'code' },
} as const satisfies Record<string, Record<string, MessageParamKind>>;

type Specs = typeof MESSAGE_PARAMS;

/** The closed union of message ids. */
export type MessageId = keyof Specs;

/** The parameters of message `K`, typed by kind. */
export type MessageParams<K extends MessageId> = {
  readonly [P in keyof Specs[K]]: Specs[K][P] extends MessageParamKind
    ? MessageParamKinds[Specs[K][P]]
    : never;
};

/**
 * One message: an id and its parameters.
 *
 * @example
 * const m: Message = { id: 'fix.proxy-uid', params: { flag: 'proxy-uid', uid: 1337 } };
 */
export type Message = {
  [K in MessageId]: { readonly id: K; readonly params: MessageParams<K> };
}[MessageId];

/** Builds a message with its parameters checked against the id. */
export function message<K extends MessageId>(id: K, params: MessageParams<K>): Message {
  return { id, params } as unknown as Message;
}

export const MESSAGE_IDS: readonly MessageId[] = Object.keys(MESSAGE_PARAMS) as MessageId[];

export function isMessageId(id: string): id is MessageId {
  return Object.hasOwn(MESSAGE_PARAMS, id);
}
