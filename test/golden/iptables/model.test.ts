/**
 * What the parser's model holds for three kernel-produced fixtures: each table's chains (policy,
 * rule count, in model order) and the parsed fields of the rules whose shape matters — negations,
 * implicit vs explicit `-m tcp`, `-I` positions, extension targets' options. round-trip.test.ts
 * pins the rendered text against the kernel; this pins the structure the simulator reads.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasErrors, parseIptables, type Rule, type Ruleset } from '@core';

const DIR = new URL('.', import.meta.url).pathname;

function load(base: string, family: 4 | 6 = 4): Ruleset {
  const parsed = parseIptables(readFileSync(join(DIR, `${base}.rules`), 'utf8'), { family });
  expect(hasErrors(parsed.diagnostics), JSON.stringify(parsed.diagnostics)).toBe(false);
  return parsed.value;
}

/** `{ nat: ['PREROUTING ACCEPT 1', 'ISTIO_INBOUND - 5', …] }`: chain, policy, rule count. */
function outline(ruleset: Ruleset): Record<string, string[]> {
  return Object.fromEntries(
    ruleset.tables.map((t) => [
      t.name,
      t.chains.map((c) => `${c.name} ${c.builtin ? (c.policy ?? '?') : '-'} ${c.rules.length}`),
    ]),
  );
}

/** The n-th rule (1-based, as in a RuleRef `nat/ISTIO_OUTPUT#2`). */
function ruleAt(ruleset: Ruleset, ref: string): Rule {
  const [, table, chain, n] = /^(\w+)\/([\w-]+)#(\d+)$/.exec(ref) ?? [];
  const rule = ruleset.tables
    .find((t) => t.name === table)
    ?.chains.find((c) => c.name === chain)
    ?.rules.at(Number(n) - 1);
  if (rule === undefined) throw new Error(`no rule ${ref}`);
  return rule;
}

const tcp = { negated: false, value: 'tcp' };
const is = (value: string, negated = false) => ({ negated, value });
const option = (name: string, args: string[], negated = false) => ({ name, args, negated });
const match = (module: string, options: object[], implicit = false) => ({
  module,
  implicit,
  known: true,
  options,
});
const verdict = (v: string) => ({ kind: 'verdict', verdict: v });
const jump = (chain: string) => ({ kind: 'jump', chain });
const extension = (name: string, options: object[]) => ({
  kind: 'extension',
  name,
  known: true,
  options,
});

/** Nothing left over: every match and target understood, no tokens kept aside. */
function expectFullyParsed(ruleset: Ruleset): void {
  for (const t of ruleset.tables)
    for (const c of t.chains)
      for (const r of c.rules) {
        expect(r.unparsed, `${t.name}/${c.name}`).toBeUndefined();
        for (const m of r.matches) expect(m).toMatchObject({ known: true });
        if (r.target?.kind === 'extension') expect(r.target.known).toBe(true);
      }
}

describe('parsed model of istio-redirect (REDIRECT capture, nat only)', () => {
  const ruleset = load('istio-redirect');

  it('has the nat chains in order with their rule counts', () => {
    expect(ruleset.family).toBe(4);
    expect(outline(ruleset)).toEqual({
      nat: [
        'PREROUTING ACCEPT 1',
        'INPUT ACCEPT 0',
        'OUTPUT ACCEPT 1',
        'POSTROUTING ACCEPT 0',
        'ISTIO_INBOUND - 5',
        'ISTIO_IN_REDIRECT - 1',
        'ISTIO_OUTPUT - 9',
        'ISTIO_REDIRECT - 1',
      ],
    });
    expectFullyParsed(ruleset);
  });

  it('parses the key rules field by field', () => {
    expect(ruleAt(ruleset, 'nat/PREROUTING#1')).toMatchObject({
      protocol: tcp,
      matches: [],
      target: jump('ISTIO_INBOUND'),
    });
    expect(ruleAt(ruleset, 'nat/ISTIO_INBOUND#1')).toMatchObject({
      protocol: tcp,
      matches: [match('tcp', [option('dport', ['15008'])])],
      target: verdict('RETURN'),
    });
    expect(ruleAt(ruleset, 'nat/ISTIO_OUTPUT#1')).toMatchObject({
      source: is('127.0.0.6/32'),
      outInterface: is('lo'),
      target: verdict('RETURN'),
    });
    expect(ruleAt(ruleset, 'nat/ISTIO_OUTPUT#2')).toMatchObject({
      destination: is('127.0.0.1/32', true),
      outInterface: is('lo'),
      protocol: tcp,
      matches: [
        match('tcp', [option('dport', ['15008'], true)]),
        match('owner', [option('uid-owner', ['1337'])]),
      ],
      target: jump('ISTIO_IN_REDIRECT'),
    });
    expect(ruleAt(ruleset, 'nat/ISTIO_OUTPUT#3')).toMatchObject({
      matches: [match('owner', [option('uid-owner', ['1337'], true)])],
      target: verdict('RETURN'),
    });
    expect(ruleAt(ruleset, 'nat/ISTIO_OUTPUT#6').matches).toMatchObject([
      match('owner', [option('gid-owner', ['1337'], true)]),
    ]);
    expect(ruleAt(ruleset, 'nat/ISTIO_IN_REDIRECT#1').target).toEqual(
      extension('REDIRECT', [option('to-ports', ['15006'])]),
    );
    expect(ruleAt(ruleset, 'nat/ISTIO_REDIRECT#1').target).toEqual(
      extension('REDIRECT', [option('to-ports', ['15001'])]),
    );
  });
});

describe('parsed model of istio-tproxy (TPROXY capture: mangle + nat, -I inserts)', () => {
  const ruleset = load('istio-tproxy');

  it('has the mangle and nat chains in order with their rule counts', () => {
    expect(outline(ruleset)).toEqual({
      mangle: [
        'PREROUTING ACCEPT 2',
        'INPUT ACCEPT 0',
        'FORWARD ACCEPT 0',
        'OUTPUT ACCEPT 4',
        'POSTROUTING ACCEPT 0',
        'ISTIO_DIVERT - 2',
        'ISTIO_TPROXY - 1',
        'ISTIO_INBOUND - 8',
      ],
      nat: [
        'PREROUTING ACCEPT 0',
        'INPUT ACCEPT 0',
        'OUTPUT ACCEPT 1',
        'POSTROUTING ACCEPT 0',
        'ISTIO_INBOUND - 1',
        'ISTIO_REDIRECT - 1',
        'ISTIO_IN_REDIRECT - 1',
        'ISTIO_OUTPUT - 9',
      ],
    });
    expectFullyParsed(ruleset);
  });

  it('puts the -I rules first, in their positions', () => {
    expect(ruleAt(ruleset, 'mangle/ISTIO_INBOUND#1')).toMatchObject({
      matches: [match('mark', [option('mark', ['1337'])])],
      target: verdict('RETURN'),
    });
    expect(ruleAt(ruleset, 'mangle/ISTIO_INBOUND#2')).toMatchObject({
      source: is('127.0.0.6/32'),
      inInterface: is('lo'),
      matches: [],
    });
    expect(ruleAt(ruleset, 'mangle/ISTIO_INBOUND#3')).toMatchObject({
      inInterface: is('lo'),
      matches: [match('mark', [option('mark', ['1338'], true)])],
    });
  });

  it('keeps `--dport` without `-m tcp` implicit, and the mark targets’ options', () => {
    expect(ruleAt(ruleset, 'mangle/ISTIO_INBOUND#4').matches).toEqual([
      match('tcp', [option('dport', ['15090'])], true),
    ]);
    expect(ruleAt(ruleset, 'mangle/ISTIO_INBOUND#7')).toMatchObject({
      matches: [match('conntrack', [option('ctstate', ['RELATED,ESTABLISHED'])])],
      target: jump('ISTIO_DIVERT'),
    });
    expect(ruleAt(ruleset, 'mangle/ISTIO_TPROXY#1')).toMatchObject({
      destination: is('127.0.0.1/32', true),
      protocol: tcp,
      target: extension('TPROXY', [
        option('tproxy-mark', ['1337/0xffffffff']),
        option('on-port', ['15006']),
      ]),
    });
    expect(ruleAt(ruleset, 'mangle/ISTIO_DIVERT#1').target).toEqual(
      extension('MARK', [option('set-mark', ['1337'])]),
    );
    expect(ruleAt(ruleset, 'mangle/ISTIO_DIVERT#2').target).toEqual(verdict('ACCEPT'));
    expect(ruleAt(ruleset, 'mangle/PREROUTING#2').target).toEqual(
      extension('CONNMARK', [option('save-mark', [])]),
    );
    expect(ruleAt(ruleset, 'mangle/OUTPUT#2')).toMatchObject({
      destination: is('127.0.0.1/32', true),
      outInterface: is('lo'),
      matches: [match('owner', [option('uid-owner', ['1337'])])],
      target: extension('MARK', [option('set-mark', ['1338'])]),
    });
    expect(ruleAt(ruleset, 'mangle/OUTPUT#4')).toMatchObject({
      matches: [match('connmark', [option('mark', ['1337'])])],
      target: extension('CONNMARK', [option('restore-mark', [])]),
    });
  });
});

describe('parsed model of docker (nat + filter, FORWARD policy DROP)', () => {
  const ruleset = load('docker');

  it('has the nat and filter chains in order with their rule counts', () => {
    expect(outline(ruleset)).toEqual({
      nat: [
        'PREROUTING ACCEPT 1',
        'INPUT ACCEPT 0',
        'OUTPUT ACCEPT 1',
        'POSTROUTING ACCEPT 4',
        'DOCKER - 4',
      ],
      filter: [
        'INPUT ACCEPT 0',
        'FORWARD DROP 10',
        'OUTPUT ACCEPT 0',
        'DOCKER - 2',
        'DOCKER-ISOLATION-STAGE-1 - 3',
        'DOCKER-ISOLATION-STAGE-2 - 3',
        'DOCKER-USER - 2',
      ],
    });
    expectFullyParsed(ruleset);
  });

  it('parses the key rules field by field', () => {
    expect(ruleAt(ruleset, 'nat/PREROUTING#1')).toMatchObject({
      matches: [match('addrtype', [option('dst-type', ['LOCAL'])])],
      target: jump('DOCKER'),
    });
    expect(ruleAt(ruleset, 'nat/OUTPUT#1').destination).toEqual(is('127.0.0.0/8', true));
    expect(ruleAt(ruleset, 'nat/POSTROUTING#1')).toMatchObject({
      source: is('172.17.0.0/16'),
      outInterface: is('docker0', true),
      matches: [],
      target: extension('MASQUERADE', []),
    });
    expect(ruleAt(ruleset, 'nat/DOCKER#3')).toMatchObject({
      inInterface: is('docker0', true),
      protocol: tcp,
      matches: [match('tcp', [option('dport', ['8080'])])],
      target: extension('DNAT', [option('to-destination', ['172.17.0.2:80'])]),
    });
    expect(ruleAt(ruleset, 'filter/FORWARD#3')).toMatchObject({
      outInterface: is('docker0'),
      matches: [match('conntrack', [option('ctstate', ['RELATED,ESTABLISHED'])])],
      target: verdict('ACCEPT'),
    });
    expect(ruleAt(ruleset, 'filter/DOCKER-ISOLATION-STAGE-1#1')).toMatchObject({
      inInterface: is('docker0'),
      outInterface: is('docker0', true),
      target: jump('DOCKER-ISOLATION-STAGE-2'),
    });
    expect(ruleAt(ruleset, 'filter/DOCKER-USER#1')).toMatchObject({
      source: is('203.0.113.0/24'),
      target: verdict('DROP'),
    });
  });
});
