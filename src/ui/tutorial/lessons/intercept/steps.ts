import type { StepSpec } from '../../lesson-types.ts';

// The default istio-init args of today's injector (PROFILES.latest.defaultArgs), spelled out
// because each exercise starts from (or solves towards) a variation of them.
const ARGS = "-p 15001 -z 15006 -u 1337 -m REDIRECT -i '*' -x \"\" -b '*' -d 15090,15021,15020";

/** What most steps start from: today's defaults, an IPv4 pod, no DNS servers. */
const BASE = { args: ARGS, version: 'latest', ipv6: false, dnsServers: '' } as const;

const INBOUND_9080 = { direction: 'inbound', src: '10.44.1.7', dport: '9080' } as const;
const INBOUND_8080 = { direction: 'inbound', src: '10.44.1.7', dport: '8080' } as const;
const APP_TO_SERVICE = { dst: '10.96.0.20', dport: '9080', uid: '1000' } as const;

/** The steps of "How Istio intercepts a pod's traffic", in the order of the seeds' story. */
export const INTERCEPT_STEPS: readonly StepSpec[] = [
  { id: 'sidecar', state: { ...BASE, view: 'graph', packet: 'app-to-service' } },
  {
    id: 'istio-init-args',
    state: { ...BASE, view: 'graph', packet: 'app-to-service' },
    highlight: { flag: 'envoy-port', chains: ['nat/ISTIO_REDIRECT'] },
    exercise: {
      checks: [{ kind: 'trace', packet: APP_TO_SERVICE, expectFinal: 'REDIRECT:15002' }],
      hint: {
        en: 'The outbound port is `-p` (`--envoy-port`): change `-p 15001` to `-p 15002`.',
        zh: '出站端口由 `-p`（`--envoy-port`）决定：把 `-p 15001` 改成 `-p 15002`。',
      },
      solution: { args: ARGS.replace('-p 15001', '-p 15002') },
    },
  },
  {
    id: 'tables-hooks',
    state: { ...BASE, view: 'graph', packet: 'app-to-service' },
    highlight: { chains: ['nat/PREROUTING', 'nat/OUTPUT'] },
  },
  {
    id: 'inbound',
    state: { ...BASE, view: 'graph', packet: 'inbound-app' },
    highlight: {
      chains: ['nat/PREROUTING', 'nat/ISTIO_INBOUND', 'nat/ISTIO_IN_REDIRECT'],
      rule: 'nat/ISTIO_IN_REDIRECT#1',
    },
    exercise: {
      checks: [
        { kind: 'trace', packet: INBOUND_9080, expectFinal: 'ACCEPT' },
        { kind: 'trace', packet: INBOUND_8080, expectFinal: 'REDIRECT:15006' },
      ],
      hint: {
        en: 'Add 9080 to the excluded inbound ports: `-d 15090,15021,15020,9080`. Other ports must still be captured.',
        zh: '把 9080 加进入站排除端口：`-d 15090,15021,15020,9080`。其他端口仍然要被拦截。',
      },
      solution: { args: ARGS.replace('15020', '15020,9080') },
    },
  },
  {
    id: 'excluded-ports',
    state: { ...BASE, view: 'graph', packet: 'health-probe' },
    highlight: { chains: ['nat/ISTIO_INBOUND'], rule: 'nat/ISTIO_INBOUND#3' },
    exercise: {
      checks: [
        { kind: 'trace', packet: INBOUND_8080, expectFinal: 'ACCEPT' },
        { kind: 'trace', packet: INBOUND_9080, expectFinal: 'REDIRECT:15006' },
      ],
      hint: {
        en: "Capture a list instead of everything: replace `-b '*'` with `-b 9080`.",
        zh: "只拦截列出的端口而不是全部：把 `-b '*'` 换成 `-b 9080`。",
      },
      solution: { args: ARGS.replace("-b '*'", '-b 9080') },
    },
  },
  {
    id: 'outbound',
    state: { ...BASE, view: 'graph', packet: 'app-to-service' },
    highlight: {
      chains: ['nat/OUTPUT', 'nat/ISTIO_OUTPUT', 'nat/ISTIO_REDIRECT'],
      rule: 'nat/ISTIO_REDIRECT#1',
    },
    exercise: {
      checks: [
        {
          kind: 'trace',
          packet: { dst: '10.96.0.30', dport: '3306', uid: '1000' },
          expectFinal: 'ACCEPT',
        },
        { kind: 'trace', packet: APP_TO_SERVICE, expectFinal: 'REDIRECT:15001' },
      ],
      hint: {
        en: 'Outbound ports to leave alone go to `-o` (`--outbound-ports-exclude`): add `-o 3306`.',
        zh: '不想拦截的出站端口交给 `-o`（`--outbound-ports-exclude`）：加上 `-o 3306`。',
      },
      solution: { args: `${ARGS} -o 3306` },
    },
  },
  {
    id: 'uid-1337',
    state: {
      ...BASE,
      args: ARGS.replace('-u 1337', '-u 1000'),
      view: 'path',
      packet: 'envoy-upstream',
      routing: 'none',
    },
    highlight: { flag: 'proxy-uid', chains: ['nat/ISTIO_OUTPUT'] },
    exercise: {
      checks: [{ kind: 'no-errors' }, { kind: 'path', noDiagnostic: 'redirect-loop' }],
      hint: {
        en: 'Envoy runs as uid 1337. With `-u 1000` the app is exempt and Envoy is captured again: set `-u 1337`.',
        zh: 'Envoy 以 uid 1337 运行。`-u 1000` 豁免的是应用，Envoy 自己的流量又被拦截回来：改成 `-u 1337`。',
      },
      solution: { args: ARGS },
    },
  },
  {
    id: 'loopback-127-0-0-6',
    state: { ...BASE, view: 'graph', packet: 'inbound-passthrough' },
    highlight: { chains: ['nat/ISTIO_OUTPUT'], rule: 'nat/ISTIO_OUTPUT#1' },
  },
  { id: 'envoy-config', state: { ...BASE, view: 'path', routing: 'none' } },
  {
    id: 'routing',
    state: { ...BASE, view: 'path', routing: 'none' },
    exercise: {
      checks: [
        { kind: 'path-hop-present', label: 'reviews-v1' },
        { kind: 'path-hop-absent', label: 'ratings' },
      ],
      hint: {
        en: 'Pick the routing preset “all-v1” (or write a VirtualService whose reviews route has `subset: v1`).',
        zh: '选择路由预设“all-v1”（或者写一个 VirtualService，让 reviews 的路由指向 `subset: v1`）。',
      },
      solution: { routing: 'all-v1' },
    },
  },
  {
    id: 'tproxy',
    state: { ...BASE, view: 'graph', packet: 'inbound-app' },
    highlight: { flag: 'istio-inbound-interception-mode' },
    exercise: {
      checks: [
        {
          kind: 'rule-present',
          table: 'mangle',
          chain: 'ISTIO_TPROXY',
          contains: '-j TPROXY --on-port 15006',
        },
      ],
      hint: {
        en: 'The inbound mode is `-m`: change `-m REDIRECT` to `-m TPROXY`.',
        zh: '入站模式由 `-m` 决定：把 `-m REDIRECT` 改成 `-m TPROXY`。',
      },
      solution: { args: ARGS.replace('REDIRECT', 'TPROXY') },
    },
  },
  {
    id: 'dns',
    state: { ...BASE, dnsServers: '10.96.0.10', view: 'graph', packet: 'dns' },
    highlight: { flag: 'redirect-dns' },
    exercise: {
      checks: [
        {
          kind: 'trace',
          packet: { proto: 'udp', dst: '10.96.0.10', dport: '53', uid: '1000' },
          expectFinal: 'REDIRECT:15053',
        },
      ],
      hint: {
        en: 'DNS capture is off by default: add `--redirect-dns` to the args.',
        zh: 'DNS 捕获默认关闭：在参数里加上 `--redirect-dns`。',
      },
      solution: { args: `${ARGS} --redirect-dns` },
    },
  },
  {
    id: 'versions',
    state: { ...BASE, view: 'graph', packet: 'inbound-app' },
    highlight: { chains: ['nat/ISTIO_INBOUND'] },
    exercise: {
      checks: [
        {
          kind: 'rule-present',
          table: 'nat',
          chain: 'ISTIO_INBOUND',
          contains: '--dport 22 -j RETURN',
        },
      ],
      hint: {
        en: 'Try the profiles in the “Istio version” menu and watch nat/ISTIO_INBOUND: one of them returns port 22 first.',
        zh: '在“Istio 版本”菜单里逐个试试，盯住 nat/ISTIO_INBOUND：有一个版本会先放行 22 端口。',
      },
      solution: { version: '1.11' },
    },
  },
  {
    id: 'nftables',
    state: { ...BASE, backend: 'nftables', view: 'graph', packet: 'app-to-service' },
    highlight: {
      chains: ['inet/istio-proxy-nat/output', 'inet/istio-proxy-nat/istio-output'],
      rule: 'inet/istio-proxy-nat/istio-redirect#1',
    },
    exercise: {
      checks: [
        { kind: 'backend', equals: 'nftables' },
        { kind: 'trace', packet: APP_TO_SERVICE, expectFinal: 'ACCEPT' },
        {
          kind: 'trace',
          packet: { ...APP_TO_SERVICE, dst: '10.96.0.30' },
          expectFinal: 'REDIRECT:15001',
        },
      ],
      hint: {
        en: 'Keep the nftables backend and leave the Service’s address out of capture: `-x 10.96.0.20/32` (`--outbound-ip-ranges-exclude`).',
        zh: '保持 nftables 后端，把这个 Service 的地址排除在拦截之外：`-x 10.96.0.20/32`（`--outbound-ip-ranges-exclude`）。',
      },
      solution: { args: ARGS.replace('-x ""', '-x 10.96.0.20/32'), backend: 'nftables' },
    },
  },
  { id: 'wrap-up', state: { ...BASE, view: 'graph', packet: 'app-to-service' } },
];
