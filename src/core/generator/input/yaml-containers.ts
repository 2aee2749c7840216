import { isMap, isScalar, isSeq } from 'yaml';
import type { Document, Scalar, YAMLMap } from 'yaml';

/** A container spec found in a manifest. */
export interface ContainerRef {
  readonly doc: Document.Parsed;
  readonly map: YAMLMap;
  readonly name?: string;
  /** Listed under `initContainers` (or pasted on its own). */
  readonly init: boolean;
}

export interface FoundContainers {
  readonly containers: readonly ContainerRef[];
  /** Where to point a "no istio-init" diagnostic: the first containers key, else the first node. */
  readonly anchor: readonly [number, number];
}

const MAX_DEPTH = 64;

/**
 * Every container under `initContainers:` / `containers:` at any depth of every document (Pod
 * spec, workload `spec.template.spec`, `List.items`, kube-inject output), plus pasted container
 * fragments (a mapping with a name and args/command/image, or a list of those).
 */
export function findContainers(docs: readonly Document.Parsed[]): FoundContainers {
  const containers: ContainerRef[] = [];
  let anchor: [number, number] | undefined;
  let fallback: [number, number] | undefined;
  const visit = (doc: Document.Parsed, node: unknown, depth: number): void => {
    if (depth > MAX_DEPTH) return;
    if (isSeq(node)) {
      for (const item of node.items) visit(doc, item, depth + 1);
      return;
    }
    if (!isMap(node)) return;
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if ((key === 'initContainers' || key === 'containers') && isSeq(pair.value)) {
        if (anchor === undefined && isScalar(pair.key) && pair.key.range)
          anchor = [pair.key.range[0], pair.key.range[1]];
        for (const item of pair.value.items) {
          if (isMap(item)) containers.push(containerRef(doc, item, key === 'initContainers'));
        }
      } else {
        visit(doc, pair.value, depth + 1);
      }
    }
  };
  for (const doc of docs) {
    const root = doc.contents;
    if (fallback === undefined && root?.range) fallback = [root.range[0], root.range[0]];
    const pasted: YAMLMap[] = [];
    if (isSeq(root)) for (const item of root.items) if (isMap(item)) pasted.push(item);
    if (isMap(root)) pasted.push(root);
    const fragments = pasted.filter(isContainerFragment);
    if (fragments.length > 0) {
      for (const map of fragments) containers.push(containerRef(doc, map, true));
      continue;
    }
    visit(doc, root, 0);
  }
  return { containers, anchor: anchor ?? fallback ?? [0, 0] };
}

function containerRef(doc: Document.Parsed, map: YAMLMap, init: boolean): ContainerRef {
  const name = mapGet(map, 'name');
  return isScalar(name) ? { doc, map, init, name: scalarText(name) } : { doc, map, init };
}

/** A bare container: `name` plus `args`, `command` or `image`, and not a whole object. */
function isContainerFragment(map: YAMLMap): boolean {
  const has = (k: string): boolean => mapGet(map, k) !== undefined;
  return (
    has('name') && (has('args') || has('command') || has('image')) && !has('spec') && !has('kind')
  );
}

/** The value node of `key` in a mapping (keys compared as strings). */
export function mapGet(map: YAMLMap, key: string): unknown {
  for (const pair of map.items) {
    if (isScalar(pair.key) && String(pair.key.value) === key) return pair.value ?? null;
  }
  return undefined;
}

/** The text of a scalar as written (before YAML typing): `15001`, `0x10`, `true`; null is ''. */
export function scalarText(node: Scalar): string {
  if (node.value === null || node.value === undefined) return '';
  const v: unknown = node.value;
  if (typeof v === 'string') return v;
  if (typeof node.source === 'string') return node.source;
  return typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' ? String(v) : '';
}
