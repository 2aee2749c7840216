import {
  generateCniPluginRules,
  generateHostProbeRules,
  generateInpodRules,
  renderAmbientDryRun,
  renderDryRun,
} from '@core';
import type { CniFact, Diagnostic, GeneratedRules, IpFamily } from '@core';
import { parseAmbientSettings, parseCniSettings } from '../dataplane/pod-settings.ts';
import type { DataplaneSpec } from '../dataplane/dataplane-spec.ts';
import { memoizeLast } from '../lib/memoize-last.ts';
import type {
  BaseDerived,
  DnsServersField,
  OutputViews,
  PodInfo,
  ShownDiagnostic,
} from '../store/derived.ts';
import { buildFamilyViews, toRulesets } from './family-views.ts';

/** What the ambient / CNI-plugin editor's text produced, before its views are built. */
export interface PodRules {
  readonly rules: GeneratedRules | undefined;
  /** Located in the settings text. */
  readonly diagnostics: readonly Diagnostic[];
  /** CNI plugin: the istio-iptables argv it runs, and how that differs from istio-init. */
  readonly argv?: readonly string[];
  readonly facts?: readonly CniFact[];
}

const hasError = (ds: readonly Diagnostic[]): boolean => ds.some((d) => d.severity === 'error');

/**
 * The ambient node agent's rules for the settings text: the pod's in-pod rules, or with `node`
 * the node's host-probe rules.
 *
 * @example
 * generateAmbientRules('AMBIENT_DNS_CAPTURE: "true"', false, false).rules?.v4.length; // > 0
 */
export function generateAmbientRules(text: string, ipv6: boolean, node: boolean): PodRules {
  const settings = parseAmbientSettings(text, ipv6);
  if (hasError(settings.diagnostics))
    return { rules: undefined, diagnostics: settings.diagnostics };
  const config = settings.value;
  const rules = node ? generateHostProbeRules(config) : generateInpodRules(config);
  return { rules, diagnostics: [...settings.diagnostics, ...rules.diagnostics] };
}

/**
 * The istio-cni plugin's sidecar rules for the settings text (annotations, env, securityContext).
 *
 * @example
 * generateCniRules('sidecar.istio.io/interceptionMode: TPROXY', false).argv?.includes('TPROXY'); // true
 */
export function generateCniRules(text: string, ipv6: boolean): PodRules {
  const pod = parseCniSettings(text);
  if (hasError(pod.diagnostics)) return { rules: undefined, diagnostics: pod.diagnostics };
  const { value, diagnostics } = generateCniPluginRules(pod.value, { enableIPv6: ipv6 });
  const all = [...pod.diagnostics, ...diagnostics];
  if (hasError(all)) return { rules: undefined, diagnostics: all };
  return { rules: value.rules, diagnostics: all, argv: value.flags.argv, facts: value.flags.facts };
}

/**
 * The rules pane's views of a pod's rules: the same shape as istio-init's (so the rules pane,
 * graph and workbench follow the data plane), with the ambient transcript as the dry run.
 */
export function buildPodViews(
  pod: PodRules,
  ambient: boolean,
): { views: OutputViews | undefined; diagnostics: readonly ShownDiagnostic[]; ok: boolean } {
  const diagnostics: ShownDiagnostic[] = pod.diagnostics.map((d) => ({
    diagnostic: d,
    origin: 'input',
    located: d.range.end > d.range.start || d.range.start > 0,
  }));
  const rules = pod.rules;
  if (rules === undefined) return { views: undefined, diagnostics, ok: false };
  const families: IpFamily[] = rules.enableIPv6 ? [4, 6] : [4];
  const built = families.map((f) => buildFamilyViews(rules, f));
  for (const b of built)
    for (const d of b.diagnostics)
      diagnostics.push({ diagnostic: d, origin: 'rules', located: false });
  return {
    views: {
      version: ambient ? undefined : rules.version,
      families: built.map((b) => b.views),
      dryRun: ambient ? renderAmbientDryRun(rules) : renderDryRun(rules),
      rulesets: toRulesets(built.map((b) => b.views)),
    },
    diagnostics,
    ok: !diagnostics.some((d) => d.diagnostic.severity === 'error'),
  };
}

/**
 * The ambient / CNI-plugin input stage: settings text → rules → views, memoized per data plane,
 * each keeping its own last good views (an ambient typo never shows the sidecar's rules).
 *
 * @example
 * const podStage = createPodStage();
 * podStage({ ...DEFAULT_DATAPLANE, plane: 'ambient' }, false, dns).views?.families[0]?.save;
 */
export function createPodStage(): (
  spec: DataplaneSpec,
  ipv6: boolean,
  dns: DnsServersField,
) => BaseDerived {
  const ambientStage = memoizeLast(generateAmbientRules);
  const cniStage = memoizeLast(generateCniRules);
  const viewsStage = memoizeLast(buildPodViews);
  const lastGood = new Map<string, { views: OutputViews; pod: PodInfo }>();
  const combine = memoizeLast(
    (
      key: string,
      rules: PodRules,
      built: ReturnType<typeof buildPodViews>,
      dns: DnsServersField,
    ): BaseDerived => {
      const plane = key.startsWith('cni') ? 'cni' : 'ambient';
      if (built.ok && built.views !== undefined && rules.rules !== undefined) {
        const pod: PodInfo = {
          plane,
          node: key === 'ambient-node',
          setup: rules.rules.setup,
          ...(rules.argv === undefined ? {} : { argv: rules.argv }),
          ...(rules.facts === undefined ? {} : { facts: rules.facts }),
        };
        lastGood.set(key, { views: built.views, pod });
      }
      const good = lastGood.get(key);
      return {
        diagnostics: built.diagnostics,
        views: good?.views,
        stale: !built.ok,
        source: undefined,
        dns,
        pod: good?.pod ?? { plane, node: key === 'ambient-node', setup: [] },
      };
    },
  );
  return (spec, ipv6, dns) => {
    const cni = spec.plane === 'cni';
    const rules = cni ? cniStage(spec.cni, ipv6) : ambientStage(spec.ambient, ipv6, spec.node);
    const key = cni ? 'cni' : spec.node ? 'ambient-node' : 'ambient';
    return combine(key, rules, viewsStage(rules, !cni), dns);
  };
}
