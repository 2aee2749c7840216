import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from 'lz-string';
import { ISTIO_VERSIONS } from '@core';
import type { IstioVersion } from '@core';
import type { PersistedState } from './store.ts';

/** The URL fragment key: `#s=<lz-string(JSON)>`. */
const HASH_KEY = 's';
/** A permalink bigger than this is refused instead of decompressed (a pasted 5 MB is not a link). */
const MAX_HASH_LENGTH = 2_000_000;

export type DecodedHash =
  | { readonly kind: 'none' }
  | { readonly kind: 'ok'; readonly state: PersistedState }
  | { readonly kind: 'invalid'; readonly reason: string };

/**
 * Encodes the persisted state as a URL fragment (without the leading `#`).
 *
 * @example
 * encodeHash(defaultPersistedState('-p 15001')); // 's=N4Ig…'
 */
export function encodeHash(state: PersistedState): string {
  return `${HASH_KEY}=${compressToEncodedURIComponent(JSON.stringify(state))}`;
}

/**
 * Reads a URL fragment back, migrating older versions; never throws on a garbage link.
 *
 * @example
 * decodeHash(`#${encodeHash(state)}`); // { kind: 'ok', state }
 */
export function decodeHash(hash: string): DecodedHash {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  if (body === '') return { kind: 'none' };
  const params = new URLSearchParams(body);
  const packed = params.get(HASH_KEY);
  if (packed === null) return { kind: 'none' };
  if (packed.length > MAX_HASH_LENGTH) return { kind: 'invalid', reason: 'the link is too long' };
  // URLSearchParams turns '+' into ' '; lz-string's URI alphabet uses '+'.
  const json = decompressFromEncodedURIComponent(packed.replaceAll(' ', '+'));
  if (!json) return { kind: 'invalid', reason: 'the link is not a compressed state' };
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return { kind: 'invalid', reason: 'the link does not hold JSON' };
  }
  const state = migrate(raw);
  return state === undefined
    ? { kind: 'invalid', reason: 'the link holds an unknown state version' }
    : { kind: 'ok', state };
}

/**
 * Brings any persisted state we ever wrote up to the current version (Compiler Explorer's
 * version chain): add a `case` per old version that rewrites it to the next one.
 */
export function migrate(raw: unknown): PersistedState | undefined {
  if (!isRecord(raw)) return undefined;
  switch (raw['v']) {
    case 1:
      return readV1(raw);
    default:
      return undefined;
  }
}

function readV1(raw: Record<string, unknown>): PersistedState | undefined {
  const input = raw['input'];
  if (!isRecord(input) || input['mode'] !== 'args' || typeof input['text'] !== 'string') return undefined;
  const version = raw['version'];
  if (!isIstioVersion(version)) return undefined;
  const ipv6 = raw['ipv6'];
  const dnsServers = raw['dnsServers'];
  return {
    v: 1,
    input: { mode: 'args', text: input['text'] },
    version,
    ipv6: typeof ipv6 === 'boolean' ? ipv6 : false,
    dnsServers: typeof dnsServers === 'string' ? dnsServers : '',
  };
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isIstioVersion(x: unknown): x is IstioVersion {
  return typeof x === 'string' && (ISTIO_VERSIONS as readonly string[]).includes(x);
}
