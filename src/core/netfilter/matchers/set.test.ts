import { describe, expect, it } from 'vitest';
import { parseIptables } from '../../iptables/parse.ts';
import { normalizePacket } from '../packet.ts';
import { createPod } from '../pod.ts';
import { simulatePacket } from '../simulate.ts';

const RULES = `* nat
-N ISTIO_POSTRT
-I POSTROUTING 1 -j ISTIO_POSTRT
-A ISTIO_POSTRT -m owner --socket-exists -p tcp -m set --match-set probes dst -j SNAT --to-source 169.254.7.127
-A ISTIO_POSTRT -p tcp -m set --match-set pair dst,dst -j ACCEPT
COMMIT
`;

function trace(dst: string, ipsets: Record<string, string[]>) {
  const pod = createPod({ ipsets }).value;
  const packet = normalizePacket({ direction: 'outbound', dst, dport: 8080, uid: 0 }, pod).value;
  if (!packet) throw new Error('bad packet');
  return simulatePacket({ v4: parseIptables(RULES, { family: 4 }).value }, packet, pod);
}

describe('-m set', () => {
  it('matches members of the pod context’s ipset (address or prefix)', () => {
    expect(trace('10.44.0.9', { probes: ['10.44.0.9'] }).final).toBe('SNAT:169.254.7.127');
    expect(trace('10.44.0.9', { probes: ['10.44.0.0/24'] }).final).toBe('SNAT:169.254.7.127');
    expect(trace('10.44.0.7', { probes: ['10.44.0.9'] }).final).not.toContain('SNAT');
  });

  it('matches nothing for a set the context lacks, and reports two-dimension sets', () => {
    const result = trace('10.44.0.9', {});
    expect(result.final).not.toContain('SNAT');
    expect(result.diagnostics.map((d) => d.code)).toContain('cannot-evaluate');
  });

  it('reports an unparsable member when the pod is built', () => {
    expect(createPod({ ipsets: { s: ['nope'] } }).diagnostics.map((d) => d.code)).toEqual([
      'bad-packet',
    ]);
  });
});
