import { ISTIO_VERSIONS } from '@core';
import type { IstioVersion } from '@core';
import type { PacketField } from '../store/store.ts';

/** Parent → frame messages (docs/embed.md). */
export type InboundMessage =
  | { readonly type: 'intercept:set-args'; readonly text: string }
  | { readonly type: 'intercept:set-version'; readonly version: IstioVersion }
  | {
      readonly type: 'intercept:trace';
      readonly packet: Readonly<Partial<Record<PacketField, string>>>;
    };

/** Frame → parent messages (docs/embed.md). */
export type OutboundMessage =
  | { readonly type: 'intercept:ready' }
  | { readonly type: 'intercept:resize'; readonly height: number }
  | { readonly type: 'intercept:state'; readonly hash: string; readonly diagnostics: number };

/** Args sent by a parent longer than this are refused (the editor's own guard is larger, but this is a message). */
export const MAX_MESSAGE_TEXT = 1_000_000;

const PACKET_FIELDS: readonly PacketField[] = [
  'direction',
  'proto',
  'src',
  'dst',
  'sport',
  'dport',
  'uid',
  'gid',
];

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function readPacket(raw: unknown): Partial<Record<PacketField, string>> | undefined {
  if (!isRecord(raw)) return undefined;
  const out: Partial<Record<PacketField, string>> = {};
  for (const [key, value] of Object.entries(raw)) {
    // Unknown keys or non-scalar values make the whole message malformed: no partial application.
    if (!(PACKET_FIELDS as readonly string[]).includes(key)) return undefined;
    if (typeof value === 'number' && Number.isInteger(value))
      out[key as PacketField] = String(value);
    else if (typeof value === 'string' && value.length <= 100) out[key as PacketField] = value;
    else return undefined;
  }
  return out;
}

/**
 * Accepts only well-formed parent messages; anything else (other tools' messages, our own
 * outbound ones, garbage) is undefined and ignored.
 *
 * @example
 * readInboundMessage({ type: 'intercept:set-version', version: '1.0' }); // { type: …, version: '1.0' }
 * readInboundMessage({ type: 'intercept:set-version', version: '9' }); // undefined
 */
export function readInboundMessage(data: unknown): InboundMessage | undefined {
  if (!isRecord(data)) return undefined;
  switch (data['type']) {
    case 'intercept:set-args': {
      const text = data['text'];
      return typeof text === 'string' && text.length <= MAX_MESSAGE_TEXT
        ? { type: 'intercept:set-args', text }
        : undefined;
    }
    case 'intercept:set-version': {
      const version = data['version'];
      return typeof version === 'string' && (ISTIO_VERSIONS as readonly string[]).includes(version)
        ? { type: 'intercept:set-version', version: version as IstioVersion }
        : undefined;
    }
    case 'intercept:trace': {
      const packet = readPacket(data['packet']);
      return packet === undefined ? undefined : { type: 'intercept:trace', packet };
    }
    default:
      return undefined;
  }
}
