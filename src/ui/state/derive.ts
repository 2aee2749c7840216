import {
  diagnostic,
  EMPTY_RANGE,
  generateRules,
  hasErrors,
  isNftText,
  parseAddress,
  parseIstioArgs,
  renderDryRun,
} from '@core';
import type { IpFamily, IstioConfig, IstioVersion, Parsed, ParsedArgs } from '@core';
import { joinArgv } from '../dataplane/argv-text.ts';
import { createPodStage } from './dataplane-views.ts';
import { buildFamilyViews, locateGeneratorDiagnostic, toRulesets } from './family-views.ts';
import { createGraphStage } from '../graph/graph-derived.ts';
import type { GraphDerived } from '../graph/graph-derived.ts';
import type { AsyncPath } from '../path/path-async.ts';
import { createPathStage } from '../path/path-derived.ts';
import type { PathDerived } from '../path/path-derived.ts';
import { createWorkbenchStage } from '../workbench/workbench-derived.ts';
import type { WorkbenchDerived } from '../workbench/workbench-derived.ts';
import { memoizeLast } from '../lib/memoize-last.ts';
import type { AsyncPasted } from './pasted-async.ts';
import { WORKER_THRESHOLD } from './pasted-async.ts';
import { buildPastedViews, buildPastedViewsFrom } from './pasted-views.ts';
import { buildPastedNftViews, generateNftViews } from './nft-views.ts';
import type { MaybeGenerated } from './nft-views.ts';
import type {
  BaseDerived,
  Derived,
  Deriver,
  DnsServersField,
  Generated,
  OutputViews,
  ShownDiagnostic,
} from '../store/derived.ts';
import type { InputMode } from '../store/store.ts';

/**
 * Splits the DNS servers field into addresses; anything that is not an IPv4/IPv6 address is
 * reported instead of being passed on.
 *
 * @example
 * parseDnsServers('10.96.0.10, fd00::a nope'); // { servers: ['10.96.0.10','fd00::a'], invalid: ['nope'] }
 */
export function parseDnsServers(text: string): DnsServersField {
  const servers: string[] = [];
  const invalid: string[] = [];
  for (const item of text.split(/[\s,]+/)) {
    if (item === '') continue;
    if (parseAddress(item) === undefined) invalid.push(item);
    else servers.push(item);
  }
  return { servers, invalid };
}

function reportDnsServers(dns: DnsServersField): ShownDiagnostic[] {
  return dns.invalid.map((item) => ({
    diagnostic: diagnostic(
      'bad-address',
      'warning',
      `DNS servers: "${item}" is not an IP address; it is left out`,
      EMPTY_RANGE,
    ),
    origin: 'dns-servers',
    located: false,
  }));
}

function buildViews(config: IstioConfig, version: IstioVersion, args: ParsedArgs): Generated {
  const rules = generateRules(config, version, args.flags);
  const families: IpFamily[] = rules.enableIPv6 ? [4, 6] : [4];
  const built = families.map((f) => buildFamilyViews(rules, f));
  const diagnostics: ShownDiagnostic[] = rules.diagnostics.map((d) =>
    locateGeneratorDiagnostic(d, args),
  );
  for (const b of built) {
    for (const d of b.diagnostics)
      diagnostics.push({ diagnostic: d, origin: 'rules', located: false });
  }
  return {
    views: {
      version,
      families: built.map((b) => b.views),
      dryRun: renderDryRun(rules),
      rulesets: toRulesets(built.map((b) => b.views)),
    },
    diagnostics,
    ok: !diagnostics.some((d) => d.diagnostic.severity === 'error'),
  };
}

/**
 * Builds the derivation pipeline for one store: parse → generate → per-family restore text →
 * parse ruleset → save / -nvL / dry-run text. Each stage is memoized on its inputs' identity,
 * so an unchanged input returns the same `Derived` object. When the input has errors the
 * result carries the last good views with `stale: true`, so the page never blanks.
 *
 * @example
 * const derive = createDeriver();
 * derive(store.getState()).views?.families[0]?.save; // '*nat\n:PREROUTING ACCEPT [0:0]…'
 */
export function createDeriver(
  options: { readonly pasted?: AsyncPasted; readonly path?: AsyncPath } = {},
): Deriver {
  const dnsStage = memoizeLast(parseDnsServers);
  const parseStage = memoizeLast(
    (text: string, ipv6: boolean, dns: DnsServersField): Parsed<ParsedArgs> =>
      parseIstioArgs(text, { enableIPv6: ipv6, dnsServers: dns.servers }),
  );
  const generateStage = memoizeLast(buildViews);
  const pastedStage = memoizeLast(buildPastedViews);
  const nftStage = memoizeLast(generateNftViews);
  const pastedNftStage = memoizeLast(buildPastedNftViews);
  const nftTextStage = memoizeLast(isNftText);
  const pastedFromStage = memoizeLast(
    (text: string, reply: NonNullable<ReturnType<AsyncPasted['read']>>) =>
      buildPastedViewsFrom(text, reply.parsed, reply.save),
  );
  const pendingStage = memoizeLast(
    (views: OutputViews | undefined, dns: DnsServersField): BaseDerived => ({
      diagnostics: [],
      views,
      stale: true,
      pending: true,
      source: undefined,
      dns,
    }),
  );
  const pastedBase = (text: string, dns: DnsServersField): BaseDerived => {
    // An nftables program pasted in place of iptables-save (`nft list ruleset` or `nft -f`).
    if (nftTextStage(text)) return combinePasted(pastedNftStage(text), dns);
    if (options.pasted === undefined || text.length < WORKER_THRESHOLD)
      return combinePasted(pastedStage(text), dns);
    const reply = options.pasted.read(text);
    return reply ? combinePasted(pastedFromStage(text, reply), dns) : pendingStage(lastGood, dns);
  };
  let lastGood: OutputViews | undefined;
  // The nftables backend keeps its own: a refused profile never shows iptables rules as nft's.
  let lastGoodNft: OutputViews | undefined;
  const keepGood = (views: OutputViews | undefined, good: boolean): OutputViews | undefined => {
    if (good) lastGood = views;
    return lastGood;
  };
  const keepGoodNft = (views: OutputViews | undefined, good: boolean): OutputViews | undefined => {
    if (good) lastGoodNft = views;
    return lastGoodNft;
  };
  const combine = memoizeLast(
    (
      parsed: Parsed<ParsedArgs>,
      generated: MaybeGenerated | undefined,
      dns: DnsServersField,
      nft: boolean,
    ): BaseDerived => {
      const inputDiagnostics: ShownDiagnostic[] = parsed.diagnostics.map((d) => ({
        diagnostic: d,
        origin: 'input',
        located: true,
      }));
      const diagnostics = [
        ...inputDiagnostics,
        ...reportDnsServers(dns),
        ...(generated?.diagnostics ?? []),
      ];
      const good = generated?.ok === true;
      const views = (nft ? keepGoodNft : keepGood)(generated?.views, good);
      const { source, config, flags } = parsed.value;
      return { diagnostics, views, stale: !good, source, config, flags, dns };
    },
  );
  const combinePasted = memoizeLast((pasted: Generated, dns: DnsServersField): BaseDerived => {
    const views = keepGood(pasted.views, pasted.ok);
    return { diagnostics: pasted.diagnostics, views, stale: !pasted.ok, source: undefined, dns };
  });
  const podStage = createPodStage();
  const argvStage = memoizeLast(joinArgv);
  const graphStage = createGraphStage();
  const workbenchStage = createWorkbenchStage();
  const pathStage = createPathStage(options.path);
  const finish = memoizeLast(
    (
      base: BaseDerived,
      mode: InputMode,
      graph: GraphDerived,
      workbench: WorkbenchDerived,
      path: PathDerived,
    ): Derived => ({ ...base, mode, ...graph, ...workbench, ...path }),
  );
  return (input) => {
    const dns = dnsStage(input.dnsServers);
    const mode = input.input.mode ?? 'args';
    const dataplane = input.dataplane;
    const sidecar = dataplane === undefined || dataplane.plane === 'sidecar';
    let base: BaseDerived;
    if (!sidecar) {
      base = podStage(dataplane, input.ipv6, dns);
    } else if (mode === 'iptables-save') {
      base = pastedBase(input.input.text, dns);
    } else {
      const parsed = parseStage(input.input.text, input.ipv6, dns);
      const nft = input.backend === 'nftables';
      const generated = hasErrors(parsed.diagnostics)
        ? undefined
        : (nft ? nftStage : generateStage)(parsed.value.config, input.version, parsed.value);
      base = combine(parsed, generated, dns, nft);
    }
    const family = input.graphFamily ?? 4;
    const rulesets = base.views?.rulesets;
    const podArgs = base.pod?.argv === undefined ? undefined : argvStage(base.pod.argv);
    const path = pathStage({
      spec: input.path,
      plane: dataplane?.plane ?? 'sidecar',
      backend: input.backend ?? 'iptables',
      editorArgs: podArgs !== undefined || (sidecar && mode === 'args'),
      text: podArgs ?? input.input.text,
      otherText: input.otherText,
      argsStale: base.stale,
      version: input.version,
      pathOpen: input.mainView === 'path',
      graphStep: input.graphStep,
      editorRestoreV4: base.views?.families.find((f) => f.family === 4)?.restore,
    });
    const workbench = workbenchStage({
      rulesets,
      packet: input.packet,
      family,
      batchOpen: input.workbenchView === 'batch',
      shownInstead: path.graphStep?.inGraph === true ? path.graphStep.trace : undefined,
    });
    const graph = graphStage(rulesets, family, workbench.highlight);
    return finish(base, mode, graph, workbench, path);
  };
}
