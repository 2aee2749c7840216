import { DEFAULT_DATAPLANE } from '../dataplane/dataplane-spec.ts';
import { DEFAULT_PATH_SPEC } from '../path/path-spec.ts';
import type { ExplorerState, ExplorerStore } from '../store/store.ts';

/** The reader's own explorer state, kept while the tutorial drives the explorer. */
export type ExplorerSnapshot = Pick<
  ExplorerState,
  'input' | 'otherText' | 'version' | 'ipv6' | 'dnsServers' | 'packet' | 'mainView'
> & {
  readonly path: NonNullable<ExplorerState['path']>;
  readonly dataplane: NonNullable<ExplorerState['dataplane']>;
  readonly backend: NonNullable<ExplorerState['backend']>;
};

/** Takes the reader's state before the tutorial's first step overwrites it. */
export function takeSnapshot(store: ExplorerStore): ExplorerSnapshot {
  const s = store.getState();
  return {
    input: s.input,
    otherText: s.otherText,
    version: s.version,
    ipv6: s.ipv6,
    dnsServers: s.dnsServers,
    packet: s.packet,
    path: s.path ?? DEFAULT_PATH_SPEC,
    mainView: s.mainView,
    dataplane: s.dataplane ?? DEFAULT_DATAPLANE,
    backend: s.backend ?? 'iptables',
  };
}

/** Puts the reader's state back (exit tutorial); the derived views follow the store. */
export function restoreSnapshot(store: ExplorerStore, snapshot: ExplorerSnapshot): void {
  store.setState({ ...snapshot, selectedRule: null, graphStep: null, hoveredFlag: null });
}

/** `-u 1337` / `--proxy-uid=1337` → [flag, value] pairs, in order (a bare flag has value ''). */
function flagValues(args: string): Map<string, string> {
  const out = new Map<string, string>();
  const tokens = args.split(/\s+/).filter((tok) => tok !== '');
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i] ?? '';
    if (!tok.startsWith('-')) continue;
    const eq = tok.indexOf('=');
    if (eq > 0) {
      out.set(tok.slice(0, eq), tok.slice(eq + 1));
      continue;
    }
    const next = tokens[i + 1];
    const value = next !== undefined && !next.startsWith('-') ? next : '';
    out.set(tok, value);
    if (value !== '') i++;
  }
  return out;
}

/**
 * The flags whose presence or value differs between the reader's args and the tutorial's, as
 * written in either text; `['text']` when they differ but not by flags (a pasted dump).
 *
 * @example
 * changedFlags('-p 15001 -u 1000', '-p 15001 -u 1337'); // ['-u']
 */
export function changedFlags(before: string, after: string): string[] {
  if (before === after) return [];
  const a = flagValues(before);
  const b = flagValues(after);
  const flags = [...new Set([...a.keys(), ...b.keys()])].filter((f) => a.get(f) !== b.get(f));
  return flags.length > 0 ? flags : ['text'];
}
