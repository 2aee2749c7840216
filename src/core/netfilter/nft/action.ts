import type { NftStatement } from '../../nftables/rule-model.ts';
import { assertNever } from '../../shared/assert.ts';
import { parseU32 } from '../matchers/common.ts';
import type { EvalContext, SimPacket } from '../state.ts';
import { applyNatTarget, parseNatTo } from '../targets/nat.ts';
import { parseFirstPort } from '../targets/options.ts';
import type { CompiledTarget } from '../targets/types.ts';
import type { NftSetLookup } from './match.ts';
import { compileItems, compileRead } from './match.ts';

type NatTarget = Extract<CompiledTarget, { kind: 'redirect' | 'dnat' | 'snat' | 'masquerade' }>;

/** A statement of an nftables rule that is not a match, ready to run. */
export type NftAction =
  | { readonly kind: 'none' }
  | {
      readonly kind: 'set';
      readonly apply: (p: SimPacket) => void;
      /** `meta mark set N` with a constant: the mark (TPROXY rules route it through table 133). */
      readonly mark?: number;
    }
  | {
      readonly kind: 'verdict';
      readonly verdict: 'accept' | 'drop' | 'return' | 'continue' | 'jump' | 'goto';
      readonly chain?: string;
    }
  | { readonly kind: 'nat'; readonly target: NatTarget; readonly token: string }
  | {
      readonly kind: 'vmap';
      readonly read: (p: SimPacket) => bigint | string | undefined;
      /** In element order: the first entry whose key holds gives the verdict. */
      readonly entries: readonly {
        readonly holds: (x: bigint | string) => boolean;
        readonly verdict: NftAction;
      }[];
    }
  | {
      readonly kind: 'tproxy';
      readonly family: 4 | 6 | undefined;
      readonly port: number;
    };

/** What running an action did: go on with the rule, break it (no match), or end it with a verdict. */
export type ActionEffect =
  | { readonly kind: 'next' }
  | { readonly kind: 'break' }
  | { readonly kind: 'accept'; readonly token: string }
  | { readonly kind: 'drop' }
  | { readonly kind: 'return' | 'continue' }
  | { readonly kind: 'jump' | 'goto'; readonly chain: string };

function sourceOf(from: string): ((p: SimPacket) => number | undefined) | undefined {
  if (from === 'meta mark') return (p) => p.mark;
  if (from === 'ct mark') return (p) => (p.ct.attached && !p.ct.untracked ? p.ct.mark : undefined);
  const n = parseU32(from);
  return n === undefined ? undefined : () => n;
}

/** `meta mark set …`, `ct mark set …`, `ct zone set N`, `meta nftrace set 1`. */
function compileSet(s: Extract<NftStatement, { kind: 'set' }>): NftAction | string {
  const read = sourceOf(s.from);
  const mask = s.mask === undefined ? 0xffffffff : parseU32(s.mask);
  const or = s.or === undefined ? 0 : parseU32(s.or);
  if (!read || mask === undefined || or === undefined)
    return `cannot evaluate '${s.key} set ${s.from}'`;
  const constant = parseU32(s.from);
  const value = (p: SimPacket): number | undefined => {
    const v = read(p);
    return v === undefined ? undefined : ((v & mask) | or) >>> 0;
  };
  switch (s.key) {
    case 'meta mark':
      return {
        kind: 'set',
        ...(constant === undefined ? {} : { mark: ((constant & mask) | or) >>> 0 }),
        apply: (p) => {
          const v = value(p);
          if (v !== undefined) p.mark = v;
        },
      };
    case 'ct mark':
    case 'ct zone': {
      const zone = s.key === 'ct zone';
      return {
        kind: 'set',
        apply: (p) => {
          const v = value(p);
          if (v === undefined) return;
          if (zone) p.ct.zone = v;
          else if (p.ct.attached && !p.ct.untracked) p.ct.mark = v;
        },
      };
    }
    case 'meta nftrace':
      return { kind: 'none' };
    default:
      return `cannot evaluate '${s.key} set' (not simulated)`;
  }
}

function compileNat(s: Extract<NftStatement, { kind: 'nat' }>): NftAction | string {
  const parsed = parseNatTo(s.to);
  if (!parsed) return `cannot evaluate '${s.type} to ${s.to}'`;
  const target: NatTarget = { kind: s.type, to: s.to, ...parsed };
  return { kind: 'nat', target, token: `${s.type.toUpperCase()}:${s.to}` };
}

/** `accept`, `drop`, `jump c`, `goto c`, `return`, `continue`: a map's verdict value. */
function parseVerdict(text: string): NftAction | undefined {
  const [word, chain, extra] = text.trim().split(/\s+/);
  if (extra !== undefined) return undefined;
  if (word === 'jump' || word === 'goto')
    return chain === undefined ? undefined : { kind: 'verdict', verdict: word, chain };
  if (chain !== undefined) return undefined;
  if (word === 'accept' || word === 'drop' || word === 'return' || word === 'continue')
    return { kind: 'verdict', verdict: word };
  return undefined;
}

/** `KEY vmap { k : verdict, … }` / `KEY vmap @map`: a lookup, then the verdict found. */
function compileVmap(
  s: Extract<NftStatement, { kind: 'vmap' }>,
  sets: NftSetLookup,
): NftAction | string {
  const elements =
    s.map.kind === 'map'
      ? s.map.entries
      : s.map.kind === 'ref'
        ? sets(s.map.name)?.map((e) => ({ key: e.key, value: e.value ?? '' }))
        : undefined;
  if (!elements) return `cannot evaluate '${s.key} vmap' (no such map)`;
  const read = compileRead(s.key);
  if (typeof read === 'string') return read;
  const entries = [];
  for (const e of elements) {
    const holds = compileItems(s.key, [e.key], undefined);
    const verdict = parseVerdict(e.value);
    if (typeof holds === 'string') return holds;
    if (!verdict) return `cannot evaluate verdict '${e.value}'`;
    entries.push({ holds, verdict });
  }
  return { kind: 'vmap', read, entries };
}

/** A non-match statement as an action, or the reason it cannot be evaluated. */
export function compileNftAction(
  s: Exclude<NftStatement, { kind: 'match' }>,
  sets: NftSetLookup,
): NftAction | string {
  switch (s.kind) {
    case 'vmap':
      return compileVmap(s, sets);
    case 'counter':
    case 'log':
      return { kind: 'none' };
    case 'verdict':
      return s.target === undefined
        ? { kind: 'verdict', verdict: s.verdict }
        : { kind: 'verdict', verdict: s.verdict, chain: s.target };
    case 'redirect': {
      const port = s.port === undefined ? undefined : parseFirstPort(s.port.replace(/^:/, ''));
      if (s.port !== undefined && port === undefined)
        return `cannot evaluate 'redirect to ${s.port}'`;
      return {
        kind: 'nat',
        target: { kind: 'redirect', port },
        token: '',
      };
    }
    case 'nat':
      return compileNat(s);
    case 'masquerade':
      return { kind: 'nat', target: { kind: 'masquerade', port: undefined }, token: 'MASQUERADE' };
    case 'tproxy': {
      const port = parseFirstPort(s.to.slice(s.to.lastIndexOf(':') + 1));
      if (port === undefined || !s.to.includes(':'))
        return `cannot evaluate 'tproxy to ${s.to}' (an address without a port)`;
      const family = s.family === 'ip' ? 4 : s.family === 'ip6' ? 6 : undefined;
      return { kind: 'tproxy', family, port };
    }
    case 'set':
      return s.map === undefined
        ? compileSet(s)
        : `cannot evaluate '${s.key} set … map' (not simulated)`;
    case 'unknown':
      return `cannot evaluate '${s.raw}' (not simulated)`;
    default:
      return assertNever(s, 'statement');
  }
}

/** Runs one action on the packet. */
export function runNftAction(a: NftAction, p: SimPacket, ctx: EvalContext): ActionEffect {
  switch (a.kind) {
    case 'none':
      return { kind: 'next' };
    case 'set':
      a.apply(p);
      return { kind: 'next' };
    case 'verdict':
      if (a.verdict === 'accept') return { kind: 'accept', token: 'ACCEPT' };
      if (a.verdict === 'drop') return { kind: 'drop' };
      if (a.verdict === 'jump' || a.verdict === 'goto')
        return { kind: a.verdict, chain: a.chain ?? '' };
      return { kind: a.verdict };
    case 'nat': {
      const effect = applyNatTarget(a.target, p, ctx);
      if (effect.verdict === 'drop') return { kind: 'drop' };
      if (effect.verdict !== 'accept') return { kind: 'next' };
      return { kind: 'accept', token: a.token === '' ? effect.token : a.token };
    }
    case 'vmap': {
      // No element for the key: the lookup breaks the rule (nft_lookup / nft_objref).
      const x = a.read(p);
      const hit = x === undefined ? undefined : a.entries.find((e) => e.holds(x));
      return hit ? runNftAction(hit.verdict, p, ctx) : { kind: 'break' };
    }
    case 'tproxy':
      // nft_tproxy: a packet of the other family breaks the rule; the simulator assumes Envoy's
      // transparent listener exists (without one the kernel breaks the rule too).
      if (a.family !== undefined && a.family !== p.family) return { kind: 'break' };
      p.tproxyPort = a.port;
      return { kind: 'next' };
    default:
      return assertNever(a, 'action');
  }
}
