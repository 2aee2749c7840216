import { describe, expect, it } from 'vitest';
import { DEFAULT_DATAPLANE } from '../dataplane/dataplane-spec.ts';
import type { DataplaneSpec } from '../dataplane/dataplane-spec.ts';
import type { DeriveInput } from '../store/derived.ts';
import { DEFAULT_PACKET } from '../store/store.ts';
import { createDeriver } from './derive.ts';

const SIDECAR_ARGS =
  "-p 15001 -z 15006 -u 1337 -m REDIRECT -i '*' -x \"\" -b '*' -d 15090,15021,15020";

function input(dataplane: Partial<DataplaneSpec>, ipv6 = false): DeriveInput {
  return {
    input: { text: SIDECAR_ARGS },
    version: 'latest',
    ipv6,
    dnsServers: '',
    packet: DEFAULT_PACKET,
    dataplane: { ...DEFAULT_DATAPLANE, ...dataplane },
  };
}

const save = (d: ReturnType<ReturnType<typeof createDeriver>>): string =>
  d.views?.families.map((f) => f.save).join('\n') ?? '';

describe('the data-plane stage', () => {
  it('ambient: the in-pod rules (ztunnel ports, 0x111 connmark) and the policy route', () => {
    const d = createDeriver()(input({ plane: 'ambient' }));
    const text = save(d);
    expect(text).toContain('-j REDIRECT --to-ports 15001');
    expect(text).toContain(
      '! --dport 15008 -m mark ! --mark 0x539/0xfff -j REDIRECT --to-ports 15006',
    );
    expect(text).toContain('-j CONNMARK --set-xmark 0x111/0xfff');
    expect(text).not.toContain('ISTIO_INBOUND');
    expect(d.pod?.setup.join('\n')).toContain('fwmark 0x111/0xfff');
    expect(d.views?.dryRun).toBeDefined();
    // The workbench follows: the app's call goes to ztunnel's outbound port.
    expect(d.trace?.result?.final).toBe('REDIRECT:15001');
    expect(d.graph?.nodes.some((n) => n.id === 'nat/ISTIO_PRERT')).toBe(true);
  });

  it('ambient, on demand: the node’s host-probe SNAT; with IPv6 both families', () => {
    const d = createDeriver()(input({ plane: 'ambient', node: true }, true));
    expect(d.views?.families.map((f) => f.family)).toEqual([4, 6]);
    expect(save(d)).toContain('-j SNAT --to-source 169.254.7.127');
    expect(d.pod?.node).toBe(true);
  });

  it('ambient settings change the rules: DNS capture adds the 15053 redirect', () => {
    const d = createDeriver()(input({ plane: 'ambient', ambient: 'AMBIENT_DNS_CAPTURE: "true"' }));
    expect(save(d)).toContain('--to-ports 15053');
  });

  it('cni: the plugin’s sidecar rules and the argv it runs', () => {
    const d = createDeriver()(
      input({ plane: 'cni', cni: 'sidecar.istio.io/interceptionMode: TPROXY\n' }),
    );
    expect(save(d)).toContain('-j TPROXY');
    // The plugin's inbound exclusions come out in its own order (docs/ambient.md).
    expect(save(d)).toContain('--dport 15020 -j RETURN');
    expect(d.pod?.argv).toContain('--cni-mode');
    // …and how that differs from istio-init, as facts the rules pane lists.
    expect(d.pod?.facts?.map((f) => f.kind)).toEqual([
      'inbound-exclude-order',
      'outbound-exclude-default',
    ]);
    expect(d.pod?.facts?.[0]).toMatchObject({ istioInit: '15090,15021,15020' });
  });

  it('a bad value is a located error; the last good rules of that plane stay on screen', () => {
    const derive = createDeriver();
    const good = derive(input({ plane: 'ambient' }));
    derive(input({ plane: 'sidecar' }));
    const text = 'AMBIENT_DNS_CAPTURE: yes-please\n';
    const bad = derive(input({ plane: 'ambient', ambient: text }));
    expect(bad.stale).toBe(true);
    expect(bad.views).toBe(good.views);
    const shown = bad.diagnostics[0];
    expect(shown?.located).toBe(true);
    expect(text.slice(shown?.diagnostic.range.start, shown?.diagnostic.range.end)).toBe(
      'yes-please',
    );
  });

  it('cni: a bad annotation value is refused where it was typed', () => {
    const text = 'traffic.sidecar.istio.io/excludeInboundPorts: "80,abc"\n';
    const d = createDeriver()(input({ plane: 'cni', cni: text }));
    expect(d.views).toBeUndefined();
    const e = d.diagnostics.find((x) => x.diagnostic.code === 'bad-annotation')?.diagnostic;
    expect(text.slice(e?.range.start, e?.range.end)).toBe('abc');
  });

  it('sidecar again: the istio-init rules; the ambient path has ztunnel hops, the CNI one sidecars', () => {
    const derive = createDeriver();
    expect(save(derive(input({ plane: 'sidecar' })))).toContain('-A ISTIO_INBOUND');
    const ambient = derive({ ...input({ plane: 'ambient' }), mainView: 'path' });
    expect(ambient.path?.path?.dataplane).toBe('ambient');
    expect(ambient.path?.timeline.some((e) => e.step.kind === 'ztunnel')).toBe(true);
    const cni = derive({ ...input({ plane: 'cni' }), mainView: 'path' });
    expect(cni.path?.stale).toBe(false);
    expect(cni.path?.path?.dataplane).toBeUndefined();
    expect(cni.path?.path?.pods.find((p) => p.name === 'reviews-v2')?.commandLine).toContain(
      '--cni-mode',
    );
  });
});
