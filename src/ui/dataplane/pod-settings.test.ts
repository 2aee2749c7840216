import { describe, expect, it } from 'vitest';
import { parseAmbientSettings, parseCniSettings, readSettings } from './pod-settings.ts';
import { joinArgv } from './argv-text.ts';
import { parseIstioArgs } from '@core';

describe('readSettings', () => {
  it('reads a flat key: value map with the value’s place (inside quotes)', () => {
    const text = '# node\nAMBIENT_DNS_CAPTURE: "true"\n';
    const { value, diagnostics } = readSettings(text);
    expect(diagnostics).toEqual([]);
    expect(value).toHaveLength(1);
    const entry = value[0];
    expect(entry?.key).toBe('AMBIENT_DNS_CAPTURE');
    expect(text.slice(entry?.valueRange.start, entry?.valueRange.end)).toBe('true');
    expect(entry?.valueRange.line).toBe(2);
  });

  it('locates YAML errors and non-scalar values', () => {
    expect(readSettings('a: [1,\n').diagnostics[0]?.code).toBe('yaml-syntax');
    const nested = readSettings('annotations:\n  x: y\n');
    expect(nested.diagnostics[0]?.message).toContain('expected a single value');
    expect(nested.diagnostics[0]?.range.line).toBe(2);
    expect(readSettings('- a\n').diagnostics[0]?.code).toBe('yaml-syntax');
    expect(readSettings('').value).toEqual([]);
  });
});

describe('parseAmbientSettings', () => {
  it('maps node env and pod annotations onto the node agent’s config', () => {
    const text = [
      'AMBIENT_DNS_CAPTURE: "true"',
      'ambient.istio.io/dns-capture: "false"',
      'ambient.istio.io/bypass-inbound-capture: "true"',
      'istio.io/reroute-virtual-interfaces: tap0, tap1',
      'HOST_PROBE_SNAT_IP: 169.254.7.1',
    ].join('\n');
    const { value, diagnostics } = parseAmbientSettings(text, true);
    expect(diagnostics).toEqual([]);
    expect(value).toMatchObject({
      enableIPv6: true,
      redirectDns: true,
      podDns: 'off',
      ingressMode: true,
      virtualInterfaces: ['tap0', 'tap1'],
      probeSnatV4: '169.254.7.1',
    });
  });

  it('refuses bad values where they were typed and warns on keys it does not read', () => {
    const text = 'AMBIENT_DNS_CAPTURE: maybe\nHOST_PROBE_SNAT_IP: fd00::1\nfoo.istio.io/x: y\n';
    const ds = parseAmbientSettings(text, false).diagnostics;
    expect(ds.map((d) => [d.code, d.severity])).toEqual([
      ['bad-annotation', 'error'],
      ['bad-address', 'error'],
      ['ignored-annotation', 'warning'],
    ]);
    expect(text.slice(ds[0]?.range.start, ds[0]?.range.end)).toBe('maybe');
    expect(text.slice(ds[2]?.range.start, ds[2]?.range.end)).toBe('foo.istio.io/x');
  });
});

describe('parseCniSettings', () => {
  it('sorts keys into annotations, istio-proxy env and securityContext ids', () => {
    const text =
      'sidecar.istio.io/interceptionMode: TPROXY\nISTIO_META_DNS_CAPTURE: "true"\nrunAsUser: 1000\nFOO: x\n';
    const { value, diagnostics } = parseCniSettings(text);
    expect(value.annotations.map((a) => a.key)).toEqual(['sidecar.istio.io/interceptionMode']);
    expect(value.proxyEnv.map((e) => e.value)).toEqual(['true']);
    expect(value.runAsUser?.value).toBe('1000');
    expect(diagnostics.map((d) => d.code)).toEqual(['unknown-env']);
  });
});

describe('joinArgv', () => {
  it('quotes what the shell would split or expand, so the args parse back to the same argv', () => {
    const argv = ['-i', '*', '-x', '', '-b', "it's", '-d', '15020,15021'];
    expect(joinArgv(argv)).toBe("-i '*' -x '' -b 'it'\\''s' -d 15020,15021");
    const flags = parseIstioArgs(joinArgv(['-p', '15001', '-x', '', '-i', '*'])).value.flags;
    expect(flags.map((f) => [f.written, f.value])).toEqual([
      ['-p', '15001'],
      ['-x', ''],
      ['-i', '*'],
    ]);
  });
});
