import { diagnostic, type Diagnostic } from '../shared/diagnostics.ts';
import type { Parsed } from '../shared/result.ts';
import { LineIndex } from '../shared/source-range.ts';
import type { NftToken } from './lex.ts';
import {
  NFT_FAMILIES,
  type NftBaseChainSpec,
  type NftChainType,
  type NftCommand,
  type NftFamily,
  type NftHook,
} from './model.ts';
import { parseNftRuleWords } from './rule-parse.ts';

const HOOKS: readonly NftHook[] = [
  'prerouting',
  'input',
  'forward',
  'output',
  'postrouting',
  'ingress',
];
const TYPES: readonly NftChainType[] = ['filter', 'nat', 'route'];
/** Standard priority names of the ip/ip6/inet families (nft `std_prios`). */
const PRIORITIES: Readonly<Record<string, number>> = {
  raw: -300,
  mangle: -150,
  dstnat: -100,
  filter: 0,
  security: 50,
  srcnat: 100,
};

class Parser {
  i = 0;
  readonly commands: NftCommand[] = [];
  readonly diagnostics: Diagnostic[] = [];
  readonly lines: LineIndex;
  constructor(
    readonly text: string,
    readonly tokens: readonly NftToken[],
  ) {
    this.lines = new LineIndex(text);
  }
  peek(n = 0): NftToken | undefined {
    return this.tokens[this.i + n];
  }
  next(): NftToken | undefined {
    return this.tokens[this.i++];
  }
  /** Tokens up to the end of this statement (newline or `;` at brace depth 0). */
  statement(): NftToken[] {
    const out: NftToken[] = [];
    let depth = 0;
    for (let t = this.peek(); t !== undefined; t = this.peek()) {
      if (depth === 0 && (t.kind === 'newline' || t.text === ';' || t.text === '}')) break;
      if (t.text === '{') depth++;
      if (t.text === '}') depth--;
      if (t.kind === 'newline' && depth > 0) {
        this.i++;
        continue;
      }
      out.push(t);
      this.i++;
    }
    return out;
  }
  error(message: string, from: NftToken | undefined, to: NftToken | undefined = from): void {
    const start = from?.start ?? this.text.length;
    const range = this.lines.rangeOf(start, to?.end ?? start);
    this.diagnostics.push(diagnostic('syntax', 'error', `Error: ${message}`, range));
  }
  range(from: NftToken, to: NftToken = from) {
    return this.lines.rangeOf(from.start, to.end);
  }
}

function isFamily(w: string | undefined): w is NftFamily {
  return w !== undefined && (NFT_FAMILIES as readonly string[]).includes(w);
}

/** `[family] name` → family (default ip) and name, consuming them from `words`. */
function familyAndName(words: NftToken[]): { family: NftFamily; name: string | undefined } {
  const first = words[0]?.text;
  if (isFamily(first) && words.length > 1) {
    words.shift();
    return { family: first, name: words.shift()?.text };
  }
  return { family: 'ip', name: words.shift()?.text };
}

function readPriority(words: readonly string[]): number | undefined {
  const [name, sign, offset] = words;
  if (name === undefined) return undefined;
  const base = /^-?[0-9]+$/.test(name) ? Number(name) : PRIORITIES[name];
  if (base === undefined) return undefined;
  if (sign === undefined) return base;
  const off = Number(offset);
  if (!Number.isInteger(off)) return undefined;
  return sign === '+' ? base + off : sign === '-' ? base - off : undefined;
}

/** `type nat hook output priority -100 ; policy accept ;` (the words, `;` removed). */
function readBaseSpec(p: Parser, words: readonly NftToken[]): NftBaseChainSpec | undefined {
  const w = words.map((t) => t.text).filter((t) => t !== ';');
  const at = (k: string): number => w.indexOf(k);
  const type = w[at('type') + 1];
  const hook = w[at('hook') + 1];
  const pi = at('priority');
  const polIdx = at('policy');
  const prioWords = w.slice(pi + 1, polIdx > pi ? polIdx : undefined).filter((x) => x !== 'device');
  const priority = readPriority(prioWords.slice(0, 3));
  if (at('type') < 0 || !TYPES.includes(type as NftChainType)) {
    p.error(`unknown chain type '${type ?? ''}'`, words[0], words.at(-1));
    return undefined;
  }
  if (!HOOKS.includes(hook as NftHook)) {
    p.error(`unknown chain hook '${hook ?? ''}'`, words[0], words.at(-1));
    return undefined;
  }
  if (pi < 0 || priority === undefined) {
    p.error('chain priority must be a number or a standard priority name', words[0], words.at(-1));
    return undefined;
  }
  const policy = polIdx < 0 ? undefined : w[polIdx + 1];
  if (policy !== undefined && policy !== 'accept' && policy !== 'drop') {
    p.error(`unknown policy '${policy}'`, words[0], words.at(-1));
    return undefined;
  }
  const spec = { type: type as NftChainType, hook: hook as NftHook, priority };
  return policy === undefined ? spec : { ...spec, policy };
}

export { Parser, familyAndName, readBaseSpec, isFamily };
export const ruleText = (tokens: readonly NftToken[]): string =>
  tokens
    .map((t) => (t.kind === 'string' ? `"${t.text}"` : t.text))
    .join(' ')
    .replace(/ , /g, ', ')
    .replace(/ ,/g, ',');

/** Rule words for the statement parser: strings unquoted, commas joining list items. */
export function ruleWords(tokens: readonly NftToken[]): string[] {
  const words: string[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t === undefined) continue;
    const prev = words.length - 1;
    if (t.text === ',' && tokens[k - 1]?.text !== '{' && !isInBraces(tokens, k)) {
      const nxt = tokens[++k];
      if (nxt !== undefined && prev >= 0) words[prev] = `${words[prev] ?? ''},${nxt.text}`;
      continue;
    }
    words.push(t.text);
  }
  return words;
}

function isInBraces(tokens: readonly NftToken[], k: number): boolean {
  let depth = 0;
  for (let j = 0; j < k; j++) {
    if (tokens[j]?.text === '{') depth++;
    if (tokens[j]?.text === '}') depth--;
  }
  return depth > 0;
}

export function checkRule(p: Parser, tokens: readonly NftToken[]): boolean {
  const { unknown } = parseNftRuleWords(ruleWords(tokens));
  if (unknown.length === 0) return true;
  const bad = tokens.find((t) => t.text === unknown[0]);
  p.error(`syntax error, unexpected '${unknown[0] ?? ''}'`, bad);
  return false;
}

export type { Parsed };
