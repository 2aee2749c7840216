import { DEFAULT_AMBIENT_TEXT, DEFAULT_CNI_TEXT } from '../../../dataplane/dataplane-spec.ts';
import { REVIEWS_V1_ONLY } from '../../../path/routing-presets.ts';
import type { StepSpec, StepState } from '../../lesson-types.ts';

const AMBIENT = { plane: 'ambient', text: DEFAULT_AMBIENT_TEXT } as const;
/** An ambient pod, IPv4, the pod's rules in view. */
const BASE: StepState = { pod: AMBIENT, node: false, ipv6: false, view: 'graph' };

const INBOUND_9080 = { direction: 'inbound', src: '10.44.1.7', dport: '9080' } as const;
const DNS_QUERY = { proto: 'udp', dst: '10.96.0.10', dport: '53', uid: '1000' } as const;

/** The steps of "Ambient mode: ztunnel and the istio-cni node agent". */
export const AMBIENT_STEPS: readonly StepSpec[] = [
  {
    id: 'ambient',
    state: { ...BASE, packet: 'app-to-service' },
    highlight: { chains: ['nat/ISTIO_OUTPUT', 'nat/ISTIO_PRERT'] },
  },
  {
    id: 'outbound',
    state: { ...BASE, packet: 'app-to-service' },
    highlight: { chains: ['nat/ISTIO_OUTPUT'], rule: 'nat/ISTIO_OUTPUT#4' },
  },
  {
    id: 'inbound',
    state: { ...BASE, packet: 'inbound-app' },
    highlight: { chains: ['nat/ISTIO_PRERT'], rule: 'nat/ISTIO_PRERT#2' },
    exercise: {
      checks: [
        { kind: 'trace', packet: INBOUND_9080, expectFinal: 'ACCEPT' },
        { kind: 'rule-absent', table: 'nat', chain: 'ISTIO_PRERT', contains: '--to-ports 15006' },
      ],
      hint: {
        en: 'Set the annotation `ambient.istio.io/bypass-inbound-capture` to `"true"`.',
        zh: '把注解 `ambient.istio.io/bypass-inbound-capture` 设为 `"true"`。',
      },
      solution: {
        pod: {
          plane: 'ambient',
          text: DEFAULT_AMBIENT_TEXT.replace('capture: "false"', 'capture: "true"'),
        },
      },
    },
  },
  {
    id: 'marks',
    state: { ...BASE, packet: 'inbound-app' },
    highlight: { chains: ['mangle/ISTIO_PRERT', 'mangle/ISTIO_OUTPUT'] },
  },
  {
    id: 'dns',
    state: { ...BASE, packet: 'dns' },
    highlight: { chains: ['nat/ISTIO_OUTPUT'] },
    exercise: {
      checks: [{ kind: 'trace', packet: DNS_QUERY, expectFinal: 'REDIRECT:15053' }],
      hint: {
        en: 'Turn on the node agent’s DNS capture: `AMBIENT_DNS_CAPTURE: "true"` (or the pod annotation `ambient.istio.io/dns-capture: "true"`).',
        zh: '打开节点代理的 DNS 捕获：`AMBIENT_DNS_CAPTURE: "true"`（或者 Pod 注解 `ambient.istio.io/dns-capture: "true"`）。',
      },
      solution: {
        pod: {
          plane: 'ambient',
          text: DEFAULT_AMBIENT_TEXT.replace('DNS_CAPTURE: "false"', 'DNS_CAPTURE: "true"'),
        },
      },
    },
  },
  {
    id: 'probes',
    state: { ...BASE, node: true, packet: 'health-probe' },
    highlight: { chains: ['nat/ISTIO_POSTRT'] },
    exercise: {
      checks: [
        { kind: 'rule-present', table: 'nat', chain: 'ISTIO_POSTRT', contains: '169.254.7.1' },
        { kind: 'rule-absent', table: 'nat', chain: 'ISTIO_POSTRT', contains: '169.254.7.127' },
      ],
      hint: {
        en: 'The node agent reads `HOST_PROBE_SNAT_IP`: set it to `169.254.7.1`.',
        zh: '节点代理读取 `HOST_PROBE_SNAT_IP`：把它设为 `169.254.7.1`。',
      },
      solution: {
        pod: { plane: 'ambient', text: DEFAULT_AMBIENT_TEXT.replace('7.127', '7.1') },
      },
    },
  },
  {
    id: 'waypoint',
    state: { ...BASE, view: 'path', routingText: REVIEWS_V1_ONLY, waypoints: [] },
    exercise: {
      checks: [{ kind: 'path', noDiagnostic: 'ignored-route' }],
      hint: {
        en: 'Only a waypoint applies a Service’s L7 routing: give `reviews` a waypoint (tick it under “Waypoint for”, the label `istio.io/use-waypoint`).',
        zh: '只有 waypoint 会执行服务的七层路由：给 `reviews` 配一个 waypoint（在“使用 waypoint 的服务”里勾选它，即标签 `istio.io/use-waypoint`）。',
      },
      solution: { waypoints: ['reviews'] },
    },
  },
  {
    id: 'cni-plugin',
    state: { pod: { plane: 'cni', text: DEFAULT_CNI_TEXT }, ipv6: false, view: 'graph' },
    highlight: { chains: ['nat/ISTIO_INBOUND'] },
    exercise: {
      checks: [
        { kind: 'rule-present', table: 'mangle', chain: 'ISTIO_TPROXY', contains: '-j TPROXY' },
        { kind: 'no-errors' },
      ],
      hint: {
        en: 'The annotation is `sidecar.istio.io/interceptionMode`: change `REDIRECT` to `TPROXY`.',
        zh: '对应的注解是 `sidecar.istio.io/interceptionMode`：把 `REDIRECT` 改成 `TPROXY`。',
      },
      solution: {
        pod: { plane: 'cni', text: DEFAULT_CNI_TEXT.replace('REDIRECT', 'TPROXY') },
      },
    },
  },
];
