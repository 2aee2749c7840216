import type { IstioVersion } from '../config.ts';
import { PROFILE_RELEASES } from './releases.ts';

/**
 * A generator profile as the UI and CLI present it.
 *
 * @example
 * const { label, defaultArgs } = PROFILES['1.11'];
 * generateRules(parseIstioArgs(defaultArgs).value.config, '1.11'); // the rules of seed 001's pod
 */
export interface Profile {
  /** What the version select shows: the profile and the release lines it covers. */
  readonly label: { readonly en: string; readonly zh: string };
  /** The `istio-init` args the sidecar injector of that era passed. */
  readonly defaultArgs: string;
  readonly description: { readonly en: string; readonly zh: string };
  /** The seed article (one of the Chinese seed articles; excerpts in test/golden/generator/seeds/) whose listing this profile reproduces. */
  readonly seed?: string;
}

const INJECTED = `-p 15001 -z 15006 -u 1337 -m REDIRECT -i '*' -x "" -b '*' -d 15090,15021,15020`;

/** `Istio 1.30 (1.28–1.30)`: the name and, when it stands for more than itself, the releases. */
function label(name: string, version: IstioVersion): Profile['label'] {
  const covers = PROFILE_RELEASES[version].covers;
  if (version === 'latest')
    return {
      en: `latest: upstream HEAD (Istio ${covers})`,
      zh: `latest：上游 HEAD（Istio ${covers}）`,
    };
  if (covers === version) return { en: name, zh: name };
  return { en: `${name} (${covers})`, zh: `${name}（${covers}）` };
}

const HEAD_RULES = {
  en: 'OUTPUT jumps to ISTIO_OUTPUT for all protocols, DNS capture lives in ISTIO_OUTPUT_DNS and is switched off when no nameserver is known, outbound port excludes return TCP and UDP (PR #53998, 1.25).',
  zh: 'OUTPUT 对所有协议跳转到 ISTIO_OUTPUT，DNS 拦截放在 ISTIO_OUTPUT_DNS 链中，且没有已知 DNS 服务器时自动关闭，出站端口排除同时放行 TCP 和 UDP（PR #53998，1.25）。',
};

function headProfile(version: IstioVersion, name: string, en: string, zh: string): Profile {
  return {
    label: label(name, version),
    defaultArgs: INJECTED,
    description: { en: `${HEAD_RULES.en} ${en}`, zh: `${HEAD_RULES.zh}${zh}` },
    seed: '004_9049bf6bbe7629d8.txt',
  };
}

/**
 * The generator profiles, newest first. From 1.25 to HEAD the rules are the same; the profiles
 * differ in which flags istio-iptables accepts (OPTION_HISTORY) and how a bad CIDR is handled.
 *
 * @example
 * PROFILES['1.0'].defaultArgs; // `-p 15001 -u 1337 -m REDIRECT -i '*' -x "" -b 9080 -d ""`
 */
export const PROFILES: Readonly<Record<IstioVersion, Profile>> = {
  latest: headProfile(
    'latest',
    'latest',
    'Upstream HEAD: reproduces its 27 goldens byte for byte; has --native-nftables and --force-iptables-binary; an unreadable -i/-x item is fatal.',
    '上游 HEAD：与其 27 个 golden 文件逐字节一致；支持 --native-nftables 和 --force-iptables-binary；-i/-x 中无法解析的条目会导致失败。',
  ),
  '1.30': headProfile(
    '1.30',
    'Istio 1.30',
    '1.28 to 1.30 change nothing in rules, flags or istio-init args: --force-iptables-binary is there (1.28, #58043).',
    '1.28 到 1.30 在规则、参数和 istio-init 参数上均无变化：已有 --force-iptables-binary（1.28，#58043）。',
  ),
  '1.27': headProfile(
    '1.27',
    'Istio 1.27',
    '--native-nftables appears (#56997) and an unreadable -i/-x item becomes fatal; --force-iptables-binary does not exist yet.',
    '新增 --native-nftables（#56997），-i/-x 中无法解析的条目变为致命错误；尚无 --force-iptables-binary。',
  ),
  '1.26': headProfile(
    '1.26',
    'Istio 1.26',
    '--iptables-trace-logging is removed (#55967: an unknown flag); an unreadable -i/-x item is skipped with a warning; no --native-nftables.',
    '移除了 --iptables-trace-logging（#55967：未知参数）；-i/-x 中无法解析的条目被跳过并警告；没有 --native-nftables。',
  ),
  '1.25': headProfile(
    '1.25',
    'Istio 1.25',
    '--iptables-trace-logging is still accepted but adds nothing; an unreadable -i/-x item is skipped with a warning.',
    '仍接受 --iptables-trace-logging，但不再生成任何规则；-i/-x 中无法解析的条目被跳过并警告。',
  ),
  '1.24': {
    label: label('Istio 1.24', '1.24'),
    defaultArgs: INJECTED,
    description: {
      en: 'The last release before PR #53998 (reproduces its 28 goldens byte for byte): `-A OUTPUT -p tcp -j ISTIO_OUTPUT`, DNS capture in the built-in nat/raw OUTPUT chains with per-owner UDP RETURNs, `-o` returns TCP only, NFLOG trace logging; already the restore-format harness and the ISTIO_DROP chain.',
      zh: 'PR #53998 之前的最后一个版本（与其 28 个 golden 文件逐字节一致）：`-A OUTPUT -p tcp -j ISTIO_OUTPUT`，DNS 拦截位于内置的 nat/raw OUTPUT 链并按属主放行 UDP，`-o` 只放行 TCP，支持 NFLOG 跟踪日志；已使用 restore 格式的测试输出和 ISTIO_DROP 链。',
    },
    seed: '004_9049bf6bbe7629d8.txt',
  },
  '1.20': {
    label: label('Istio 1.20', '1.20'),
    defaultArgs: INJECTED,
    description: {
      en: 'Istio about 1.18–1.23: `-A OUTPUT -p tcp -j ISTIO_OUTPUT`, the loopback redirect excludes the tunnel port 15008, DNS capture in the built-in nat/raw OUTPUT chains, a trailing RETURN after a CIDR include list, NFLOG trace logging, no port-22 exclusion. Its dry run prints the command-line harness of that era.',
      zh: 'Istio 约 1.18–1.23：`-A OUTPUT -p tcp -j ISTIO_OUTPUT`，回环重定向排除隧道端口 15008，DNS 拦截规则位于内置的 nat/raw OUTPUT 链，CIDR 包含列表后追加一条 RETURN，支持 NFLOG 跟踪日志，不再排除 22 端口。dry-run 输出为该时期的命令行格式。',
    },
    seed: '002_38e3da99fe582144.txt',
  },
  '1.11': {
    label: label('Istio 1.11', '1.11'),
    defaultArgs: INJECTED,
    description: {
      en: "Istio about 1.8–1.17: port 22 always returned first for `-b '*'`, the loopback redirect `-o lo ! -d 127.0.0.1/32 -m owner --uid-owner 1337 -j ISTIO_IN_REDIRECT` has no protocol or port condition, no owner-group filter, TCP-only `-p tcp` OUTPUT jump.",
      zh: "Istio 约 1.8–1.17：`-b '*'` 时总是先放行 22 端口，回环重定向 `-o lo ! -d 127.0.0.1/32 -m owner --uid-owner 1337 -j ISTIO_IN_REDIRECT` 不带协议和端口条件，没有用户组过滤，OUTPUT 仅跳转 TCP。",
    },
    seed: '001_8480b7ff4f41fef7.txt',
  },
  '1.0': {
    label: label('Istio 1.0', '1.0'),
    defaultArgs: `-p 15001 -u 1337 -m REDIRECT -i '*' -x "" -b 9080 -d ""`,
    description: {
      en: 'The 1.0 shell script: one Envoy port (15001) for both directions via ISTIO_IN_REDIRECT and ISTIO_REDIRECT, `-o lo ! -d 127.0.0.1/32 -j ISTIO_REDIRECT` first in ISTIO_OUTPUT, then uid and gid RETURNs; no 127.0.0.6, no tunnel port, no DNS capture. The dry run lists the iptables commands the script runs (its cleanup commands omitted).',
      zh: '1.0 的 shell 脚本：进出两个方向共用一个 Envoy 端口（15001），分别经 ISTIO_IN_REDIRECT 和 ISTIO_REDIRECT；ISTIO_OUTPUT 第一条是 `-o lo ! -d 127.0.0.1/32 -j ISTIO_REDIRECT`，随后是 uid 和 gid 的 RETURN；没有 127.0.0.6、隧道端口和 DNS 拦截。dry-run 列出脚本执行的 iptables 命令（省略清理命令）。',
    },
    seed: '000_76e47308fef92ec4.txt',
  },
};
