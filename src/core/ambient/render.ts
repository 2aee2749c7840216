import type { GeneratedRules } from '../generator/generate.ts';
import { renderRestore } from '../generator/render-restore.ts';

/**
 * The transcript Istio's istio-cni test stub records: the two state probes (`iptables-save`,
 * `ip6tables-save`, always both), the iptables-restore input, then with IPv6 the
 * ip6tables-restore input, joined by newlines with no final newline — the text of
 * `cni/pkg/iptables/testdata/*.golden`.
 * upstream: tools/istio-iptables/pkg/dependencies/stub.go; cni/pkg/iptables/iptables_test.go.
 *
 * @example
 * renderAmbientDryRun(generateHostProbeRules(DEFAULT_AMBIENT_CONFIG)).split('\n')[2]; // '* nat'
 */
export function renderAmbientDryRun(rules: GeneratedRules): string {
  const restore = renderRestore(rules, 4) + (rules.enableIPv6 ? renderRestore(rules, 6) : '');
  return ['iptables-save', 'ip6tables-save', restore.trimEnd()].join('\n');
}
