import type { NftCommand, NftSetDecl, NftSetElement } from './model.ts';
import { lexNft } from './lex.ts';
import { ruleWords } from './parse.ts';
import { parseNftRuleWords } from './rule-parse.ts';
import { nftKeyTypes, nftSelectorType, readNftElement } from './set-elements.ts';

/** A named set or map as loaded: its declaration and its elements in insertion order. */
export interface NftStateSet {
  readonly set: NftSetDecl;
  readonly elements: readonly NftSetElement[];
}

export interface MutableSet {
  set: NftSetDecl;
  elements: NftSetElement[];
}

type SetCommand = Extract<
  NftCommand,
  { kind: 'add-set' | 'flush-set' | 'delete-set' | 'add-element' | 'delete-element' }
>;

const ENOENT = 'Could not process rule: No such file or directory';

/** The `@name` sets and maps a rule body refers to. */
export function setReferences(rule: string): string[] {
  return [...rule.matchAll(/(?:^|\s)@([A-Za-z0-9_.\-/]+)/g)].map((m) => m[1] ?? '');
}

/** Elements identity: the printed key (so `10.0.0.1/32` and `10.0.0.1` are one element). */
function identity(set: NftSetDecl, e: NftSetElement): string | { error: string } {
  const r = readNftElement(set, e);
  return typeof r === 'string' ? { error: r } : r.key;
}

function addElements(target: MutableSet, elements: readonly NftSetElement[]): string | undefined {
  const keys = new Set<string>();
  for (const e of target.elements) {
    const k = identity(target.set, e);
    if (typeof k === 'string') keys.add(k);
  }
  for (const e of elements) {
    const k = identity(target.set, e);
    if (typeof k !== 'string') return `Error: ${k.error}`;
    if (target.set.kind === 'map' && e.value === undefined)
      return `Error: map ${target.set.name} needs KEY : VALUE elements`;
    if (target.set.kind === 'set' && e.value !== undefined)
      return `Error: set ${target.set.name} has no values (declare a map)`;
    // nft: re-adding an existing element is not an error; the first one stays.
    if (keys.has(k)) continue;
    keys.add(k);
    target.elements.push(e);
  }
  return undefined;
}

function deleteElements(
  target: MutableSet,
  elements: readonly NftSetElement[],
): string | undefined {
  for (const e of elements) {
    const k = identity(target.set, e);
    if (typeof k !== 'string') return `Error: ${k.error}`;
    const at = target.elements.findIndex((x) => identity(target.set, x) === k);
    if (at < 0) return `${ENOENT} (element ${e.key})`;
    target.elements.splice(at, 1);
  }
  return undefined;
}

/**
 * Applies a set/map/element command to one table's sets, as nft does. `inUse` tells whether
 * a rule of the table still refers to a set (nft refuses to delete it: EBUSY).
 */
export function applySetCommand(
  sets: MutableSet[],
  c: SetCommand,
  inUse: (name: string) => boolean,
): string | undefined {
  const name = c.kind === 'add-set' ? c.set.name : c.set;
  const target = sets.find((s) => s.set.name === name);
  if (c.kind === 'add-set') {
    if (target !== undefined && target.set.kind !== c.set.kind)
      return `Could not process rule: File exists (${target.set.kind} ${name})`;
    const into = target ?? { set: c.set, elements: [] };
    if (target === undefined) sets.push(into);
    return addElements(into, c.elements ?? []);
  }
  if (target === undefined) return `${ENOENT} (set ${name})`;
  switch (c.kind) {
    case 'flush-set':
      target.elements = [];
      return undefined;
    case 'delete-set':
      if (inUse(name)) return `Could not process rule: Device or resource busy (set ${name})`;
      sets.splice(sets.indexOf(target), 1);
      return undefined;
    case 'add-element':
      return addElements(target, c.elements);
    case 'delete-element':
      return deleteElements(target, c.elements);
  }
}

/**
 * nft checks a `@set` lookup against the set's key type when the rule is added (`Error:
 * datatype mismatch`). Returns that refusal for the first mismatching lookup, if any.
 */
export function setTypeMismatch(
  rule: string,
  sets: readonly { readonly set: NftSetDecl }[],
): string | undefined {
  for (const st of parseNftRuleWords(ruleWords(lexNft(rule))).body.statements) {
    const value = st.kind === 'match' ? st.value : st.kind === 'vmap' ? st.map : undefined;
    if (value?.kind !== 'ref' || (st.kind !== 'match' && st.kind !== 'vmap')) continue;
    const set = sets.find((x) => x.set.name === value.name)?.set;
    const want = st.key.split(' . ').map((k) => nftSelectorType(k));
    if (set === undefined || want.some((t) => t === undefined)) continue;
    const have = nftKeyTypes(set);
    if (have.join(' . ') !== want.join(' . '))
      return `Could not process rule: datatype mismatch (${st.key} is ${want.join(' . ')}, ${set.kind} ${set.name} holds ${have.join(' . ')})`;
    if (st.kind === 'vmap' && set.data !== 'verdict')
      return `Could not process rule: ${set.name} is not a verdict map`;
  }
  return undefined;
}
