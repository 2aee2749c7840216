import type {
  DestinationRuleSpec,
  HttpRouteSpec,
  PodSpec,
  RequestSpec,
  Scenario,
  ServiceSpec,
  VirtualServiceSpec,
} from './scenario.ts';

/**
 * Traffic-management presets from Istio's samples/bookinfo/networking: no rules (round robin over
 * every version), `virtual-service-all-v1`, `virtual-service-reviews-test-v2` (end-user jason →
 * v2, everyone else v1), `virtual-service-reviews-50-v3` and `virtual-service-reviews-v3`.
 *
 * @example
 * createBookinfoScenario({ routing: 'reviews-test-v2' }).virtualServices[1]?.http[0]?.match;
 */
export type BookinfoRouting =
  'none' | 'all-v1' | 'reviews-test-v2' | 'reviews-50-v3' | 'reviews-v3';

/**
 * Options of {@link createBookinfoScenario}.
 *
 * @example
 * const opts: BookinfoOptions = { routing: 'all-v1', destinationRules: false };
 */
export interface BookinfoOptions {
  /** istio-init args for every sidecar (editor text); absent = the profile's default args. */
  readonly args?: string;
  readonly routing?: BookinfoRouting;
  /** `destination-rule-all.yaml` (subsets v1, v2, v3 by `version` label). Default: true when routing names subsets. */
  readonly destinationRules?: boolean;
}

const SERVICE_NAMES = ['productpage', 'details', 'reviews', 'ratings'] as const;

/**
 * ClusterIPs: ratings is the one seed 003 shows (10.254.234.130, a 10.254/16 service range); the
 * other three are picked in the same range.
 */
const CLUSTER_IPS: Readonly<Record<(typeof SERVICE_NAMES)[number], string>> = {
  productpage: '10.254.157.81',
  details: '10.254.40.23',
  reviews: '10.254.109.7',
  ratings: '10.254.234.130',
};

function service(name: (typeof SERVICE_NAMES)[number]): ServiceSpec {
  return {
    name,
    clusterIP: CLUSTER_IPS[name],
    port: 9080,
    targetPort: 9080,
    protocol: 'http',
    selector: { app: name },
  };
}

/**
 * Pod addresses: productpage 172.33.78.10, details 172.33.84.8 and reviews-v2 172.33.78.5 are the
 * ones seed 000's `lsof` shows; reviews-v1 172.33.3.3 and ratings 172.33.100.2 come from seed 003.
 * App uids follow the images: the python, ruby and node images run as root, websphere-liberty
 * (reviews) as 1001.
 */
function pod(
  name: string,
  ip: string,
  app: string,
  version: string,
  appUid: number,
  calls: PodSpec['calls'],
): PodSpec {
  return {
    name,
    ip,
    labels: { app, version },
    annotations: {},
    sidecar: true,
    appUid,
    appPort: 9080,
    appBind: 'any',
    proxy: {},
    calls,
    tproxyRouting: true,
  };
}

const RATINGS_CALL = [{ service: 'ratings', path: '/ratings/0' }] as const;

function bookinfoPods(): PodSpec[] {
  return [
    pod('productpage-v1', '172.33.78.10/24', 'productpage', 'v1', 0, [
      { service: 'details', path: '/details/0' },
      { service: 'reviews', path: '/reviews/0' },
    ]),
    pod('details-v1', '172.33.84.8/24', 'details', 'v1', 0, []),
    pod('reviews-v1', '172.33.3.3/24', 'reviews', 'v1', 1001, []),
    pod('reviews-v2', '172.33.78.5/24', 'reviews', 'v2', 1001, RATINGS_CALL),
    pod('reviews-v3', '172.33.84.9/24', 'reviews', 'v3', 1001, RATINGS_CALL),
    pod('ratings-v1', '172.33.100.2/24', 'ratings', 'v1', 0, []),
  ];
}

/** samples/bookinfo/networking/bookinfo-gateway.yaml */
const GATEWAY_VS: VirtualServiceSpec = {
  name: 'bookinfo',
  hosts: ['*'],
  gateways: ['bookinfo-gateway'],
  http: [
    {
      match: [
        { uri: { exact: '/productpage' } },
        { uri: { prefix: '/static' } },
        { uri: { exact: '/login' } },
        { uri: { exact: '/logout' } },
        { uri: { prefix: '/api/v1/products' } },
      ],
      route: [{ destination: { host: 'productpage', port: 9080 } }],
    },
  ],
};

function toSubset(host: string, subset: string, weight?: number): HttpRouteSpec['route'][number] {
  return weight === undefined
    ? { destination: { host, subset } }
    : { destination: { host, subset }, weight };
}

function allV1(): VirtualServiceSpec[] {
  return SERVICE_NAMES.map((name) => ({
    name,
    hosts: [name],
    http: [{ route: [toSubset(name, 'v1')] }],
  }));
}

function reviewsRouting(routing: Exclude<BookinfoRouting, 'none' | 'all-v1'>): VirtualServiceSpec {
  switch (routing) {
    case 'reviews-test-v2':
      return {
        name: 'reviews',
        hosts: ['reviews'],
        http: [
          {
            match: [{ headers: { 'end-user': { exact: 'jason' } } }],
            route: [toSubset('reviews', 'v2')],
          },
          { route: [toSubset('reviews', 'v1')] },
        ],
      };
    case 'reviews-50-v3':
      return {
        name: 'reviews',
        hosts: ['reviews'],
        http: [{ route: [toSubset('reviews', 'v1', 50), toSubset('reviews', 'v3', 50)] }],
      };
    case 'reviews-v3':
      return {
        name: 'reviews',
        hosts: ['reviews'],
        http: [{ route: [toSubset('reviews', 'v3')] }],
      };
  }
}

function meshRouting(routing: BookinfoRouting): VirtualServiceSpec[] {
  if (routing === 'none') return [];
  if (routing === 'all-v1') return allV1();
  return [...allV1().filter((vs) => vs.name !== 'reviews'), reviewsRouting(routing)];
}

/** samples/bookinfo/networking/destination-rule-all.yaml */
function destinationRulesAll(): DestinationRuleSpec[] {
  const versions: Readonly<Record<string, readonly string[]>> = {
    productpage: ['v1'],
    details: ['v1', 'v2'],
    reviews: ['v1', 'v2', 'v3'],
    ratings: ['v1', 'v2', 'v2-mysql', 'v2-mysql-vm'],
  };
  return SERVICE_NAMES.map((name) => ({
    name,
    host: name,
    subsets: (versions[name] ?? []).map((v) => ({ name: v, labels: { version: v } })),
  }));
}

/**
 * The Bookinfo scenario: productpage → details + reviews (v1 calls nothing, v2/v3 call ratings),
 * behind the ingress gateway, in namespace `default`.
 *
 * @example
 * const scenario = createBookinfoScenario({ routing: 'all-v1' });
 * computeRequestPath(scenario, createBookinfoRequest(), { version: 'latest' });
 */
export function createBookinfoScenario(opts: BookinfoOptions = {}): Scenario {
  const routing = opts.routing ?? 'none';
  const withRules = opts.destinationRules ?? routing !== 'none';
  return {
    v: 1,
    mesh: {
      namespace: 'default',
      clusterDomain: 'cluster.local',
      outboundTrafficPolicy: 'ALLOW_ANY',
      proxyListenPort: 15001,
      proxyInboundListenPort: 15006,
    },
    ...(opts.args === undefined ? {} : { args: opts.args }),
    services: SERVICE_NAMES.map(service),
    pods: bookinfoPods(),
    gateway: {
      name: 'bookinfo-gateway',
      pod: 'istio-ingressgateway',
      ip: '172.33.84.3/24',
      port: 8080,
      serverPort: 80,
      hosts: ['*'],
      runAsUser: 1337,
    },
    virtualServices: [GATEWAY_VS, ...meshRouting(routing)],
    destinationRules: withRules ? destinationRulesAll() : [],
  };
}

/**
 * `GET /productpage` from outside, through the ingress gateway. Without routing rules reviews is
 * round-robined over v1, v2 and v3; the default request follows reviews-v2 so the path includes
 * the ratings call (`choose` is ignored when routing leaves no such candidate).
 *
 * @example
 * createBookinfoRequest({ 'end-user': 'jason' }).headers; // { 'end-user': 'jason' }
 */
export function createBookinfoRequest(headers: Readonly<Record<string, string>> = {}): RequestSpec {
  return {
    from: { kind: 'ingress' },
    method: 'GET',
    path: '/productpage',
    headers,
    choose: { reviews: 'reviews-v2' },
  };
}
