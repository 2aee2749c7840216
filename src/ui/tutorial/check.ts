import { assertNever } from '@core';
import type { IstioVersion, RequestPath, Rulesets } from '@core';
import { DEFAULT_PACKET } from '../store/store.ts';
import type { Backend, PacketForm } from '../store/store.ts';
import { tracePacket } from '../workbench/trace-packet.ts';
import type { CheckPacket, CheckSpec, ExerciseSpec } from './lesson-types.ts';

/**
 * What the app computed for the reader's current input: the checks read only this. `path` is a
 * function because the Bookinfo path costs tens of milliseconds and most checks never need it.
 */
export interface CheckFacts {
  readonly version: IstioVersion;
  readonly backend: Backend;
  /** True when the args (or pasted rules) have error diagnostics: the rules below are then absent. */
  readonly hasErrors: boolean;
  /** The rules of the current input; undefined when it has errors. */
  readonly rulesets: Rulesets | undefined;
  /** The iptables-save text of each family of the current input. */
  readonly saveTexts: readonly string[];
  readonly path: () => RequestPath | undefined;
}

/** Why a check failed, as data (the panel words it); `passed` when every check held. */
export type CheckOutcome =
  | { readonly kind: 'passed' }
  | { readonly kind: 'failed'; readonly check: CheckSpec; readonly actual: string };

/**
 * Runs an exercise's checks in order and stops at the first that fails.
 *
 * @example
 * checkExercise({ checks: [{ kind: 'version', equals: '1.11' }], hint }, facts); // { kind: 'failed', actual: 'latest', … }
 */
export function checkExercise(exercise: ExerciseSpec, facts: CheckFacts): CheckOutcome {
  for (const check of exercise.checks) {
    const actual = evaluateCheck(check, facts);
    if (actual !== true) return { kind: 'failed', check, actual };
  }
  return { kind: 'passed' };
}

/** True when the check holds, otherwise what was found instead (for the failure message). */
export function evaluateCheck(check: CheckSpec, facts: CheckFacts): true | string {
  switch (check.kind) {
    case 'no-errors':
      return facts.hasErrors ? 'errors' : true;
    case 'version':
      return facts.version === check.equals ? true : facts.version;
    case 'backend':
      return facts.backend === check.equals ? true : facts.backend;
    case 'trace':
      return evaluateTrace(check, facts);
    case 'rule-present':
    case 'rule-absent': {
      if (facts.rulesets === undefined) return 'errors';
      const found = facts.saveTexts.some(
        (text) => findRuleLine(text, check.table, check.chain, check.contains) !== undefined,
      );
      return found === (check.kind === 'rule-present') ? true : found ? 'present' : 'absent';
    }
    case 'path': {
      if (facts.hasErrors) return 'errors';
      const codes = facts.path()?.diagnostics.map((d) => d.code) ?? [];
      if (check.noDiagnostic !== undefined && codes.includes(check.noDiagnostic))
        return check.noDiagnostic;
      if (check.hasDiagnostic !== undefined && !codes.includes(check.hasDiagnostic))
        return codes.join(', ') || 'none';
      return true;
    }
    case 'path-hop-present':
    case 'path-hop-absent': {
      if (facts.hasErrors) return 'errors';
      const labels = facts.path()?.hops.map((h) => h.label) ?? [];
      const found = labels.some((l) => l.includes(check.label));
      return found === (check.kind === 'path-hop-present') ? true : labels.join(' ; ');
    }
    default:
      return assertNever(check);
  }
}

function evaluateTrace(
  check: Extract<CheckSpec, { kind: 'trace' }>,
  facts: CheckFacts,
): true | string {
  if (facts.rulesets === undefined) return 'errors';
  const final =
    tracePacket(facts.rulesets, toPacketForm(check.packet)).result?.final ?? 'no result';
  if (check.expectFinal !== undefined && final !== check.expectFinal) return final;
  if (check.expectNotFinal !== undefined && final === check.expectNotFinal) return final;
  return true;
}

/**
 * A check's packet as the workbench form: fields left out are empty (the core's defaults).
 *
 * @example
 * toPacketForm({ direction: 'inbound', dport: '9080' }).uid; // ''
 */
export function toPacketForm(packet: CheckPacket): PacketForm {
  const blank = { src: '', dst: '', sport: '', dport: '', uid: '', gid: '' };
  return { ...DEFAULT_PACKET, ...blank, ...packet, preset: 'custom' };
}

/**
 * The first `-A <chain> …` line of `table` in an iptables-save text that contains `needle`
 * (any chain when `chain` is undefined).
 *
 * @example
 * findRuleLine('*nat\n-A OUTPUT -j X\nCOMMIT\n', 'nat', 'OUTPUT', '-j X'); // '-A OUTPUT -j X'
 */
export function findRuleLine(
  save: string,
  table: string,
  chain: string | undefined,
  needle: string,
): string | undefined {
  let current = '';
  for (const line of save.split('\n')) {
    if (line.startsWith('*')) current = line.slice(1).trim();
    else if (current === table && line.startsWith('-A ')) {
      const name = line.slice(3).split(' ', 1)[0];
      if ((chain === undefined || name === chain) && line.includes(needle)) return line;
    }
  }
  return undefined;
}
