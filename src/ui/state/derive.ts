import {
  buildJumpGraph,
  diagnostic,
  EMPTY_RANGE,
  generateRules,
  hasErrors,
  loadGeneratedRules,
  parseAddress,
  parseIstioArgs,
  renderDryRun,
  listOptionsFor,
  renderIptablesList,
  renderIptablesSave,
} from '@core';
import type {
  Diagnostic,
  GeneratedRules,
  IpFamily,
  IstioConfig,
  IstioVersion,
  JumpGraph,
  Parsed,
  ParsedArgs,
  Ruleset,
  Rulesets,
  TableName,
} from '@core';
import type { GraphView } from '../graph/graph-model.ts';
import { buildGraphView, needsHighlight } from '../graph/graph-model.ts';
import type { PathHighlight } from '../workbench/path-highlight.ts';
import { buildPathHighlight, EMPTY_HIGHLIGHT } from '../workbench/path-highlight.ts';
import type { BatchView, PacketTrace } from '../workbench/trace-packet.ts';
import { tracePacket, traceTypicalPackets } from '../workbench/trace-packet.ts';
import type { GraphStep } from '../path/graph-step.ts';
import { findGraphStep } from '../path/graph-step.ts';
import type { AsyncPath } from '../path/path-async.ts';
import type { PathView } from '../path/path-model.ts';
import { buildPathScenario, createPathComputer, parseHeaders } from '../path/path-model.ts';
import { DEFAULT_PATH_SPEC } from '../path/path-spec.ts';
import type { PathSpec } from '../path/path-spec.ts';
import { memoizeLast } from './memoize-last.ts';
import type { AsyncPasted } from './pasted-async.ts';
import { WORKER_THRESHOLD } from './pasted-async.ts';
import { buildPastedViews, buildPastedViewsFrom } from './pasted-views.ts';
import type { InputMode, MainView, PacketForm, WorkbenchView } from './store.ts';

/** Where a diagnostic points: the user's text, the DNS servers field, or generated text. */
export type DiagnosticOrigin = 'input' | 'dns-servers' | 'generator' | 'rules';

export interface ShownDiagnostic {
  readonly diagnostic: Diagnostic;
  readonly origin: DiagnosticOrigin;
  /** True when `diagnostic.range` is a place in the editor text. */
  readonly located: boolean;
}

export interface ListView {
  readonly table: TableName;
  readonly text: string;
}

export interface FamilyViews {
  readonly family: IpFamily;
  readonly ruleset: Ruleset;
  readonly restore: string;
  readonly save: string;
  readonly lists: readonly ListView[];
}

/** Every view of one successful generation (or of one pasted dump). */
export interface OutputViews {
  /** The profile that generated the rules; undefined for a pasted dump. */
  readonly version: IstioVersion | undefined;
  readonly families: readonly FamilyViews[];
  /** The istio-iptables transcript; undefined for a pasted dump. */
  readonly dryRun: string | undefined;
  readonly rulesets: Rulesets;
}

export interface DnsServersField {
  readonly servers: readonly string[];
  /** Entries that are not IP addresses; they are left out of the generator input. */
  readonly invalid: readonly string[];
}

/** The views of the current input (args or pasted rules), before the workbench and graph. */
export interface BaseDerived {
  readonly diagnostics: readonly ShownDiagnostic[];
  /** The views of the latest input without errors (possibly an older input: see `stale`). */
  readonly views: OutputViews | undefined;
  /** True when the current input has errors and `views` belong to an earlier input. */
  readonly stale: boolean;
  readonly source: ParsedArgs['source'] | undefined;
  /** The resolved istio-iptables config of the current args (absent for a pasted dump). */
  readonly config?: IstioConfig;
  readonly dns: DnsServersField;
  /** True while a big pasted dump is being parsed in the worker (the views are the last good ones). */
  readonly pending?: boolean;
}

export interface Derived extends BaseDerived {
  readonly mode: InputMode;
  /** The chain-jump graph of the family the graph shows. */
  readonly graph: JumpGraph | undefined;
  /** What the graph draws (collapsed for big rulesets). */
  readonly graphView: GraphView | undefined;
  /** The workbench packet through the current (or last good) rules. */
  readonly trace: PacketTrace | undefined;
  readonly highlight: PathHighlight;
  /** All typical packets at once: only computed while the batch view is open. */
  readonly batch: BatchView | undefined;
  /** The Bookinfo request path: only computed while the path view is open or one of its steps is in the graph. */
  readonly path: PathView | undefined;
  /** The path step the chain graph lights up instead of the workbench packet. */
  readonly graphStep: GraphStep | undefined;
}

export interface DeriveInput {
  readonly input: { readonly text: string; readonly mode?: InputMode };
  readonly version: IstioVersion;
  readonly ipv6: boolean;
  readonly dnsServers: string;
  readonly packet?: PacketForm;
  readonly graphFamily?: IpFamily;
  readonly workbenchView?: WorkbenchView;
  readonly otherText?: string;
  readonly path?: PathSpec;
  readonly mainView?: MainView;
  readonly graphStep?: string | null;
}

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

/** Generator diagnostics name a flag (`subject`), not a place: put them on that flag's token. */
function locateGeneratorDiagnostic(d: Diagnostic, args: ParsedArgs): ShownDiagnostic {
  const occurrence =
    d.subject === undefined ? undefined : args.flags.findLast((f) => f.flag === d.subject);
  if (occurrence === undefined) return { diagnostic: d, origin: 'generator', located: false };
  return { diagnostic: { ...d, range: occurrence.range }, origin: 'generator', located: true };
}

function buildFamilyViews(
  rules: GeneratedRules,
  family: IpFamily,
): {
  views: FamilyViews;
  diagnostics: readonly Diagnostic[];
} {
  const { restore, ruleset, diagnostics } = loadGeneratedRules(rules, family);
  const lists = ruleset.tables.map((t) => ({
    table: t.name,
    text: renderIptablesList(ruleset, t.name, listOptionsFor(rules.version)),
  }));
  return {
    views: { family, ruleset, restore, save: renderIptablesSave(ruleset), lists },
    diagnostics,
  };
}

export interface Generated {
  readonly views: OutputViews;
  readonly diagnostics: readonly ShownDiagnostic[];
  readonly ok: boolean;
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

/** The rulesets of each family, as the simulator takes them. */
export function toRulesets(families: readonly FamilyViews[]): Rulesets {
  const v4 = families.find((f) => f.family === 4)?.ruleset;
  const v6 = families.find((f) => f.family === 6)?.ruleset;
  return { ...(v4 ? { v4 } : {}), ...(v6 ? { v6 } : {}) };
}

/** A derive function with its own memo stages and its own "last good output" memory. */
export type Deriver = (input: DeriveInput) => Derived;

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
    if (options.pasted === undefined || text.length < WORKER_THRESHOLD)
      return combinePasted(pastedStage(text), dns);
    const reply = options.pasted.read(text);
    return reply ? combinePasted(pastedFromStage(text, reply), dns) : pendingStage(lastGood, dns);
  };
  let lastGood: OutputViews | undefined;
  const keepGood = (views: OutputViews | undefined, good: boolean): OutputViews | undefined => {
    if (good) lastGood = views;
    return lastGood;
  };
  const combine = memoizeLast(
    (
      parsed: Parsed<ParsedArgs>,
      generated: Generated | undefined,
      dns: DnsServersField,
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
      const views = keepGood(generated?.views, good);
      const { source, config } = parsed.value;
      return { diagnostics, views, stale: !good, source, config, dns };
    },
  );
  const combinePasted = memoizeLast((pasted: Generated, dns: DnsServersField): BaseDerived => {
    const views = keepGood(pasted.views, pasted.ok);
    return { diagnostics: pasted.diagnostics, views, stale: !pasted.ok, source: undefined, dns };
  });
  const graphStage = memoizeLast((ruleset: Ruleset | undefined) =>
    ruleset ? buildJumpGraph(ruleset) : undefined,
  );
  const traceStage = memoizeLast(tracePacket);
  const highlightStage = memoizeLast(buildPathHighlight);
  const batchStage = memoizeLast(traceTypicalPackets);
  const smallViewStage = memoizeLast((g: JumpGraph) => buildGraphView(g, EMPTY_HIGHLIGHT));
  const bigViewStage = memoizeLast(buildGraphView);
  const viewStage = (g: JumpGraph | undefined, h: PathHighlight): GraphView | undefined =>
    g === undefined ? undefined : needsHighlight(g) ? bigViewStage(g, h) : smallViewStage(g);
  const finish = memoizeLast(
    (
      base: BaseDerived,
      mode: InputMode,
      graph: JumpGraph | undefined,
      graphView: GraphView | undefined,
      trace: PacketTrace | undefined,
      highlight: PathHighlight,
      batch: BatchView | undefined,
      path: PathView | undefined,
      graphStep: GraphStep | undefined,
    ): Derived => ({
      ...base,
      mode,
      graph,
      graphView,
      trace,
      highlight,
      batch,
      path,
      graphStep,
    }),
  );
  const routingStage = memoizeLast(buildPathScenario);
  const headersStage = memoizeLast(parseHeaders);
  const pathStage = createPathComputer(options.path);
  const graphStepStage = memoizeLast(findGraphStep);
  // The path costs tens of ms: without a worker it runs only while someone looks at it (path view
  // or a step in the graph); with one it also runs for the args' Bookinfo status on the main view.
  const derivePath = (
    input: DeriveInput,
    mode: InputMode,
    base: BaseDerived,
  ): PathView | undefined => {
    const looking = input.mainView === 'path' || (input.graphStep ?? null) !== null;
    const forStatus = options.path !== undefined && mode === 'args';
    if (!looking && !forStatus) return undefined;
    const spec = input.path ?? DEFAULT_PATH_SPEC;
    const other = input.otherText ?? '';
    return pathStage({
      scenario: routingStage(spec.routing),
      headers: headersStage(spec.headers),
      routingText: spec.routing,
      headersText: spec.headers,
      args: mode === 'args' ? input.input.text : other === '' ? undefined : other,
      argsOk: mode !== 'args' || !base.stale,
      version: input.version,
      origin: spec.origin,
    });
  };
  return (input) => {
    const dns = dnsStage(input.dnsServers);
    const mode = input.input.mode ?? 'args';
    let base: BaseDerived;
    if (mode === 'iptables-save') {
      base = pastedBase(input.input.text, dns);
    } else {
      const parsed = parseStage(input.input.text, input.ipv6, dns);
      const generated = hasErrors(parsed.diagnostics)
        ? undefined
        : generateStage(parsed.value.config, input.version, parsed.value);
      base = combine(parsed, generated, dns);
    }
    const family = input.graphFamily ?? 4;
    const rulesets = base.views?.rulesets;
    const graph = graphStage(family === 4 ? rulesets?.v4 : rulesets?.v6);
    const trace = rulesets && input.packet ? traceStage(rulesets, input.packet) : undefined;
    const path = derivePath(input, mode, base);
    const v4Restore = base.views?.families.find((f) => f.family === 4)?.restore;
    const graphStep = graphStepStage(path?.path, input.graphStep, v4Restore);
    const highlight = highlightStage(
      graphStep?.inGraph === true ? graphStep.trace : trace?.result,
      family,
    );
    const batch = rulesets && input.workbenchView === 'batch' ? batchStage(rulesets) : undefined;
    return finish(
      base,
      mode,
      graph,
      viewStage(graph, highlight),
      trace,
      highlight,
      batch,
      path,
      graphStep,
    );
  };
}
