import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../shared/diagnostics.ts';
import { parseIstioArgs, parseIstioArgv } from '../parse-args.ts';

/** The text a diagnostic (or occurrence) range covers. */
const at = (text: string, d: { range: { start: number; end: number } }): string =>
  text.slice(d.range.start, d.range.end);
const only = (ds: readonly Diagnostic[]): Diagnostic => {
  expect(ds).toHaveLength(1);
  return ds[0] as Diagnostic;
};

describe('pflag syntax', () => {
  it('accepts every way of writing a value', () => {
    for (const argv of [
      ['-p', '1'],
      ['-p=1'],
      ['-p1'],
      ['--envoy-port', '1'],
      ['--envoy-port=1'],
    ]) {
      const r = parseIstioArgv(argv);
      expect(r.diagnostics, argv.join(' ')).toEqual([]);
      expect(r.value.config.envoyPort).toBe('1');
      expect(r.value.flags).toHaveLength(1);
      expect(r.value.flags[0]).toMatchObject({ flag: 'envoy-port', value: '1' });
    }
  });

  it('records written form, ranges and value ranges', () => {
    const text = `-p=15001 --envoy-port 2 -np3 --redirect-dns=false`;
    const { value } = parseIstioArgs(text);
    expect(
      value.flags.map((f) => [
        f.written,
        at(text, f),
        f.valueRange ? text.slice(f.valueRange.start, f.valueRange.end) : null,
        f.value,
      ]),
    ).toEqual([
      ['-p', '-p', '15001', '15001'],
      ['--envoy-port', '--envoy-port', '2', '2'],
      ['-n', '-n', null, true],
      ['-p', 'p', '3', '3'],
      ['--redirect-dns', '--redirect-dns', 'false', false],
    ]);
    expect(value.config).toMatchObject({ envoyPort: '3', dryRun: true, redirectDns: false });
  });

  it('reads booleans like strconv.ParseBool', () => {
    for (const [arg, expected] of [
      ['--redirect-dns', true],
      ['--redirect-dns=1', true],
      ['--redirect-dns=T', true],
      ['--redirect-dns=False', false],
      ['-n=0', false],
    ] as const) {
      const r = parseIstioArgv([arg]);
      expect(r.diagnostics).toEqual([]);
      expect(r.value.flags[0]?.value).toBe(expected);
    }
    const bad = parseIstioArgv(['--redirect-dns=yes']);
    expect(only(bad.diagnostics)).toMatchObject({
      code: 'unexpected-value',
      severity: 'error',
      subject: 'redirect-dns',
      message:
        'invalid argument "yes" for "--redirect-dns" flag: strconv.ParseBool: parsing "yes": invalid syntax',
    });
    expect(bad.value.config.redirectDns).toBe(false);
  });

  it('ends flags at -- and treats later words as positional', () => {
    const text = '-p 1 -- -z 2';
    const r = parseIstioArgs(text);
    expect(r.value.config.inboundCapturePort).toBe('15006');
    expect(r.diagnostics.map((d) => [d.code, at(text, d)])).toEqual([
      ['unexpected-argument', '-z'],
      ['unexpected-argument', '2'],
    ]);
  });

  it('explains a value written after a boolean flag', () => {
    const text = '--redirect-dns true';
    const d = only(parseIstioArgs(text).diagnostics);
    expect(d).toMatchObject({ code: 'unexpected-argument', severity: 'warning' });
    expect(d.message).toContain('write --redirect-dns=true');
    expect(at(text, d)).toBe('true');
  });

  it('reports unknown flags with a suggestion, without also flagging their value', () => {
    const text = `-p 15001 --istio-inbound-port 80 --ISTIO_SERVICE_CIDR='*' -y 3`;
    const ds = parseIstioArgs(text).diagnostics;
    expect(ds.map((d) => [d.code, at(text, d), d.message])).toEqual([
      [
        'unknown-flag',
        '--istio-inbound-port',
        'unknown flag: --istio-inbound-port; did you mean --istio-inbound-ports?',
      ],
      [
        'unknown-flag',
        '--ISTIO_SERVICE_CIDR',
        'unknown flag: --ISTIO_SERVICE_CIDR; did you mean --istio-service-cidr?',
      ],
      ['unknown-flag', '-y', "unknown shorthand flag: 'y' in -y"],
    ]);
  });

  it('reads a long name written with one dash as meant, with an error', () => {
    const text = '-envoy-port 15002';
    const r = parseIstioArgs(text);
    const d = only(r.diagnostics);
    expect(d).toMatchObject({ code: 'unknown-flag', severity: 'error' });
    expect(d.message).toContain('did you mean --envoy-port?');
    expect(r.value.config.envoyPort).toBe('15002');
  });

  it('reports a missing value at the flag', () => {
    for (const [text, written] of [
      ['-p 1 -d', '-d'],
      ['--istio-local-exclude-ports', '--istio-local-exclude-ports'],
      ['-nd', 'd'],
    ] as const) {
      const d = only(parseIstioArgs(text).diagnostics);
      expect(d).toMatchObject({
        code: 'missing-value',
        severity: 'error',
        subject: 'istio-local-exclude-ports',
      });
      expect(at(text, d)).toBe(written);
      expect(d.message).toContain('-d ""');
    }
  });

  it('catches the swallowed empty value (shell and YAML)', () => {
    const shell = `-i '*' -x -b '*'`;
    const r = parseIstioArgs(shell);
    expect(r.diagnostics.map((d) => [d.code, d.severity, at(shell, d)])).toEqual([
      ['empty-value-swallowed', 'error', '-x'],
      ['unexpected-argument', 'warning', `'*'`],
    ]);
    expect(r.diagnostics[0]?.message).toContain('-x ""');
    const yaml = `args:\n- -x\n- -b\n- '*'\n`;
    const y = parseIstioArgs(yaml);
    expect(y.diagnostics[0]).toMatchObject({
      code: 'empty-value-swallowed',
      subject: 'istio-service-exclude-cidr',
    });
    expect(y.diagnostics[0] && at(yaml, y.diagnostics[0])).toBe('-x');
    expect(parseIstioArgv(['-p', '-1']).diagnostics.map((d) => d.code)).toEqual(['bad-port']);
  });

  it('notes ignored flags: older releases, pilot-agent logging, help', () => {
    const text =
      '-f --iptables-version 1.8 --log_output_level=default:info --log_as_json -h --force-legacy-iptables';
    const ds = parseIstioArgs(text).diagnostics;
    expect(ds.map((d) => [d.code, d.severity, at(text, d)])).toEqual([
      ['ignored-flag', 'warning', '-f'],
      ['ignored-flag', 'warning', '--iptables-version'],
      ['ignored-flag', 'info', '--log_output_level'],
      ['ignored-flag', 'info', '--log_as_json'],
      ['ignored-flag', 'warning', '-h'],
      ['ignored-flag', 'info', '--force-legacy-iptables'],
    ]);
    expect(parseIstioArgv(['--vklog=x']).diagnostics.map((d) => d.code)).toContain(
      'unexpected-value',
    );
  });

  it('accepts the removed trace flag for older profiles', () => {
    const r = parseIstioArgv(['--iptables-trace-logging']);
    expect(r.diagnostics).toEqual([]);
    expect(r.value.config.iptablesTraceLogging).toBe(true);
  });

  it('lets the last of repeated flags win', () => {
    expect(parseIstioArgv(['-b', '80', '-b', '443']).value.config.istioInboundPorts).toBe('443');
  });
});
