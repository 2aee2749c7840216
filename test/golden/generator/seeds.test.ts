import { readFileSync } from 'node:fs';
import { runCli } from '../../support/cli.ts';
import { describe, expect, it } from 'vitest';
import {
  generateRules,
  parseIstioArgs,
  PROFILES,
  renderRestore,
  type GeneratedRules,
  type IstioVersion,
} from '../../../src/core/index.ts';
import {
  alignChains,
  listColumns,
  parseListing,
  parseSaveListing,
  type Columns,
} from './listing.ts';

/**
 * Each profile, run with its era's injector args, against the listing a real pod of that era
 * printed (excerpts of the seed articles in ./seeds/, each naming its source).
 * Rule for rule: same chains, same rules in the same order, compared column by column
 * (target, prot, in, out, source, destination, extra), since the seeds are kernel listings.
 *
 * Which listing each profile reproduces:
 *   latest, 1.25 — seed 004 (Istio 1.25.2): `iptables-save` of the pod's nat table
 *   1.20         — seed 002 (Istio ~1.20): the `--dry-run` iptables-restore input, exactly
 *   1.11         — seed 001 (Istio 1.11.4): `iptables -t nat -nvL` (with the port-22 RETURN)
 *   1.0          — seed 000 (Istio 1.0): `iptables -t nat -L -v` (name-resolved)
 */

function seed(name: string): string {
  return readFileSync(new URL(`./seeds/${name}`, import.meta.url), 'utf8');
}

function generate(args: string, version: IstioVersion): GeneratedRules {
  const parsed = parseIstioArgs(args);
  expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return generateRules(parsed.value.config, version);
}

/** The nat table of `rules`, aligned with a listing's chains. */
function natMatches(
  rules: GeneratedRules,
  listing: Map<string, Columns[]>,
  style: 'numeric' | 'names',
): boolean {
  const { theirs, mine } = alignChains(listing, listColumns(rules.v4, 'nat', style));
  return JSON.stringify(theirs) === JSON.stringify(mine);
}

/** argv of a command line whose words are single-quoted, double-quoted or plain (no spaces inside). */
function simpleWords(line: string): string[] {
  return line.split(' ').map((w) => w.replace(/^'(.*)'$|^"(.*)"$/, '$1$2'));
}

/** The restore lines of a seed printout, without the author's `#` notes and log lines. */
function restoreLines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => /^(\* |-N |-A |-I |COMMIT$)/.test(l));
}

const SEED_004 = parseSaveListing(seed('004-iptables-save.txt'));
const SEED_001 = parseListing(seed('001-nat-nvL.txt'));
const SEED_000 = parseListing(seed('000-nat-L-v.txt'));
const SEED_002_DEFAULTS = restoreLines(seed('002-dry-run-defaults.txt'));
const SEED_002_INJECTED = restoreLines(seed('002-dry-run-injected.txt'));
/** Seed 002's first printout ran `pilot-agent istio-iptables --dry-run` with no flags at all. */
const NO_ARGS = '';

describe('seed listings, rule for rule', () => {
  it('the seed excerpts parsed into the chains the articles show', () => {
    expect([...SEED_004.keys()]).toEqual([
      'PREROUTING',
      'INPUT',
      'OUTPUT',
      'POSTROUTING',
      'ISTIO_INBOUND',
      'ISTIO_IN_REDIRECT',
      'ISTIO_OUTPUT',
      'ISTIO_REDIRECT',
    ]);
    expect(SEED_001.get('ISTIO_OUTPUT')).toHaveLength(9);
    expect(SEED_000.get('ISTIO_OUTPUT')).toHaveLength(5);
    expect(SEED_002_DEFAULTS).toHaveLength(18);
    expect(SEED_002_INJECTED).toHaveLength(24);
  });

  for (const version of ['latest', '1.25'] as const) {
    it(`${version} reproduces seed 004 (Istio 1.25.2 iptables-save)`, () => {
      const { theirs, mine } = alignChains(
        SEED_004,
        listColumns(generate(PROFILES[version].defaultArgs, version).v4, 'nat', 'numeric'),
      );
      expect(mine).toEqual(theirs);
    });
  }

  it("latest --output save equals seed 004's iptables-save byte for byte (its counters zeroed, notes dropped)", async () => {
    const expected = seed('004-iptables-save.txt')
      .split('\n')
      .filter((l) => !l.startsWith('#') && !l.startsWith('```') && l !== '')
      .map((l) => l.replace(/\[\d+:\d+\]$/, '[0:0]'));
    const r = await runCli([
      'istio-iptables',
      '--output',
      'save',
      ...simpleWords(PROFILES.latest.defaultArgs),
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').filter((l) => l !== '')).toEqual(expected);
  });

  it("1.20 reproduces seed 002's first --dry-run printout exactly (no flags)", () => {
    expect(restoreLines(renderRestore(generate(NO_ARGS, '1.20'), 4))).toEqual(SEED_002_DEFAULTS);
  });

  it("1.20 reproduces seed 002's second printout (injected args) but for one line the author moved by hand", () => {
    const ours = restoreLines(renderRestore(generate(PROFILES['1.20'].defaultArgs, '1.20'), 4));
    // The article lists `-m owner --gid-owner 1337 -j RETURN` right after the uid RETURN, ahead of
    // the gid loopback rules; istio-iptables never emits that order (the goldens and seed 001/004
    // all put it third in the gid triple), so the printout was edited. Same rules, one line moved:
    expect([...ours].sort()).toEqual([...SEED_002_INJECTED].sort());
    const moved = '-A ISTIO_OUTPUT -m owner --gid-owner 1337 -j RETURN';
    expect(ours.filter((l) => l !== moved)).toEqual(SEED_002_INJECTED.filter((l) => l !== moved));
    expect(ours).not.toEqual(SEED_002_INJECTED);
  });

  it('1.11 reproduces seed 001 (Istio 1.11.4 iptables -t nat -nvL)', () => {
    const { theirs, mine } = alignChains(
      SEED_001,
      listColumns(generate(PROFILES['1.11'].defaultArgs, '1.11').v4, 'nat', 'numeric'),
    );
    expect(mine).toEqual(theirs);
  });

  it('1.0 reproduces seed 000 (Istio 1.0 iptables -t nat -L -v)', () => {
    const { theirs, mine } = alignChains(
      SEED_000,
      listColumns(generate(PROFILES['1.0'].defaultArgs, '1.0').v4, 'nat', 'names'),
    );
    expect(mine).toEqual(theirs);
  });

  it('each listing is reproduced by its own era only', () => {
    const listings: readonly (readonly [string, string, (r: GeneratedRules) => boolean])[] = [
      ['004', PROFILES.latest.defaultArgs, (r) => natMatches(r, SEED_004, 'numeric')],
      [
        '002',
        NO_ARGS,
        (r) =>
          JSON.stringify(restoreLines(renderRestore(r, 4))) === JSON.stringify(SEED_002_DEFAULTS),
      ],
      ['001', PROFILES['1.11'].defaultArgs, (r) => natMatches(r, SEED_001, 'numeric')],
      ['000', PROFILES['1.0'].defaultArgs, (r) => natMatches(r, SEED_000, 'names')],
    ];
    const matrix = Object.fromEntries(
      listings.map(([name, args, matches]) => [
        name,
        (['latest', '1.25', '1.20', '1.11', '1.0'] as const).filter((v) =>
          matches(generate(args, v)),
        ),
      ]),
    );
    expect(matrix).toEqual({
      '004': ['latest', '1.25'],
      '002': ['1.20'],
      '001': ['1.11'],
      '000': ['1.0'],
    });
  });
});
