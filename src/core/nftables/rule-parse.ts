import type { NftRuleBody, NftStatement, NftValue } from './rule-model.ts';

/** Meta keys nft prints without `meta` (nft meta.c: meta_key_is_unqualified). */
const UNQUALIFIED_META = new Set(['iif', 'oif', 'iifname', 'oifname', 'iifgroup', 'oifgroup']);
/** Meta keys that may be written without `meta`. */
const BARE_META = new Set([
  ...UNQUALIFIED_META,
  'mark',
  'skuid',
  'skgid',
  'l4proto',
  'nfproto',
  'iiftype',
  'oiftype',
  'priority',
  'pkttype',
  'cpu',
  'nftrace',
  'rtclassid',
]);
const PAYLOAD: Readonly<Record<string, readonly string[]>> = {
  ip: ['saddr', 'daddr', 'protocol', 'ttl', 'length', 'dscp', 'version'],
  ip6: ['saddr', 'daddr', 'nexthdr', 'hoplimit', 'length', 'dscp', 'version'],
  tcp: ['sport', 'dport', 'flags'],
  udp: ['sport', 'dport', 'length'],
  th: ['sport', 'dport'],
};
const CT_KEYS = new Set(['state', 'mark', 'zone', 'status', 'direction', 'expiration']);
const VERDICTS = new Set(['accept', 'drop', 'return', 'continue', 'jump', 'goto']);

class Cursor {
  i = 0;
  constructor(readonly words: readonly string[]) {}
  peek(n = 0): string | undefined {
    return this.words[this.i + n];
  }
  next(): string | undefined {
    return this.words[this.i++];
  }
}

/** Reads a selector (`meta mark`, `mark`, `ip daddr`, `ct state`); undefined if none here. */
function readSelector(c: Cursor): string | undefined {
  const w = c.peek();
  const w2 = c.peek(1);
  if (w === undefined) return undefined;
  if (w === 'meta' && w2 !== undefined && BARE_META.has(w2)) {
    c.i += 2;
    return UNQUALIFIED_META.has(w2) ? w2 : `meta ${w2}`;
  }
  if (BARE_META.has(w) && w2 !== 'set') {
    c.i += 1;
    return UNQUALIFIED_META.has(w) ? w : `meta ${w}`;
  }
  if (w2 !== undefined && PAYLOAD[w]?.includes(w2) === true) {
    c.i += 2;
    return `${w} ${w2}`;
  }
  if (w === 'ct' && w2 !== undefined && CT_KEYS.has(w2) && c.peek(2) !== 'set') {
    c.i += 2;
    return `ct ${w2}`;
  }
  return undefined;
}

/** `{ a : b, c : jump x }` after its `{`: entries split at commas, key and value at `:`. */
function readMapEntries(c: Cursor): NftValue | undefined {
  const entries: { key: string; value: string }[] = [];
  let part: string[] = [];
  const flush = (): boolean => {
    const at = part.indexOf(':');
    if (at <= 0 || at === part.length - 1) return false;
    entries.push({ key: part.slice(0, at).join(' '), value: part.slice(at + 1).join(' ') });
    part = [];
    return true;
  };
  for (let x = c.next(); x !== undefined; x = c.next()) {
    if (x === '}') return flush() ? { kind: 'map', entries } : undefined;
    if (x === ',') {
      if (!flush()) return undefined;
    } else part.push(x);
  }
  return undefined;
}

function readValue(c: Cursor): NftValue | undefined {
  const w = c.next();
  if (w === undefined) return undefined;
  if (w === '{') {
    const close = c.words.indexOf('}', c.i);
    if (close > c.i && c.words.slice(c.i, close).includes(':')) return readMapEntries(c);
    const items: string[] = [];
    for (let x = c.next(); x !== undefined && x !== '}'; x = c.next()) {
      if (x !== ',') items.push(x);
    }
    return { kind: 'set', items };
  }
  if (w.startsWith('@')) return { kind: 'ref', name: w.slice(1) };
  return { kind: 'single', text: w };
}

/** `ip daddr . tcp dport`: selectors joined by `.` (a concatenation). */
function readConcat(c: Cursor): string | undefined {
  let key = readSelector(c);
  while (key !== undefined && c.peek() === '.') {
    const at = c.i;
    c.next();
    const more = readSelector(c);
    if (more === undefined) {
      c.i = at;
      return key;
    }
    key = `${key} . ${more}`;
  }
  return key;
}

function readMatch(c: Cursor, key: string): NftStatement | undefined {
  if (c.peek() === 'vmap') {
    c.next();
    const map = readValue(c);
    return map === undefined || map.kind === 'single' ? undefined : { kind: 'vmap', key, map };
  }
  let mask: string | undefined;
  if (c.peek() === '&' || c.peek() === 'and') {
    c.next();
    mask = c.next();
  }
  let op: '==' | '!=' = '==';
  if (c.peek() === '!=' || c.peek() === '==') op = c.next() === '!=' ? '!=' : '==';
  const value = readValue(c);
  if (value === undefined) return undefined;
  return mask === undefined
    ? { kind: 'match', key, op, value }
    : { kind: 'match', key, mask, op, value };
}

/** `meta mark set …` / `ct mark set …` / `ct zone set …` (also bare `mark set`). */
function readSet(c: Cursor): NftStatement | undefined {
  const start = c.i;
  let key: string | undefined;
  const w = c.peek();
  if (w === 'meta' && c.peek(2) === 'set') key = `meta ${c.peek(1) ?? ''}`;
  else if (w === 'ct' && c.peek(2) === 'set') key = `ct ${c.peek(1) ?? ''}`;
  else if (w !== undefined && BARE_META.has(w) && c.peek(1) === 'set') key = `meta ${w}`;
  if (key === undefined) return undefined;
  c.i += key.startsWith('meta ') && w !== 'meta' ? 2 : 3;
  const from = readSelector(c) ?? c.next();
  if (from === undefined) {
    c.i = start;
    return undefined;
  }
  let mask: string | undefined;
  let or: string | undefined;
  if (c.peek() === '&' || c.peek() === 'and') {
    c.next();
    mask = c.next();
  }
  if (c.peek() === '|' || c.peek() === 'or') {
    c.next();
    or = c.next();
  }
  let map: NftValue | undefined;
  if (c.peek() === 'map') {
    c.next();
    map = readValue(c);
    if (map === undefined || map.kind === 'single') {
      c.i = start;
      return undefined;
    }
  }
  return {
    kind: 'set',
    key,
    from,
    ...(mask === undefined ? {} : { mask }),
    ...(or === undefined ? {} : { or }),
    ...(map === undefined ? {} : { map }),
  };
}

function readFamilyTo(c: Cursor): { family?: 'ip' | 'ip6'; to: string } | undefined {
  let family: 'ip' | 'ip6' | undefined;
  if (c.peek() === 'ip' || c.peek() === 'ip6') family = c.next() === 'ip' ? 'ip' : 'ip6';
  if (c.next() !== 'to') return undefined;
  const to = c.next();
  if (to === undefined) return undefined;
  return family === undefined ? { to } : { family, to };
}

function readAction(c: Cursor): NftStatement | undefined {
  const w = c.peek();
  if (w === undefined) return undefined;
  if (w === 'counter') {
    c.next();
    if (c.peek() === 'packets') c.i += 4;
    return { kind: 'counter' };
  }
  if (VERDICTS.has(w)) {
    c.next();
    if (w === 'jump' || w === 'goto') {
      const target = c.next();
      return target === undefined ? undefined : { kind: 'verdict', verdict: w, target };
    }
    return { kind: 'verdict', verdict: w as 'accept' };
  }
  if (w === 'redirect') {
    c.next();
    if (c.peek() !== 'to') return { kind: 'redirect' };
    c.next();
    const port = c.next();
    return port === undefined ? undefined : { kind: 'redirect', port };
  }
  if (w === 'tproxy' || w === 'snat' || w === 'dnat') {
    c.next();
    const t = readFamilyTo(c);
    if (t === undefined) return undefined;
    return w === 'tproxy' ? { kind: 'tproxy', ...t } : { kind: 'nat', type: w, ...t };
  }
  if (w === 'masquerade') {
    c.next();
    return { kind: 'masquerade' };
  }
  if (w === 'log') {
    c.next();
    if (c.peek() !== 'prefix') return { kind: 'log' };
    c.next();
    const prefix = c.next();
    return prefix === undefined ? undefined : { kind: 'log', prefix };
  }
  return readSet(c);
}

/**
 * Parses the words of a rule body. Words that fit no known form become one `unknown` statement
 * each (printed verbatim, "cannot evaluate" for the simulator); `errors` lists them.
 */
export function parseNftRuleWords(words: readonly string[]): {
  body: NftRuleBody;
  unknown: string[];
} {
  const c = new Cursor(words);
  const statements: NftStatement[] = [];
  const unknown: string[] = [];
  while (c.peek() !== undefined) {
    const start = c.i;
    const action = readAction(c);
    if (action !== undefined) {
      statements.push(action);
      continue;
    }
    c.i = start;
    const key = readConcat(c);
    const match = key === undefined ? undefined : readMatch(c, key);
    if (match !== undefined) {
      statements.push(match);
      continue;
    }
    c.i = start;
    const raw = c.next() ?? '';
    unknown.push(raw);
    statements.push({ kind: 'unknown', raw });
  }
  return { body: { statements }, unknown };
}
