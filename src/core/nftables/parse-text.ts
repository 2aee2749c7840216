import type { Parsed } from '../shared/result.ts';
import type { NftToken } from './lex.ts';
import { lexNft } from './lex.ts';
import type { NftCommand, NftFamily } from './model.ts';
import { checkRule, familyAndName, Parser, readBaseSpec, ruleText } from './parse.ts';
import { readNftElements, readNftSetBody } from './set-parse.ts';

function skipSeparators(p: Parser): void {
  for (let t = p.peek(); t !== undefined && (t.kind === 'newline' || t.text === ';'); t = p.peek())
    p.i++;
}

function braceBody(tokens: readonly NftToken[]): NftToken[] | undefined {
  const open = tokens.findIndex((t) => t.text === '{');
  if (open < 0) return undefined;
  const close = tokens.map((t) => t.text).lastIndexOf('}');
  return tokens.slice(open + 1, close < 0 ? undefined : close);
}

function parseRuleCommand(p: Parser, verb: NftToken, words: NftToken[]): void {
  const where = familyAndName(words);
  const chain = words.shift()?.text;
  if (where.name === undefined || chain === undefined) {
    p.error('rule needs a table and a chain', verb);
    return;
  }
  let index: number | undefined;
  if (words[0]?.text === 'index' || words[0]?.text === 'position' || words[0]?.text === 'handle') {
    const kw = words.shift();
    const n = words.shift();
    if (kw?.text !== 'index' || n === undefined || !/^[0-9]+$/.test(n.text)) {
      p.error(
        `'${kw?.text ?? ''}' needs a rule handle this model does not keep; use index N`,
        kw,
        n,
      );
      return;
    }
    index = Number(n.text);
  }
  if (words.length === 0) {
    p.error('syntax error, rule has no statements', verb);
    return;
  }
  if (!checkRule(p, words)) return;
  const kind = verb.text === 'insert' ? 'insert-rule' : 'add-rule';
  const base = {
    kind,
    family: where.family,
    table: where.name,
    chain,
    rule: ruleText(words),
  } as const;
  const range = p.range(verb, words.at(-1));
  p.commands.push(index === undefined ? { ...base, range } : { ...base, index, range });
}

function parseChainCommand(p: Parser, verb: NftToken, words: NftToken[]): void {
  const where = familyAndName(words);
  const name = words.shift()?.text;
  if (where.name === undefined || name === undefined) {
    p.error('chain needs a table and a name', verb);
    return;
  }
  const range = p.range(verb, words.at(-1) ?? verb);
  const table = { family: where.family, table: where.name };
  if (verb.text === 'flush' || verb.text === 'delete') {
    p.commands.push({
      kind: verb.text === 'flush' ? 'flush-chain' : 'delete-chain',
      ...table,
      chain: name,
      range,
    });
    return;
  }
  const body = braceBody(words);
  const base = body === undefined || body.length === 0 ? undefined : readBaseSpec(p, body);
  if (body !== undefined && body.length > 0 && base === undefined) return;
  const chain = base === undefined ? { name } : { name, base };
  p.commands.push({ kind: 'add-chain', ...table, chain, range });
}

/** `add|create set|map [family] table name { … }`, `flush|delete set|map …`. */
function parseSetCommand(p: Parser, verb: NftToken, object: NftToken, words: NftToken[]): void {
  const where = familyAndName(words);
  const name = words.shift();
  if (where.name === undefined || name === undefined)
    return p.error(`${object.text} needs a table and a name`, verb);
  const range = p.range(verb, words.at(-1) ?? name);
  const table = { family: where.family, table: where.name };
  if (verb.text === 'flush' || verb.text === 'delete') {
    const kind = verb.text === 'flush' ? 'flush-set' : 'delete-set';
    const map = object.text === 'map' ? { map: true } : {};
    p.commands.push({ kind, ...table, set: name.text, ...map, range });
    return;
  }
  if (verb.text !== 'add' && verb.text !== 'create')
    return p.error(`'${verb.text} ${object.text}' is not a change`, verb, object);
  const body = braceBody(words);
  if (body === undefined) return p.error(`${object.text} ${name.text} needs { type … }`, name);
  const kind = object.text === 'map' ? 'map' : 'set';
  const r = readNftSetBody(name.text, kind, body, name);
  if (!r.ok) return p.error(r.problem.message, r.problem.at ?? name);
  const elements = r.value.elements.length === 0 ? {} : { elements: r.value.elements };
  p.commands.push({ kind: 'add-set', ...table, set: r.value.decl, ...elements, range });
}

/** `add|create|delete element [family] table set { … }`. */
function parseElementCommand(p: Parser, verb: NftToken, words: NftToken[]): void {
  const where = familyAndName(words);
  const name = words.shift();
  if (where.name === undefined || name === undefined)
    return p.error('element needs a table and a set', verb);
  if (verb.text !== 'add' && verb.text !== 'create' && verb.text !== 'delete')
    return p.error(`'${verb.text} element' is not a change`, verb);
  const r = readNftElements(words);
  if (!r.ok) return p.error(r.problem.message, r.problem.at ?? name);
  p.commands.push({
    kind: verb.text === 'delete' ? 'delete-element' : 'add-element',
    family: where.family,
    table: where.name,
    set: name.text,
    elements: r.value,
    range: p.range(verb, words.at(-1) ?? name),
  });
}

function parseCommand(p: Parser): void {
  const start = p.i;
  const words = p.statement();
  const verb = words.shift();
  const object = words.shift();
  if (verb === undefined) return;
  if (object === undefined) {
    p.error(`syntax error, unexpected '${verb.text}'`, verb);
    return;
  }
  const range = p.range(verb, words.at(-1) ?? object);
  switch (object.text) {
    case 'ruleset':
      if (verb.text === 'flush') p.commands.push({ kind: 'flush-ruleset', range });
      else p.error(`'${verb.text} ruleset' is not a change`, verb, object);
      return;
    case 'table': {
      const where = familyAndName(words);
      if (where.name === undefined) return p.error('table needs a name', object);
      const kind =
        verb.text === 'flush'
          ? 'flush-table'
          : verb.text === 'delete'
            ? 'delete-table'
            : 'add-table';
      p.commands.push({ kind, family: where.family, table: where.name, range });
      return;
    }
    case 'chain':
      return parseChainCommand(p, verb, words);
    case 'rule':
      return parseRuleCommand(p, verb, words);
    case 'set':
    case 'map':
      return parseSetCommand(p, verb, object, words);
    case 'element':
      return parseElementCommand(p, verb, words);
    default:
      p.i = start;
      p.statement();
      p.error(
        `'${object.text}' objects are not modelled; only tables, chains, rules, sets, maps and elements`,
        object,
      );
  }
}

/** Reads one `chain NAME { … }` block: pushes its `add chain`, returns its rules (added later). */
function parseChainBlock(
  p: Parser,
  family: NftFamily,
  table: string,
  name: string,
  at: NftToken,
): NftCommand[] {
  let specWords: NftToken[] = [];
  const rules: NftToken[][] = [];
  for (;;) {
    skipSeparators(p);
    const t = p.peek();
    if (t === undefined) {
      p.error(`chain ${name}: missing '}'`, at);
      return [];
    }
    if (t.text === '}') {
      p.i++;
      break;
    }
    const words = p.statement();
    if (words[0]?.text === 'type' || words[0]?.text === 'policy')
      specWords = [...specWords, ...words];
    else if (words.length > 0) rules.push(words);
  }
  const spec = specWords.length === 0 ? undefined : readBaseSpec(p, specWords);
  if (specWords.length > 0 && spec === undefined) return [];
  const chain = spec === undefined ? { name } : { name, base: spec };
  p.commands.push({ kind: 'add-chain', family, table, chain, range: p.range(at) });
  return rules
    .filter((r) => checkRule(p, r))
    .map((r) => ({
      kind: 'add-rule',
      family,
      table,
      chain: name,
      rule: ruleText(r),
      range: p.range(r[0] ?? at, r.at(-1)),
    }));
}

function skipBlock(p: Parser): void {
  let depth = 0;
  for (let t = p.next(); t !== undefined; t = p.next()) {
    if (t.text === '{') depth++;
    if (t.text === '}' && --depth <= 0) return;
  }
}

/** Tokens from `{` to its matching `}` (both consumed), newlines kept. */
function blockTokens(p: Parser): NftToken[] {
  const out: NftToken[] = [];
  let depth = 0;
  for (let t = p.next(); t !== undefined; t = p.next()) {
    if (t.text === '{') depth++;
    if (t.text === '}' && --depth === 0) return out.slice(1);
    out.push(t);
  }
  return out.slice(1);
}

function parseSetBlock(
  p: Parser,
  where: { family: NftFamily; table: string },
  at: NftToken,
  name: NftToken,
): void {
  const kind = at.text === 'map' ? 'map' : 'set';
  const r = readNftSetBody(name.text, kind, blockTokens(p), name);
  if (!r.ok) return p.error(r.problem.message, r.problem.at ?? name);
  const elements = r.value.elements.length === 0 ? {} : { elements: r.value.elements };
  p.commands.push({
    kind: 'add-set',
    ...where,
    set: r.value.decl,
    ...elements,
    range: p.range(at, name),
  });
}

function parseTableBlock(p: Parser): void {
  const at = p.next();
  const header: NftToken[] = [];
  for (let t = p.peek(); t !== undefined && t.text !== '{'; t = p.peek())
    header.push(p.next() as NftToken);
  const where = familyAndName(header);
  if (at === undefined || where.name === undefined || p.next()?.text !== '{')
    return p.error('table block needs a name and {', at);
  const table = where.name;
  p.commands.push({ kind: 'add-table', family: where.family, table, range: p.range(at) });
  const rules: NftCommand[] = [];
  const flush = (): void => {
    p.commands.push(...rules);
  };
  for (;;) {
    skipSeparators(p);
    const t = p.next();
    if (t === undefined) return p.error(`table ${table}: missing '}'`, at);
    if (t.text === '}') return flush();
    const name = p.next();
    if (t.text === 'chain' && name !== undefined && p.peek()?.text === '{') {
      p.i++;
      // nft declares every chain of a block before adding rules, so jumps may point forward.
      rules.push(...parseChainBlock(p, where.family, table, name.text, t));
    } else if (
      (t.text === 'set' || t.text === 'map') &&
      name !== undefined &&
      p.peek()?.text === '{'
    ) {
      parseSetBlock(p, { family: where.family, table }, t, name);
    } else {
      p.error(`'${t.text}' in a table block is not modelled; only chains, sets and maps`, t);
      if (p.peek()?.text === '{') skipBlock(p);
    }
  }
}

/**
 * Parses nftables text — an `nft -f` script (`add`/`insert`/`flush`/`delete` of tables, chains and
 * rules) or `nft list ruleset` output (block syntax) — into commands. Never throws: problems are
 * located `syntax` diagnostics and the offending command is left out.
 *
 * @example
 * parseNft('add table inet t\nadd chain inet t c\nadd rule inet t c tcp dport 22 accept').value.length; // 3
 */
export function parseNft(text: string): Parsed<NftCommand[]> {
  const p = new Parser(text, lexNft(text));
  for (skipSeparators(p); p.peek() !== undefined; skipSeparators(p)) {
    const t = p.peek();
    if (t?.text === 'table') parseTableBlock(p);
    else if (t !== undefined && ['add', 'create', 'insert', 'flush', 'delete'].includes(t.text))
      parseCommand(p);
    else {
      p.error(`syntax error, unexpected '${t?.text ?? ''}'`, t);
      p.statement();
      if (p.peek()?.text === '}') p.i++;
    }
  }
  return { value: p.commands, diagnostics: p.diagnostics };
}

/**
 * Whether text is nftables (an `nft -f` script or `nft list ruleset`) rather than iptables:
 * its first command word is `table`, `add`, `insert`, `create`, `flush` or `delete`.
 *
 * @example
 * isNftText('table inet t {\n}'); // true
 * isNftText('*nat\n:PREROUTING ACCEPT [0:0]'); // false
 */
export function isNftText(text: string): boolean {
  // Reads only up to the first line that says something: called per derive on pastes of MBs.
  for (let start = 0; start < text.length;) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    const t = text.slice(start, end).trim();
    if (t !== '' && !t.startsWith('#')) return /^(table|add|insert|create|flush|delete)\s/.test(t);
    start = end + 1;
  }
  return false;
}
