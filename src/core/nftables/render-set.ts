import type { NftSetDecl } from './model.ts';
import {
  compareNftElements,
  formatNftAnonymousSet,
  nftKeyTypes,
  readNftElement,
} from './set-elements.ts';
import type { NftStateSet } from './set-state.ts';

/** Elements per line of `elements = { … }` by key datatype (nft 1.0.6 expression.c calculate_delim). */
function perLine(set: NftSetDecl): number {
  const types = nftKeyTypes(set);
  const type = types[0];
  if (types.length !== 1 || type === undefined) return 1;
  switch (type) {
    case 'ipv4_addr':
    case 'ct_state':
    case 'ct_status':
    case 'pkttype':
      return 2;
    case 'inet_service':
    case 'mark':
    case 'inet_proto':
    case 'uid':
    case 'gid':
    case 'integer':
    case 'nf_proto':
    case 'iface_index':
    case 'classid':
    case 'ct_dir':
      return 5;
    default:
      return 1;
  }
}

/** An auto-merge address set lists its elements merged into maximal intervals. */
function mergedKeys(s: NftStateSet): string[] | undefined {
  const types = nftKeyTypes(s.set);
  const type = types[0];
  if (s.set.autoMerge !== true || s.set.kind !== 'set' || types.length !== 1 || type === undefined)
    return undefined;
  const selector = type === 'ipv4_addr' ? 'ip daddr' : type === 'ipv6_addr' ? 'ip6 daddr' : '';
  const keys = s.elements.map((e) => e.key);
  return selector === '' ? undefined : formatNftAnonymousSet(selector, keys, true);
}

function renderElements(s: NftStateSet): string | undefined {
  const merged = mergedKeys(s);
  if (merged !== undefined && merged.length > 0)
    return `\t\telements = { ${joinElements(s.set, merged)} }`;
  const listed = s.elements.flatMap((e) => {
    const r = readNftElement(s.set, e);
    return typeof r === 'string' ? [] : [r];
  });
  if (listed.length === 0) return undefined;
  // Interval sets list in key order too (the kernel's rbtree), like hashed sets after nft's sort.
  listed.sort(compareNftElements);
  const counter = s.set.counter === true ? ' counter packets 0 bytes 0' : '';
  const texts = listed.map(
    (e) =>
      `${e.key}${counter}${e.comment === undefined ? '' : ` comment "${e.comment}"`}${e.value === undefined ? '' : ` : ${e.value}`}`,
  );
  return `\t\telements = { ${joinElements(s.set, texts)} }`;
}

function joinElements(set: NftSetDecl, texts: readonly string[]): string {
  const n = perLine(set);
  return texts
    .map((t, i) => (i === 0 ? t : `${i % n === 0 ? ',\n\t\t\t     ' : ', '}${t}`))
    .join('');
}

/**
 * A named set or map as `nft list ruleset` (1.0.6) prints it: type (or typeof), policy, size,
 * flags, counter, auto-merge, timeout, gc-interval, comment, elements sorted by key.
 */
export function renderNftSetBlock(s: NftStateSet): string[] {
  const set = s.set;
  const lines = [`\t${set.kind} ${set.name} {`];
  const type = set.data === undefined ? set.type : `${set.type} : ${set.data}`;
  lines.push(`\t\t${set.typeof === true ? 'typeof' : 'type'} ${type}`);
  if (set.policy === 'memory') lines.push('\t\tpolicy memory');
  if (set.size !== undefined) lines.push(`\t\tsize ${set.size}`);
  const flags = set.flags ?? [];
  // nft leaves the flags line out when its only flag is timeout and a default timeout is set.
  const shown = flags.filter((f) => !(f === 'timeout' && set.timeout !== undefined));
  if (shown.length > 0) {
    const order = ['constant', 'dynamic', 'interval', 'timeout'];
    const sorted = [...flags].sort((a, b) => order.indexOf(a) - order.indexOf(b));
    lines.push(`\t\tflags ${sorted.join(',')}`);
  }
  if (set.counter === true) lines.push('\t\tcounter');
  if (set.autoMerge === true) lines.push('\t\tauto-merge');
  if (set.timeout !== undefined) lines.push(`\t\ttimeout ${set.timeout}`);
  if (set.gcInterval !== undefined) lines.push(`\t\tgc-interval ${set.gcInterval}`);
  if (set.comment !== undefined) lines.push(`\t\tcomment "${set.comment}"`);
  const elements = renderElements(s);
  if (elements !== undefined) lines.push(elements);
  lines.push('\t}');
  return lines;
}
