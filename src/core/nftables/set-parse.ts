import type { NftToken } from './lex.ts';
import type { NftSetDecl, NftSetElement } from './model.ts';

/** A located problem while reading a set declaration or element list. */
export interface NftSetProblem {
  readonly message: string;
  readonly at: NftToken | undefined;
}

type Result<T> = { ok: true; value: T } | { ok: false; problem: NftSetProblem };

const fail = <T>(message: string, at: NftToken | undefined): Result<T> => ({
  ok: false,
  problem: { message, at },
});

const SET_FLAGS = new Set(['constant', 'interval', 'timeout', 'dynamic']);

/** Splits tokens at `sep` (`,` or `;`/newline) outside nested braces. */
function splitTop(tokens: readonly NftToken[], isSep: (t: NftToken) => boolean): NftToken[][] {
  const parts: NftToken[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (t.text === '{') depth++;
    if (t.text === '}') depth--;
    if (depth === 0 && isSep(t)) {
      parts.push([]);
      continue;
    }
    parts.at(-1)?.push(t);
  }
  return parts.filter((p) => p.length > 0);
}

const word = (t: NftToken): string => (t.kind === 'string' ? `"${t.text}"` : t.text);

/** One element: `KEY [: VALUE] [comment "text"]`; a concatenated key keeps its ` . `. */
function readElement(tokens: readonly NftToken[]): Result<NftSetElement> {
  const c = tokens.findIndex((t) => t.text === 'comment' && t.kind === 'word');
  const body = c < 0 ? tokens : tokens.slice(0, c);
  let comment: string | undefined;
  if (c >= 0) {
    const text = tokens[c + 1];
    if (text?.kind !== 'string' || c + 2 !== tokens.length)
      return fail('element comment needs one quoted string', tokens[c]);
    comment = text.text;
  }
  const colon = body.findIndex((t) => t.text === ':');
  const keyTokens = colon < 0 ? body : body.slice(0, colon);
  const valueTokens = colon < 0 ? [] : body.slice(colon + 1);
  const extra = keyTokens.find(
    (t, i) => i % 2 === 1 && t.text !== '.' && t.kind === 'word' && keyTokens.length > 1,
  );
  if (keyTokens.length === 0) return fail('empty set element', tokens[0]);
  if (extra !== undefined) return fail(`set element option '${extra.text}' is not modelled`, extra);
  if (colon >= 0 && valueTokens.length === 0) return fail('map element needs a value', body[colon]);
  const key = keyTokens.map(word).join(' ');
  const value = valueTokens.length === 0 ? undefined : valueTokens.map(word).join(' ');
  return {
    ok: true,
    value: {
      key,
      ...(value === undefined ? {} : { value }),
      ...(comment === undefined ? {} : { comment }),
    },
  };
}

/**
 * `{ a, b comment "x", c : accept }` (the tokens between the braces, or with them) → elements.
 */
export function readNftElements(tokens: readonly NftToken[]): Result<NftSetElement[]> {
  const inner =
    tokens[0]?.text === '{' && tokens.at(-1)?.text === '}' ? tokens.slice(1, -1) : tokens;
  const out: NftSetElement[] = [];
  for (const part of splitTop(
    inner.filter((t) => t.kind !== 'newline'),
    (t) => t.text === ',',
  )) {
    const e = readElement(part);
    if (!e.ok) return e;
    out.push(e.value);
  }
  return { ok: true, value: out };
}

type MutableDecl = { -readonly [K in keyof NftSetDecl]: NftSetDecl[K] };

function readType(decl: MutableDecl, words: readonly NftToken[]): Result<void> {
  const texts = words.slice(1).map((t) => t.text);
  const colon = texts.indexOf(':');
  const key = (colon < 0 ? texts : texts.slice(0, colon)).join(' ');
  if (key === '') return fail(`'${words[0]?.text ?? ''}' needs a type`, words[0]);
  decl.type = key;
  if (words[0]?.text === 'typeof') decl.typeof = true;
  if (colon >= 0) {
    if (decl.kind !== 'map') return fail('a set has no data type; declare a map', words[colon + 1]);
    decl.data = texts.slice(colon + 1).join(' ');
  } else if (decl.kind === 'map') {
    return fail('map type needs a data type (KEY : DATA)', words[0]);
  }
  return { ok: true, value: undefined };
}

/** One `;`-separated statement of a set body; `elements` are returned through `sink`. */
function readOption(
  decl: MutableDecl,
  words: readonly NftToken[],
  sink: NftSetElement[],
): Result<void> {
  const [kw, arg] = words;
  const ok: Result<void> = { ok: true, value: undefined };
  if (kw === undefined) return ok;
  switch (kw.text) {
    case 'type':
    case 'typeof':
      return readType(decl, words);
    case 'flags': {
      const flags = words.slice(1).flatMap((t) => (t.text === ',' ? [] : [t.text]));
      const bad = flags.find((f) => !SET_FLAGS.has(f));
      if (bad !== undefined || flags.length === 0)
        return fail(`unknown set flag '${bad ?? ''}'`, words[1] ?? kw);
      decl.flags = [...new Set([...(decl.flags ?? []), ...flags])];
      return ok;
    }
    case 'timeout':
    case 'gc-interval':
      if (arg === undefined) return fail(`'${kw.text}' needs a time`, kw);
      if (kw.text === 'timeout') decl.timeout = arg.text;
      else decl.gcInterval = arg.text;
      return ok;
    case 'size':
      if (arg === undefined || !/^[0-9]+$/.test(arg.text)) return fail("'size' needs a number", kw);
      decl.size = Number(arg.text);
      return ok;
    case 'policy':
      if (arg?.text !== 'performance' && arg?.text !== 'memory')
        return fail(`unknown set policy '${arg?.text ?? ''}'`, arg ?? kw);
      decl.policy = arg.text;
      return ok;
    case 'counter':
      decl.counter = true;
      return ok;
    case 'auto-merge':
      decl.autoMerge = true;
      return ok;
    case 'comment':
      if (arg?.kind !== 'string') return fail("'comment' needs a quoted string", kw);
      decl.comment = arg.text;
      return ok;
    case 'elements': {
      if (arg?.text !== '=') return fail("'elements' needs '= { … }'", kw);
      const elements = readNftElements(words.slice(2));
      if (!elements.ok) return elements;
      sink.push(...elements.value);
      return ok;
    }
    default:
      return fail(`'${kw.text}' in a ${decl.kind} declaration is not modelled`, kw);
  }
}

/**
 * A set or map body (`type ipv4_addr ; flags interval ; elements = { … }`, the tokens between
 * the braces) → its declaration and initial elements.
 */
export function readNftSetBody(
  name: string,
  kind: 'set' | 'map',
  tokens: readonly NftToken[],
  at: NftToken,
): Result<{ decl: NftSetDecl; elements: NftSetElement[] }> {
  const decl: MutableDecl = { name, kind, type: '' };
  const elements: NftSetElement[] = [];
  const parts = splitTop(tokens, (t) => t.text === ';' || t.kind === 'newline');
  for (const words of parts) {
    const r = readOption(decl, words, elements);
    if (!r.ok) return r;
  }
  if (decl.type === '') return fail(`${kind} ${name} needs a type`, at);
  return { ok: true, value: { decl, elements } };
}
