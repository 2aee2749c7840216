import { describe, expect, it } from 'vitest';
import { ISTIO_VERSIONS, PROFILES } from '@core';
import { createDeriver } from '../state/derive.ts';
import { DEFAULT_DATAPLANE } from '../dataplane/dataplane-spec.ts';
import { listPresets } from './presets.ts';

describe('listPresets', () => {
  const presets = listPresets();

  it('offers every profile’s own default args, then features, then real pods', () => {
    for (const v of ISTIO_VERSIONS) {
      expect(presets.find((p) => p.id === `profile-${v}`)?.input).toEqual({
        text: PROFILES[v].defaultArgs,
        version: v,
      });
    }
    const groups = ['profiles', 'features', 'pods', 'ambient', 'cni'];
    const order = presets.map((p) => groups.indexOf(p.group));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(new Set(presets.map((p) => p.id)).size).toBe(presets.length);
  });

  it.each(listPresets().map((p) => [p.id, p] as const))(
    '%s generates rules with no error',
    (_id, preset) => {
      const plane = preset.input.dataplane;
      const d = createDeriver()({
        input: { text: preset.input.text },
        version: preset.input.version,
        ipv6: preset.input.ipv6 ?? false,
        dnsServers: preset.input.dnsServers ?? '',
        ...(plane === undefined
          ? {}
          : { dataplane: { ...DEFAULT_DATAPLANE, plane, [plane]: preset.input.text } }),
      });
      expect(
        d.diagnostics
          .filter((x) => x.diagnostic.severity !== 'info')
          .map((x) => x.diagnostic.message),
      ).toEqual([]);
      expect(d.views?.families[0]?.save).toContain(
        plane === 'ambient' ? '-A ISTIO_OUTPUT' : '-A ISTIO_INBOUND',
      );
    },
  );

  it('each feature preset shows its feature in the rules', () => {
    const save = (id: string): string => {
      const p = presets.find((x) => x.id === id);
      if (!p) throw new Error(id);
      const d = createDeriver()({
        input: { text: p.input.text },
        version: p.input.version,
        ipv6: false,
        dnsServers: p.input.dnsServers ?? '',
      });
      return d.views?.families[0]?.save ?? '';
    };
    expect(save('tproxy')).toContain('-j TPROXY');
    expect(save('dns')).toContain('--dport 53');
    expect(save('exclusions')).toContain('-d 169.254.169.254/32 -j RETURN');
    expect(save('bookinfo-productpage-1.0')).toContain('--dport 9080 -j ISTIO_IN_REDIRECT');
    expect(save('injected-pod-1.25')).toContain('--dport 15090 -j RETURN');
  });
});
