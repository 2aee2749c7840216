import type { PacketForm } from '../store/store.ts';
import { DEFAULT_PACKET } from '../store/store.ts';

/** The ids of the typical packets; each has a `packet.<id>` message. */
export type TypicalPacketId =
  | 'app-to-service'
  | 'app-to-pod'
  | 'envoy-upstream'
  | 'health-probe'
  | 'inbound-app'
  | 'dns'
  | 'inbound-passthrough'
  | 'app-to-localhost';

export interface TypicalPacket {
  readonly id: TypicalPacketId;
  readonly form: PacketForm;
}

function packet(id: TypicalPacketId, fields: Partial<Omit<PacketForm, 'preset'>>): TypicalPacket {
  const blank: PacketForm = {
    preset: id,
    direction: 'outbound',
    proto: 'tcp',
    src: '',
    dst: '',
    sport: '',
    dport: '',
    uid: '',
    gid: '',
  };
  return { id, form: { ...blank, ...fields } };
}

/**
 * The packets every explanation of sidecar interception walks through, for the default pod
 * (10.44.0.5/24 on eth0; uid 1000 is the app, 1337 is Envoy).
 */
export const TYPICAL_PACKETS: readonly TypicalPacket[] = [
  { id: 'app-to-service', form: DEFAULT_PACKET },
  packet('app-to-pod', { dst: '10.44.1.9', dport: '9080', uid: '1000' }),
  packet('envoy-upstream', { dst: '10.44.1.9', dport: '9080', uid: '1337' }),
  packet('health-probe', { direction: 'inbound', src: '10.44.0.1', dport: '15021' }),
  packet('inbound-app', { direction: 'inbound', src: '10.44.1.7', dport: '9080' }),
  packet('dns', { proto: 'udp', dst: '10.96.0.10', dport: '53', uid: '1000' }),
  packet('inbound-passthrough', { src: '127.0.0.6', dst: '10.44.0.5', dport: '9080', uid: '1337' }),
  packet('app-to-localhost', { dst: '127.0.0.1', dport: '8080', uid: '1000' }),
];

export function findTypicalPacket(id: string): TypicalPacket | undefined {
  return TYPICAL_PACKETS.find((p) => p.id === id);
}
