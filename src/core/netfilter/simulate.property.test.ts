import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Match, Rule, Ruleset, Table, TableName, Target } from '../iptables/model.ts';
import { BUILTIN_CHAINS } from '../iptables/model.ts';
import { normalizePacket } from './packet.ts';
import { DEFAULT_POD } from './pod.ts';
import { simulatePacket } from './simulate.ts';

const USER_CHAINS = ['A', 'B', 'C', 'D'];
const ADDRESSES = ['10.44.0.5', '10.44.0.9', '127.0.0.1', '10.96.0.20', '203.0.113.7'];
const PORTS = [53, 80, 9080, 15001, 15006, 15008];

const negatable = <T>(value: fc.Arbitrary<T>) => fc.record({ negated: fc.boolean(), value });

const match: fc.Arbitrary<Match> = fc.oneof(
  fc.record({
    module: fc.constantFrom('tcp', 'udp'),
    options: fc.array(
      fc.record({
        name: fc.constantFrom('dport', 'sport'),
        negated: fc.boolean(),
        args: fc.constantFrom(['80'], ['9080'], ['15000:15010'], ['53']),
      }),
      { maxLength: 2 },
    ),
    implicit: fc.constant(false),
    known: fc.constant(true),
  }),
  fc.record({
    module: fc.constant('owner'),
    options: fc
      .tuple(
        fc.constantFrom('uid-owner', 'gid-owner'),
        fc.boolean(),
        fc.constantFrom('0', '1000', '1337'),
      )
      .map(([name, negated, id]) => [{ name, negated, args: [id] }]),
    implicit: fc.constant(false),
    known: fc.constant(true),
  }),
  fc.record({
    module: fc.constantFrom('mark', 'connmark'),
    options: fc
      .tuple(fc.boolean(), fc.constantFrom('0x1', '0x2/0x2', '1337'))
      .map(([negated, v]) => [{ name: 'mark', negated, args: [v] }]),
    implicit: fc.constant(false),
    known: fc.constant(true),
  }),
  fc.record({
    module: fc.constantFrom('conntrack', 'statistic'),
    options: fc.boolean().map((negated) => [{ name: 'ctstate', negated, args: ['NEW,DNAT'] }]),
    implicit: fc.constant(false),
    known: fc.constant(true),
  }),
);

function target(table: TableName): fc.Arbitrary<Target | undefined> {
  const ext = (name: string, options: { name: string; args: string[] }[]): Target => ({
    kind: 'extension',
    name,
    known: true,
    options: options.map((o) => ({ ...o, negated: false })),
  });
  const common: fc.Arbitrary<Target | undefined>[] = [
    fc.constant(undefined),
    fc.constantFrom<Target>(
      { kind: 'verdict', verdict: 'ACCEPT' },
      { kind: 'verdict', verdict: 'DROP' },
      { kind: 'verdict', verdict: 'RETURN' },
    ),
    fc.constantFrom(...USER_CHAINS, 'MISSING').map((chain): Target => ({ kind: 'jump', chain })),
    fc.constantFrom(...USER_CHAINS).map((chain): Target => ({ kind: 'goto', chain })),
    fc.constantFrom(
      ext('MARK', [{ name: 'set-xmark', args: ['0x2/0x3'] }]),
      ext('CONNMARK', [{ name: 'save-mark', args: [] }]),
      ext('LOG', []),
    ),
  ];
  if (table === 'nat') {
    common.push(
      fc.constantFrom(
        ext('REDIRECT', [{ name: 'to-ports', args: ['15001'] }]),
        ext('DNAT', [{ name: 'to-destination', args: ['10.44.0.9:8080'] }]),
      ),
    );
  }
  return fc.oneof(...common);
}

function rule(table: TableName): fc.Arbitrary<Rule> {
  return fc
    .record({
      protocol: fc.option(negatable(fc.constantFrom('tcp', 'udp')), { nil: undefined }),
      destination: fc.option(
        negatable(fc.constantFrom(...ADDRESSES.map((a) => `${a}/32`), '10.44.0.0/24')),
        { nil: undefined },
      ),
      outInterface: fc.option(negatable(fc.constantFrom('lo', 'eth0', 'eth+')), { nil: undefined }),
      matches: fc.array(match, { maxLength: 2 }),
      target: target(table),
    })
    .map(
      (r) =>
        Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as unknown as Rule,
    );
}

function table(name: TableName): fc.Arbitrary<Table> {
  const builtins = BUILTIN_CHAINS[name].map((c) =>
    fc.record({
      name: fc.constant(c),
      builtin: fc.constant(true),
      policy: fc.constantFrom('ACCEPT' as const, 'DROP' as const),
      rules: fc.array(rule(name), { maxLength: 6 }),
    }),
  );
  const users = USER_CHAINS.map((c) =>
    fc.record({
      name: fc.constant(c),
      builtin: fc.constant(false),
      rules: fc.array(rule(name), { maxLength: 8 }),
    }),
  );
  return fc.tuple(...builtins, ...users).map((chains) => ({ name, chains: chains }));
}

const ruleset: fc.Arbitrary<Ruleset> = fc
  .subarray(['raw', 'mangle', 'nat', 'filter'] as TableName[], { minLength: 1 })
  .chain((names) => fc.tuple(...names.map(table)))
  .map((tables) => ({ family: 4, tables }));

const packet = fc
  .record({
    direction: fc.constantFrom('outbound', 'inbound'),
    proto: fc.constantFrom('tcp', 'udp'),
    dst: fc.constantFrom(...ADDRESSES),
    dport: fc.constantFrom(...PORTS),
    uid: fc.constantFrom(0, 1000, 1337),
    mark: fc.constantFrom(0, 1, 2, 1337),
    ctstate: fc.constantFrom('NEW', 'NEW', 'ESTABLISHED'),
  })
  .map((p) => (p.direction === 'inbound' ? { ...p, dst: '10.44.0.5', uid: undefined } : p));

describe('simulator properties', () => {
  it('always terminates, and an index over every chain gives exactly what a linear scan gives', () => {
    fc.assert(
      fc.property(ruleset, packet, (rs, spec) => {
        const p = normalizePacket(spec, DEFAULT_POD).value;
        if (!p) return;
        const linear = simulatePacket({ v4: rs }, p, DEFAULT_POD, { index: false, maxSteps: 5000 });
        const indexed = simulatePacket({ v4: rs }, p, DEFAULT_POD, {
          indexThreshold: 0,
          maxSteps: 5000,
        });
        expect(indexed.matched).toEqual(linear.matched);
        expect(indexed.matchedAfterLoopback).toEqual(linear.matchedAfterLoopback);
        expect(indexed.final).toBe(linear.final);
        expect(indexed.delivered).toEqual(linear.delivered);
        expect(indexed.diagnostics).toEqual(linear.diagnostics);
        expect(indexed.steps.filter((s) => s.kind === 'rule' && s.matched)).toEqual(
          linear.steps.filter((s) => s.kind === 'rule' && s.matched),
        );
      }),
      { numRuns: 400 },
    );
  });

  it('points every rule step at an existing rule of the ruleset', () => {
    fc.assert(
      fc.property(ruleset, packet, (rs, spec) => {
        const p = normalizePacket(spec, DEFAULT_POD).value;
        if (!p) return;
        const r = simulatePacket({ v4: rs }, p, DEFAULT_POD, { maxSteps: 5000 });
        for (const s of r.steps) {
          if (s.kind !== 'rule') continue;
          const chain = rs.tables
            .find((t) => t.name === s.table)
            ?.chains.find((c) => c.name === s.chain);
          expect(chain?.rules[s.position - 1]).toBeDefined();
          expect(s.rule).toBe(`${s.table}/${s.chain}#${s.position}`);
        }
        for (const ref of [...r.matched, ...r.matchedAfterLoopback])
          expect(r.steps.some((s) => s.kind === 'rule' && s.rule === ref)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
