import { compressToEncodedURIComponent } from 'lz-string';
import { ISTIO_VERSIONS } from '@core';
import type { IstioVersion } from '@core';
import { isLang } from '../i18n/translate.ts';
import type { Lang } from '../i18n/messages.ts';
import { readDataplaneSpec } from '../dataplane/dataplane-spec.ts';
import { readPathSpec } from '../path/path-spec.ts';
import { decompressBounded } from './lz-bounded.ts';
import { DEFAULT_PACKET } from './store.ts';
import type { PacketForm, PersistedState } from './store.ts';

/** The URL fragment key: `#s=<lz-string(JSON)>`. */
const HASH_KEY = 's';
/** A permalink bigger than this is refused instead of decompressed (a pasted 5 MB is not a link). */
const MAX_HASH_LENGTH = 2_000_000;
/**
 * The most characters a link may expand to, checked while decompressing (LZ output grows
 * quadratically: a 77 KB link can hold 540M characters, more than a JS string can).
 */
export const MAX_STATE_CHARS = 20_000_000;

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
export function decodeHash(hash: string, lang: Lang = 'en'): DecodedHash {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  if (body === '') return { kind: 'none' };
  const params = new URLSearchParams(body);
  const packed = params.get(HASH_KEY);
  if (packed === null) return { kind: 'none' };
  if (packed.length > MAX_HASH_LENGTH) return { kind: 'invalid', reason: 'the link is too long' };
  // URLSearchParams turns '+' into ' '; lz-string's URI alphabet uses '+'.
  const unpacked = decompressBounded(packed.replaceAll(' ', '+'), MAX_STATE_CHARS);
  if (unpacked.kind === 'too-large')
    return {
      kind: 'invalid',
      reason: `the link expands to more than ${MAX_STATE_CHARS.toLocaleString('en')} characters`,
    };
  const json = unpacked.kind === 'ok' ? unpacked.text : '';
  if (!json) return { kind: 'invalid', reason: 'the link is not a compressed state' };
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return { kind: 'invalid', reason: 'the link does not hold JSON' };
  }
  const state = migrate(raw, lang);
  return state === undefined
    ? { kind: 'invalid', reason: 'the link holds an unknown state version' }
    : { kind: 'ok', state };
}

/**
 * Brings any persisted state we ever wrote up to the current version (Compiler Explorer's
 * version chain): each old version is read, then rewritten to the next one, until v2.
 * `lang` is the reader's language, for links written before the language was part of the state.
 *
 * @example
 * migrate({ v: 1, input: { mode: 'args', text: '-p 15001' }, version: 'latest' }, 'zh')?.lang; // 'zh'
 */
export function migrate(raw: unknown, lang: Lang = 'en'): PersistedState | undefined {
  if (!isRecord(raw)) return undefined;
  switch (raw['v']) {
    case 1: {
      const v1 = readV1(raw);
      return v1 && upgradeV1(v1, lang);
    }
    case 2:
      return readV2(raw, lang);
    default:
      return undefined;
  }
}

interface PersistedV1 {
  readonly v: 1;
  readonly input: { readonly mode: 'args'; readonly text: string };
  readonly version: IstioVersion;
  readonly ipv6: boolean;
  readonly dnsServers: string;
}

function readV1(raw: Record<string, unknown>): PersistedV1 | undefined {
  const input = raw['input'];
  if (!isRecord(input) || input['mode'] !== 'args' || typeof input['text'] !== 'string')
    return undefined;
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

/** v1 → v2: adds the language, the input mode's other text and the workbench packet. */
function upgradeV1(v1: PersistedV1, lang: Lang): PersistedState {
  return { ...v1, v: 2, otherText: '', lang, packet: DEFAULT_PACKET };
}

function readV2(raw: Record<string, unknown>, lang: Lang): PersistedState | undefined {
  const input = raw['input'];
  if (!isRecord(input) || typeof input['text'] !== 'string') return undefined;
  const mode = input['mode'];
  if (mode !== 'args' && mode !== 'iptables-save') return undefined;
  const base = readV1({ ...raw, input: { mode: 'args', text: input['text'] } });
  if (!base) return undefined;
  const otherText = raw['otherText'];
  // The path view's inputs were added to v2 as an optional field: links without it get the defaults.
  const path = readPathSpec(raw['path']);
  // So was the data plane (with the ambient / CNI-plugin texts): links without it are sidecar links.
  const dataplane = readDataplaneSpec(raw['dataplane']);
  return {
    ...base,
    v: 2,
    input: { mode, text: input['text'] },
    otherText: typeof otherText === 'string' ? otherText : '',
    lang: isLang(raw['lang']) ? raw['lang'] : lang,
    packet: readPacket(raw['packet']),
    ...(path === undefined ? {} : { path }),
    ...(dataplane === undefined ? {} : { dataplane }),
    // The nftables backend came later still: links without it are iptables links.
    ...(raw['backend'] === 'nftables' ? { backend: 'nftables' } : {}),
  };
}

function readPacket(raw: unknown): PacketForm {
  if (!isRecord(raw)) return DEFAULT_PACKET;
  const text = (key: keyof PacketForm): string => {
    const v = raw[key];
    return typeof v === 'string' ? v : '';
  };
  const direction = raw['direction'];
  const proto = raw['proto'];
  return {
    preset: text('preset') || 'custom',
    direction: direction === 'inbound' ? 'inbound' : 'outbound',
    proto: proto === 'udp' ? 'udp' : 'tcp',
    src: text('src'),
    dst: text('dst'),
    sport: text('sport'),
    dport: text('dport'),
    uid: text('uid'),
    gid: text('gid'),
  };
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isIstioVersion(x: unknown): x is IstioVersion {
  return typeof x === 'string' && (ISTIO_VERSIONS as readonly string[]).includes(x);
}
