import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  applyNftCommands,
  parseNft,
  renderNftList,
  renderNftScript,
} from '../../../src/core/index.ts';
import { randomSetPrograms } from '../../kernel/nft-set-cases.ts';

/**
 * Named sets, maps and verdict maps: each `sets/<case>.nft` loaded with `nft -f` into an empty
 * namespace printed `sets/<case>.list` (nft 1.0.6, recorded on this project's kernel; the
 * kernel suite re-checks them live). Ours must print it byte for byte, the listing must be a
 * fixed point, and our own `nft -f` rendering of the commands must load to the same listing.
 */
const DIR = fileURLToPath(new URL('./sets/', import.meta.url));

function listOf(script: string): string {
  const parsed = parseNft(script);
  expect(parsed.diagnostics).toEqual([]);
  const applied = applyNftCommands(parsed.value);
  expect(applied.diagnostics).toEqual([]);
  return renderNftList(applied.value);
}

describe('nft list ruleset of named sets and maps', () => {
  const cases = readdirSync(DIR)
    .filter((f) => f.endsWith('.nft'))
    .map((f) => f.slice(0, -4));
  it('has the recorded cases', () => expect(cases.length).toBeGreaterThanOrEqual(2));
  for (const name of cases) {
    it(name, () => {
      const script = readFileSync(`${DIR}${name}.nft`, 'utf8');
      const expected = readFileSync(`${DIR}${name}.list`, 'utf8');
      expect(listOf(script)).toBe(expected);
      expect(listOf(expected)).toBe(expected);
      expect(listOf(renderNftScript(parseNft(script).value))).toBe(expected);
    });
  }
});

describe('listings of random set/map programs are fixed points', () => {
  // The kernel suite checks these programs against nft itself; here, without a kernel, the
  // printed listing must load back to the same listing and our script rendering must too.
  for (const c of randomSetPrograms(40)) {
    it(c.name, () => {
      const list = listOf(c.script);
      expect(listOf(list)).toBe(list);
      expect(listOf(renderNftScript(parseNft(c.script).value))).toBe(list);
    });
  }
});
