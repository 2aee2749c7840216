import { describe, expect, it } from 'vitest';
import { applyNftCommands } from './state.ts';
import { parseNft } from './parse-text.ts';
import { renderNftList } from './render-list.ts';
import { renderNftScript } from './script.ts';
import { lookupNftSet } from './set-lookup.ts';

const HEAD = 'add table inet t\nadd set inet t s { type ipv4_addr ; }\nadd chain inet t c\n';

function load(script: string) {
  const parsed = parseNft(script);
  expect(parsed.diagnostics).toEqual([]);
  return applyNftCommands(parsed.value);
}

function refusal(script: string): string {
  const { diagnostics } = load(script);
  expect(diagnostics).toHaveLength(1);
  return diagnostics[0]?.message ?? '';
}

describe('named sets in the nft state', () => {
  it('flush table empties chains but keeps sets and their elements (host_sets.go relies on it)', () => {
    const { value } = load(
      `${HEAD}add element inet t s { 10.0.0.1 }\nadd rule inet t c ip daddr @s accept\nflush table inet t\n`,
    );
    expect(value.tables[0]?.sets[0]?.elements).toEqual([{ key: '10.0.0.1' }]);
    expect(value.tables[0]?.chains[0]?.rules).toEqual([]);
  });

  it('refuses a rule naming a set that does not exist', () => {
    expect(refusal(`${HEAD}add rule inet t c ip daddr @nope accept\n`)).toContain(
      'No such file or directory (set nope)',
    );
  });

  it('refuses to delete a set a rule still uses, and deletes it once unused', () => {
    const use = `${HEAD}add rule inet t c ip daddr @s accept\n`;
    expect(refusal(`${use}delete set inet t s\n`)).toContain('Device or resource busy');
    expect(load(`${use}flush chain inet t c\ndelete set inet t s\n`).value.tables[0]?.sets).toEqual(
      [],
    );
  });

  it('refuses a lookup whose key type differs from the set’s (datatype mismatch)', () => {
    expect(refusal(`${HEAD}add rule inet t c tcp dport @s accept\n`)).toContain(
      'datatype mismatch (tcp dport is inet_service, set s holds ipv4_addr)',
    );
    expect(refusal(`${HEAD}add rule inet t c ip daddr vmap @s\n`)).toContain('not a verdict map');
  });

  it('refuses a prefix in a set without the interval flag, and deleting a missing element', () => {
    expect(refusal(`${HEAD}add element inet t s { 10.0.0.0/8 }\n`)).toContain(
      'missing interval flag',
    );
    expect(refusal(`${HEAD}delete element inet t s { 10.0.0.9 }\n`)).toContain(
      'No such file or directory (element 10.0.0.9)',
    );
  });

  it('adds an element once, deletes and flushes', () => {
    const { value } = load(
      `${HEAD}add element inet t s { 10.0.0.2, 10.0.0.1 }\nadd element inet t s { 10.0.0.1/32 }\ndelete element inet t s { 10.0.0.2 }\n`,
    );
    expect(value.tables[0]?.sets[0]?.elements.map((e) => e.key)).toEqual(['10.0.0.1']);
    const flushed = applyNftCommands(parseNft('flush set inet t s\n').value, value).value;
    expect(flushed.tables[0]?.sets[0]?.elements).toEqual([]);
  });

  it('a map needs KEY : VALUE, a set refuses values', () => {
    const map = 'add table inet t\nadd map inet t m { type ipv4_addr : verdict ; }\n';
    expect(refusal(`${map}add element inet t m { 10.0.0.1 }\n`)).toContain('KEY : VALUE');
    expect(refusal(`${HEAD}add element inet t s { 10.0.0.1 : accept }\n`)).toContain(
      'has no values',
    );
  });

  it('parses declarations as knftables writes them and prints them back', () => {
    const script =
      'add table inet t\nadd set inet t p { type inet_service ; flags interval ; comment "ports" ; }\nadd element inet t p { 8080 comment "alt" }\n';
    const parsed = parseNft(script);
    expect(renderNftScript(parsed.value)).toBe(script);
    expect(renderNftList(applyNftCommands(parsed.value).value)).toBe(
      'table inet t {\n\tset p {\n\t\ttype inet_service\n\t\tflags interval\n\t\tcomment "ports"\n\t\telements = { 8080 comment "alt" }\n\t}\n}\n',
    );
  });

  it('sorts a concatenated key as nft does: raw data read little-endian (kernel-observed)', () => {
    const { value } = load(
      'add table inet t\nadd set inet t s { type ipv4_addr . inet_service ; }\nadd element inet t s { 10.0.0.1 . 80, 10.0.0.2 . 80, 10.0.0.3 . 80, 1.0.0.1 . 22, 192.168.0.1 . 1 }\n',
    );
    expect(renderNftList(value)).toContain(
      'elements = { 192.168.0.1 . 1,\n\t\t\t     1.0.0.1 . 22,\n\t\t\t     10.0.0.1 . 80,\n\t\t\t     10.0.0.2 . 80,\n\t\t\t     10.0.0.3 . 80 }',
    );
  });

  it('prints a one-element anonymous set as a plain comparison, sorts and merges others', () => {
    const { value } = load(
      'add table ip t\nadd chain ip t c\nadd rule ip t c ip saddr { 10.0.0.9 } drop\nadd rule ip t c ip daddr { 10.0.0.2, 10.0.0.1, 9.0.0.0/8 } accept\n',
    );
    expect(renderNftList(value)).toContain(
      '\t\tip saddr 10.0.0.9 drop\n\t\tip daddr { 9.0.0.0/8, 10.0.0.1-10.0.0.2 } accept\n',
    );
  });

  it('locates what it does not model', () => {
    const { diagnostics } = parseNft(
      'add table inet t\nadd set inet t s { type ipv4_addr ; frob 1 ; }\n',
    );
    expect(diagnostics.map((d) => [d.range.line, d.message])).toEqual([
      [2, "Error: 'frob' in a set declaration is not modelled"],
    ]);
  });
});

describe('lookupNftSet', () => {
  it('finds exact keys, prefixes and ranges of interval sets, and concatenated keys', () => {
    const { value } = load(
      'add table inet t\n' +
        'add set inet t a { type ipv4_addr ; }\nadd element inet t a { 10.244.1.7 comment "pod-uid" }\n' +
        'add set inet t i { type ipv4_addr ; flags interval ; }\nadd element inet t i { 10.0.0.0/8, 192.168.1.10-192.168.1.20 }\n' +
        'add set inet t c { type ipv4_addr . inet_service ; }\nadd element inet t c { 10.0.0.1 . 80 }\n' +
        'add map inet t m { type ifname : verdict ; }\nadd element inet t m { "eth0" : drop }\n',
    );
    const [a, i, c, m] = value.tables[0]?.sets ?? [];
    expect(a && lookupNftSet(a, ['10.244.1.7'])?.comment).toBe('pod-uid');
    expect(a && lookupNftSet(a, ['10.244.1.8'])).toBeUndefined();
    expect(i && lookupNftSet(i, ['10.9.9.9'])?.key).toBe('10.0.0.0/8');
    expect(i && lookupNftSet(i, ['192.168.1.15'])?.key).toBe('192.168.1.10-192.168.1.20');
    expect(i && lookupNftSet(i, ['192.168.1.21'])).toBeUndefined();
    expect(c && lookupNftSet(c, ['10.0.0.1', '80'])?.key).toBe('10.0.0.1 . 80');
    expect(c && lookupNftSet(c, ['10.0.0.1', '81'])).toBeUndefined();
    expect(m && lookupNftSet(m, ['eth0'])?.value).toBe('drop');
    expect(a && lookupNftSet(a, ['not-an-address'])).toBeUndefined();
  });
});
