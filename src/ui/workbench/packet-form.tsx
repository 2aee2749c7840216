import { useId } from 'react';
import type { ReactNode } from 'react';
import { useT } from '../i18n/use-t.ts';
import type { MessageKey } from '../i18n/messages.ts';
import { useExplorer, useExplorerActions } from '../store/context.tsx';
import { selectPacket } from '../store/selectors.ts';
import type { PacketField } from '../store/store.ts';
import { findTypicalPacket, TYPICAL_PACKETS } from './typical-packets.ts';

const TEXT_FIELDS: readonly { field: PacketField; label: MessageKey; width: string }[] = [
  { field: 'src', label: 'bench.src', width: '14ch' },
  { field: 'dst', label: 'bench.dst', width: '14ch' },
  { field: 'sport', label: 'bench.sport', width: '7ch' },
  { field: 'dport', label: 'bench.dport', width: '7ch' },
  { field: 'uid', label: 'bench.uid', width: '6ch' },
  { field: 'gid', label: 'bench.gid', width: '6ch' },
];

/** Pick a typical packet or compose one; every field is in the store (and so in the link). */
export function PacketForm(): ReactNode {
  const packet = useExplorer(selectPacket);
  const { setPacket, setPacketField } = useExplorerActions();
  const t = useT();
  const id = useId();
  return (
    <div className="packet-form">
      <label className="field wide">
        <span>{t('bench.typical')}</span>
        <select
          data-testid="packet-preset"
          value={findTypicalPacket(packet.preset) ? packet.preset : 'custom'}
          onChange={(e) => {
            const typical = findTypicalPacket(e.target.value);
            if (typical) setPacket(typical.form);
          }}
        >
          {TYPICAL_PACKETS.map((p) => (
            <option key={p.id} value={p.id}>
              {t(`packet.${p.id}`)}
            </option>
          ))}
          <option value="custom" disabled>
            {t('bench.custom')}
          </option>
        </select>
      </label>
      <label className="field">
        <span>{t('bench.direction')}</span>
        <select
          value={packet.direction}
          onChange={(e) => setPacketField('direction', e.target.value)}
        >
          <option value="outbound">{t('bench.outbound')}</option>
          <option value="inbound">{t('bench.inbound')}</option>
        </select>
      </label>
      <label className="field">
        <span>{t('bench.proto')}</span>
        <select value={packet.proto} onChange={(e) => setPacketField('proto', e.target.value)}>
          <option value="tcp">tcp</option>
          <option value="udp">udp</option>
        </select>
      </label>
      {TEXT_FIELDS.map(({ field, label, width }) => (
        <label key={field} className="field">
          <span>{t(label)}</span>
          <input
            id={`${id}-${field}`}
            type="text"
            value={packet[field]}
            placeholder={t('bench.auto')}
            spellCheck={false}
            autoComplete="off"
            style={{ width }}
            onChange={(e) => setPacketField(field, e.target.value)}
          />
        </label>
      ))}
    </div>
  );
}
