import {
  IPTABLES_1_8_9,
  type ListOptions,
  type ListUserspace,
} from '../../iptables/render-list.ts';
import type { IstioVersion } from '../config.ts';

/**
 * The iptables userspace a profile's sidecar shipped, so `iptables -L` prints what a pod of that
 * era printed. Versions: the Ubuntu base of the proxy image (istio/proxy_init on xenial in 1.0;
 * istio/base on focal about 1.9–1.16, jammy 1.17–1.22, noble since #50926, 2024-05, Istio 1.23).
 * Names: Kubernetes writes `127.0.0.1 localhost` and `::1 localhost …` into every pod's
 * /etc/hosts; the proxy image adds user and group `istio-proxy` with id 1337.
 */
export interface ProxyUserspace {
  /** The iptables release of the image. */
  readonly iptables: string;
  /** Where that release comes from. */
  readonly image: string;
  readonly list: ListUserspace;
}

const POD_NAMES = {
  hosts: { '127.0.0.1': 'localhost', '::1': 'localhost' },
  users: { '1337': 'istio-proxy' },
  groups: { '1337': 'istio-proxy' },
} as const;

/** Every release but 1.8.9 prints `tcp`/`all` under `-n` (bugzilla #1729, fixed in 1.8.10). */
const NAMED_PROTOCOLS = { numericProtocols: false, ...POD_NAMES } as const;

const NOBLE: ProxyUserspace = {
  iptables: '1.8.10',
  image: 'ubuntu:noble (istio/base, proxyv2)',
  list: { ...NAMED_PROTOCOLS, ip6OptDashes: true },
};

/**
 * @example
 * PROXY_USERSPACE['1.11'].iptables; // '1.8.4'
 */
export const PROXY_USERSPACE: Readonly<Record<IstioVersion, ProxyUserspace>> = {
  latest: NOBLE,
  '1.30': NOBLE,
  '1.27': NOBLE,
  '1.26': NOBLE,
  '1.25': NOBLE,
  '1.24': NOBLE,
  '1.20': {
    iptables: '1.8.7',
    image: 'ubuntu:jammy (istio/base, proxyv2)',
    list: { ...NAMED_PROTOCOLS, ip6OptDashes: false },
  },
  '1.11': {
    iptables: '1.8.4',
    image: 'ubuntu:focal (istio/base, proxyv2)',
    list: { ...NAMED_PROTOCOLS, ip6OptDashes: false },
  },
  '1.0': {
    iptables: '1.6.0',
    image: 'ubuntu:xenial (istio/proxy_init)',
    list: { ...NAMED_PROTOCOLS, ip6OptDashes: false },
  },
};

/**
 * How `--output list` prints: `nvL` — `iptables -nvL` as the profile's iptables prints it
 * (default); `L-v` — `iptables -L -v`, names resolved as inside the pod (seeds 000 and 003);
 * `nvL-1.8.9` — `-nvL` of iptables v1.8.9, the userspace the kernel suites measure.
 */
export type ListingStyle = 'nvL' | 'L-v' | 'nvL-1.8.9';

export const LISTING_STYLES: readonly ListingStyle[] = ['nvL', 'L-v', 'nvL-1.8.9'];

/**
 * The options for `renderIptablesList` that print a listing as the profile's pod would.
 *
 * @example
 * renderIptablesList(ruleset, 'nat', listOptionsFor('1.0', 'L-v')); // `anywhere`, `owner UID match istio-proxy`
 */
export function listOptionsFor(version: IstioVersion, style: ListingStyle = 'nvL'): ListOptions {
  switch (style) {
    case 'nvL':
      return { numeric: true, verbose: true, userspace: PROXY_USERSPACE[version].list };
    case 'L-v':
      return { numeric: false, verbose: true, userspace: PROXY_USERSPACE[version].list };
    case 'nvL-1.8.9':
      return { numeric: true, verbose: true, userspace: IPTABLES_1_8_9 };
  }
}
