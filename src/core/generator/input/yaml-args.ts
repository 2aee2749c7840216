import { isAlias, isMap, isScalar, isSeq } from 'yaml';
import { parseYamlDocuments } from '../../shared/yaml-documents.ts';
import type { Document, Node, YAMLMap } from 'yaml';
import type { Diagnostic } from '../../shared/diagnostics.ts';
import { diagnostic } from '../../shared/diagnostics.ts';
import { findContainers, mapGet, scalarText } from './yaml-containers.ts';
import type { ContainerRef } from './yaml-containers.ts';
import { scalarToken } from './yaml-scalars.ts';
import type { ArgToken, Locator } from './tokens.ts';

export interface YamlArgs {
  readonly tokens: readonly ArgToken[];
  readonly source: 'args-list' | 'yaml';
  readonly argsRange?: readonly [number, number];
  readonly diagnostics: readonly Diagnostic[];
}

const LOOKS_LIKE_ISTIO =
  /^(?:.*\/)?(?:pilot-agent|istio-iptables(?:\.sh)?)$|^-[pzumbixd]$|^--(?:envoy-port|istio-[a-z-]+)(?:=|$)/;

/**
 * Reads istio-iptables arguments out of YAML: a bare sequence (`- -p` / `["-p", "15001"]`), an
 * `args:` (and `command:`) block, or whole Kubernetes manifests (Pod, workload templates, Lists,
 * multi-document kube-inject output) from which the `istio-init` init container is taken, else
 * the init container whose arguments look like istio-iptables.
 */
export function extractYamlArgs(text: string, loc: Locator): YamlArgs {
  const diagnostics: Diagnostic[] = [];
  const { docs, problems } = parseYamlDocuments(text);
  for (const p of problems)
    diagnostics.push(yamlProblem(text, loc, p.message, [p.start, p.end], p.severity));
  for (const doc of docs) {
    const list = bareArgs(doc.contents);
    if (list !== undefined) return finish(text, loc, doc, list, 'args-list', diagnostics);
  }
  const found = findContainers(docs);
  const chosen =
    found.containers.find((c) => c.init && c.name === 'istio-init') ??
    found.containers.find((c) => c.init && looksLikeIstio(c.map));
  if (chosen === undefined) {
    if (diagnostics.length === 0 || found.containers.length > 0)
      diagnostics.push(noIstioInit(loc, found.containers, found.anchor));
    return { tokens: [], source: 'yaml', diagnostics };
  }
  return finish(
    text,
    loc,
    chosen.doc,
    { command: mapGet(chosen.map, 'command'), args: mapGet(chosen.map, 'args'), owner: chosen.map },
    'yaml',
    diagnostics,
  );
}

interface ArgNodes {
  readonly command: unknown;
  readonly args: unknown;
  readonly owner?: YAMLMap;
}

/** A root sequence of plain items, or a mapping holding only `args:` / `command:`. */
function bareArgs(root: unknown): ArgNodes | undefined {
  if (isSeq(root) && root.items.every((item) => !isMap(item) && !isSeq(item)))
    return { command: undefined, args: root };
  if (!isMap(root) || root.items.length === 0) return undefined;
  const keys = root.items.map((p) => (isScalar(p.key) ? String(p.key.value) : ''));
  if (!keys.includes('args') || !keys.every((k) => k === 'args' || k === 'command'))
    return undefined;
  return { command: mapGet(root, 'command'), args: mapGet(root, 'args') };
}

function finish(
  text: string,
  loc: Locator,
  doc: Document.Parsed,
  nodes: ArgNodes,
  source: 'args-list' | 'yaml',
  diagnostics: Diagnostic[],
): YamlArgs {
  const tokens: ArgToken[] = [];
  readList(text, loc, doc, nodes.command, 'command', tokens, diagnostics);
  readList(text, loc, doc, nodes.args, 'args', tokens, diagnostics);
  const block = (isSeq(nodes.args) ? nodes.args : isSeq(nodes.command) ? nodes.command : undefined)
    ?.range;
  if (tokens.length === 0 && nodes.owner !== undefined) {
    const name = mapGet(nodes.owner, 'name');
    const at = (isScalar(name) ? name.range : nodes.owner.range) ?? [0, 0];
    diagnostics.push(
      diagnostic(
        'no-args',
        'warning',
        'the istio-init container has no args: istio-iptables would run with its defaults only',
        loc.range(at[0], at[1]),
      ),
    );
  }
  const argsRange =
    block === undefined || block === null
      ? undefined
      : ([block[0], trimEnd(text, block[0], block[1])] as const);
  return argsRange === undefined
    ? { tokens, source, diagnostics }
    : { tokens, source, argsRange, diagnostics };
}

/** Block collections end after their last line break; the args block ends at its last item. */
function trimEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && /\s/.test(text[e - 1] ?? '')) e--;
  return e;
}

function readList(
  text: string,
  loc: Locator,
  doc: Document.Parsed,
  node: unknown,
  key: 'command' | 'args',
  tokens: ArgToken[],
  diagnostics: Diagnostic[],
): void {
  if (node === undefined || node === null) return;
  if (!isSeq(node)) {
    const r = (node as Node).range ?? [0, 0];
    diagnostics.push(
      diagnostic('yaml-syntax', 'error', `${key} must be a list of strings`, loc.range(r[0], r[1])),
    );
    return;
  }
  for (const item of node.items) {
    const target = isAlias(item) ? item.resolve(doc) : item;
    const r = (item as Node | null)?.range ?? node.range ?? [0, 0];
    if (!isScalar(target)) {
      diagnostics.push(
        diagnostic('yaml-syntax', 'error', `${key} items must be strings`, loc.range(r[0], r[1])),
      );
      continue;
    }
    const value = scalarText(target);
    const first = tokens.length === 0;
    if (isAlias(item) || !isScalar(item)) {
      tokens.push({ value, start: r[0], end: r[1], exact: false, commandPosition: first });
      continue;
    }
    tokens.push(scalarToken(text, item, value, first));
    if (typeof item.value !== 'string')
      diagnostics.push(notString(item.value, value, loc.range(r[0], r[1])));
  }
}

function notString(raw: unknown, value: string, range: ReturnType<Locator['range']>): Diagnostic {
  if (raw === null || raw === undefined) {
    return diagnostic(
      'yaml-syntax',
      'warning',
      'empty list item (YAML null): Kubernetes passes an empty string; write "" to make that explicit',
      range,
    );
  }
  return diagnostic(
    'yaml-syntax',
    'warning',
    `Kubernetes only accepts strings in args; quote this ${typeof raw} as "${value}"`,
    range,
  );
}

function looksLikeIstio(map: YAMLMap): boolean {
  for (const key of ['command', 'args']) {
    const list = mapGet(map, key);
    if (!isSeq(list)) continue;
    if (list.items.some((item) => isScalar(item) && LOOKS_LIKE_ISTIO.test(scalarText(item))))
      return true;
  }
  return false;
}

function yamlProblem(
  text: string,
  loc: Locator,
  message: string,
  pos: [number, number],
  severity: 'error' | 'warning',
): Diagnostic {
  const [start, end] = pos;
  const star = text.slice(start, Math.max(start + 1, end)).startsWith('*');
  const hint = star ? " (a bare * is a YAML alias: quote the wildcard as '*')" : '';
  return diagnostic(
    'yaml-syntax',
    severity,
    `${message}${hint}`,
    loc.range(start, Math.max(end, start)),
  );
}

function noIstioInit(
  loc: Locator,
  containers: readonly ContainerRef[],
  anchor: readonly [number, number],
): Diagnostic {
  const list = (init: boolean): string => {
    const names = containers.filter((c) => c.init === init).map((c) => c.name ?? '(unnamed)');
    return names.length === 0 ? 'none' : names.join(', ');
  };
  const message =
    containers.length === 0
      ? 'no istio-init container found: the YAML has no containers at all'
      : `no istio-init container found; init containers: ${list(true)}; containers: ${list(false)}`;
  return diagnostic('no-istio-init', 'error', message, loc.range(anchor[0], anchor[1]));
}
