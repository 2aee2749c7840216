import type { IstioVersion } from '../config.ts';

/**
 * A generator profile as the UI and CLI present it.
 *
 * @example
 * const { label, defaultArgs } = PROFILES['1.11'];
 * generateRules(parseIstioArgs(defaultArgs).value.config, '1.11'); // the rules of seed 001's pod
 */
export interface Profile {
  readonly label: string;
  /** The `istio-init` args the sidecar injector of that era passed. */
  readonly defaultArgs: string;
  readonly description: { readonly en: string; readonly zh: string };
  /** The seed article (one of the Chinese seed articles; excerpts in test/golden/generator/seeds/) whose listing this profile reproduces. */
  readonly seed?: string;
}

const INJECTED = `-p 15001 -z 15006 -u 1337 -m REDIRECT -i '*' -x "" -b '*' -d 15090,15021,15020`;

const LATEST_DESCRIPTION = {
  en: 'Istio 1.25 and later (PR #53998): OUTPUT jumps to ISTIO_OUTPUT for all protocols, DNS capture lives in ISTIO_OUTPUT_DNS and is switched off when no nameserver is known, outbound port excludes return TCP and UDP. Reproduces the upstream goldens.',
  zh: 'Istio 1.25 及以后（PR #53998）：OUTPUT 对所有协议跳转到 ISTIO_OUTPUT，DNS 拦截放在 ISTIO_OUTPUT_DNS 链中，且没有已知 DNS 服务器时自动关闭，出站端口排除同时放行 TCP 和 UDP。与上游 golden 文件逐字节一致。',
};

/**
 * The generator profiles, newest first. `latest` and `1.25` are the same algorithm.
 *
 * @example
 * PROFILES['1.0'].defaultArgs; // `-p 15001 -u 1337 -m REDIRECT -i '*' -x "" -b 9080 -d ""`
 */
export const PROFILES: Readonly<Record<IstioVersion, Profile>> = {
  latest: {
    label: 'latest (Istio 1.25+)',
    defaultArgs: INJECTED,
    description: LATEST_DESCRIPTION,
    seed: '004_9049bf6bbe7629d8.txt',
  },
  '1.25': {
    label: 'Istio 1.25',
    defaultArgs: INJECTED,
    description: LATEST_DESCRIPTION,
    seed: '004_9049bf6bbe7629d8.txt',
  },
  '1.20': {
    label: 'Istio 1.20',
    defaultArgs: INJECTED,
    description: {
      en: 'Istio about 1.18–1.24: `-A OUTPUT -p tcp -j ISTIO_OUTPUT`, the loopback redirect excludes the tunnel port 15008, DNS capture in the built-in nat/raw OUTPUT chains, a trailing RETURN after a CIDR include list, NFLOG trace logging, no port-22 exclusion. Its dry run prints the command-line harness of that era.',
      zh: 'Istio 约 1.18–1.24：`-A OUTPUT -p tcp -j ISTIO_OUTPUT`，回环重定向排除隧道端口 15008，DNS 拦截规则位于内置的 nat/raw OUTPUT 链，CIDR 包含列表后追加一条 RETURN，支持 NFLOG 跟踪日志，不再排除 22 端口。dry-run 输出为该时期的命令行格式。',
    },
    seed: '002_38e3da99fe582144.txt',
  },
  '1.11': {
    label: 'Istio 1.11',
    defaultArgs: INJECTED,
    description: {
      en: "Istio about 1.8–1.17: port 22 always returned first for `-b '*'`, the loopback redirect `-o lo ! -d 127.0.0.1/32 -m owner --uid-owner 1337 -j ISTIO_IN_REDIRECT` has no protocol or port condition, no owner-group filter, TCP-only `-p tcp` OUTPUT jump.",
      zh: "Istio 约 1.8–1.17：`-b '*'` 时总是先放行 22 端口，回环重定向 `-o lo ! -d 127.0.0.1/32 -m owner --uid-owner 1337 -j ISTIO_IN_REDIRECT` 不带协议和端口条件，没有用户组过滤，OUTPUT 仅跳转 TCP。",
    },
    seed: '001_8480b7ff4f41fef7.txt',
  },
  '1.0': {
    label: 'Istio 1.0',
    defaultArgs: `-p 15001 -u 1337 -m REDIRECT -i '*' -x "" -b 9080 -d ""`,
    description: {
      en: 'The 1.0 shell script: one Envoy port (15001) for both directions via ISTIO_IN_REDIRECT and ISTIO_REDIRECT, `-o lo ! -d 127.0.0.1/32 -j ISTIO_REDIRECT` first in ISTIO_OUTPUT, then uid and gid RETURNs; no 127.0.0.6, no tunnel port, no DNS capture. The dry run lists the iptables commands the script runs (its cleanup commands omitted).',
      zh: '1.0 的 shell 脚本：进出两个方向共用一个 Envoy 端口（15001），分别经 ISTIO_IN_REDIRECT 和 ISTIO_REDIRECT；ISTIO_OUTPUT 第一条是 `-o lo ! -d 127.0.0.1/32 -j ISTIO_REDIRECT`，随后是 uid 和 gid 的 RETURN；没有 127.0.0.6、隧道端口和 DNS 拦截。dry-run 列出脚本执行的 iptables 命令（省略清理命令）。',
    },
    seed: '000_76e47308fef92ec4.txt',
  },
};
