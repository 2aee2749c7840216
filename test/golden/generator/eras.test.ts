import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CONFIG,
  generateRules,
  renderDryRun,
  renderRestore,
  type IstioVersion,
} from '../../../src/core/index.ts';
import { configForCase, loadCases, loadHistoryCases, readGolden } from './reference.ts';

/**
 * The older upstream goldens (golden-history/: superseded, removed upstream, PR branches, older eras)
 * against the older profiles. Each entry records which profile reproduces the golden and how
 * closely, and why it is not closer; the test fails if the recorded outcome stops being true
 * in either direction.
 *
 * Outcomes: `exact` — the dry-run transcript equals the golden; `rules` — the same rule lines,
 * only the harness's save lines differ; `restore` — the golden is a later (1.24) restore-format
 * harness and its restore text equals ours; `different` — none of these.
 */
type Outcome = 'exact' | 'rules' | 'restore' | 'different';

interface EraCase {
  readonly golden: string;
  readonly case: string;
  readonly profile: IstioVersion;
  readonly outcome: Outcome;
  readonly why: string;
  /** Lines of ours to drop first (a known, named difference). */
  readonly dropOurs?: RegExp;
  /** Lines of the golden to drop first. */
  readonly dropGolden?: RegExp;
  /** Text removed from each golden line first. */
  readonly stripGolden?: RegExp;
}

const PER_OWNER_DNS_RETURN =
  /^-A ISTIO_OUTPUT_DNS -p udp --dport 53 -m owner --(uid|gid)-owner \S+ -j RETURN$/;

const ERA_CASES: readonly EraCase[] = [
  {
    golden: 'golden-history/superseded-by-head/inbound-ports-include.golden',
    case: 'inbound-ports-include',
    profile: '1.20',
    outcome: 'exact',
    why: 'command-line harness with the deferred iptables-save, `-p tcp` OUTPUT jump, tunnel-port loopback rule',
  },
  {
    golden: 'golden-history/superseded-by-head/ipv6-virt-interfaces.golden',
    case: 'ipv6-virt-interfaces',
    profile: '1.20',
    outcome: 'rules',
    why: 'recorded (3541cdd3) before the stub logged the deferred final iptables-save/ip6tables-save',
  },
  {
    golden: 'golden-history/superseded-by-head/basic-exclude-nic.golden',
    case: 'basic-exclude-nic',
    profile: '1.24',
    outcome: 'exact',
    why: 'the 1.24 golden itself (restore-format harness, `-p tcp` OUTPUT jump)',
  },
  {
    golden: 'golden-history/superseded-by-head/drop-invalid.golden',
    case: 'drop-invalid',
    profile: '1.20',
    outcome: 'restore',
    why: 'the 1.24 restore-format harness; drop-invalid is still a direct DROP (no ISTIO_DROP chain)',
  },
  {
    golden: 'golden-history/superseded-by-head/ipv6-empty-inbound-ports.golden',
    case: 'ipv6-empty-inbound-ports',
    profile: '1.24',
    outcome: 'exact',
    why: 'the 1.24 golden itself',
  },
  {
    golden: 'golden-history/removed-upstream/logging.golden',
    case: 'logging',
    profile: '1.20',
    outcome: 'restore',
    dropOurs: /JumpOutbound/,
    why: 'the 1.24 builder no longer traced the OUTPUT jump (no JumpOutbound in log/command.go @0fa9e711); 1.20 did',
  },
  {
    golden: 'golden-history/9c8de802__logging.golden',
    case: 'logging',
    profile: '1.20',
    outcome: 'rules',
    why: 'NFLOG before ISTIO_IN_REDIRECT and the OUTPUT jump; recorded without the deferred save',
  },
  {
    golden: 'golden-history/superseded-by-head/dns-uid-gid.golden',
    case: 'dns-uid-gid',
    profile: 'latest',
    outcome: 'exact',
    dropGolden: PER_OWNER_DNS_RETURN,
    why: "an intermediate 1.25 commit (0821c395) that also returned the proxy owners' UDP DNS inside ISTIO_OUTPUT_DNS",
  },
  {
    golden: 'golden-history/0821c395__tproxy.golden',
    case: 'tproxy',
    profile: 'latest',
    outcome: 'different',
    why: 'the same intermediate commit, which also jumped to ISTIO_OUTPUT_DNS in IPv6 nat without any IPv6 nameserver',
  },
  {
    golden: 'golden-history/29bcc3ca__empty.golden',
    case: 'empty',
    profile: '1.11',
    outcome: 'exact',
    why: 'owner triple without protocol or port condition, `-p tcp` OUTPUT jump, no final save',
  },
  {
    golden: 'golden-history/5eefe6a0__cmd-testdata__empty.golden',
    case: 'empty',
    profile: '1.11',
    outcome: 'exact',
    stripGolden: / -m comment --comment "[^"]*"/,
    why: 'the cmd/ era (about 1.5–1.7) annotated rules with `-m comment`',
  },
  {
    golden: 'golden-history/92fe3c9a__tproxy.golden',
    case: 'tproxy',
    profile: '1.11',
    outcome: 'exact',
    dropOurs: /--dport 22 -j RETURN/,
    why: 'between 1.11 and 1.20: the port-22 RETURN was already gone, the tunnel port not yet excluded on loopback',
  },
  {
    golden: 'golden-history/pr-branch/outbound-ports-exclude-single.golden',
    case: 'outbound-ports-exclude-single',
    profile: 'latest',
    outcome: 'exact',
    why: 'pr-branch-only, but for one port the multiport PR writes what mainline writes',
  },
];

const SAVE_LINE = /^ip6?tables-save$/;

function lines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l !== '');
}

function classify(
  entry: EraCase,
  ours: { dryRun: string; restore: string },
  golden: string,
): Outcome {
  const keepOurs = (l: string): boolean => !(entry.dropOurs?.test(l) ?? false);
  const prepareGolden = (l: string): string =>
    entry.stripGolden ? l.replace(entry.stripGolden, '') : l;
  const keepGolden = (l: string): boolean => !(entry.dropGolden?.test(l) ?? false);
  const g = lines(golden).map(prepareGolden).filter(keepGolden);
  const dry = lines(ours.dryRun).filter(keepOurs);
  if (dry.join('\n') === g.join('\n')) return 'exact';
  const gRules = g.filter((l) => !SAVE_LINE.test(l));
  if (dry.filter((l) => !SAVE_LINE.test(l)).join('\n') === gRules.join('\n')) return 'rules';
  if (lines(ours.restore).filter(keepOurs).join('\n') === gRules.join('\n')) return 'restore';
  return 'different';
}

describe('older goldens against the older profiles', () => {
  const cases = [...loadCases(), ...loadHistoryCases()];
  for (const entry of ERA_CASES) {
    it(`${entry.golden} — ${entry.profile}: ${entry.outcome} (${entry.why})`, () => {
      const c = cases.find((x) => x.name === entry.case);
      expect(c).toBeDefined();
      if (!c) return;
      const rules = generateRules(configForCase(DEFAULT_CONFIG, c), entry.profile);
      const ours = {
        dryRun: renderDryRun(rules),
        restore: renderRestore(rules, 4) + renderRestore(rules, 6),
      };
      expect(classify(entry, ours, readGolden(entry.golden))).toBe(entry.outcome);
    });
  }

  it('without the named adjustments, the adjusted cases really differ', () => {
    for (const entry of ERA_CASES.filter((e) => e.dropOurs ?? e.dropGolden ?? e.stripGolden)) {
      const c = cases.find((x) => x.name === entry.case);
      if (!c) continue;
      const rules = generateRules(configForCase(DEFAULT_CONFIG, c), entry.profile);
      const ours = {
        dryRun: renderDryRun(rules),
        restore: renderRestore(rules, 4) + renderRestore(rules, 6),
      };
      const plain: EraCase = {
        golden: entry.golden,
        case: entry.case,
        profile: entry.profile,
        outcome: 'different',
        why: '',
      };
      expect(classify(plain, ours, readGolden(entry.golden)), entry.golden).toBe('different');
    }
  });
});
