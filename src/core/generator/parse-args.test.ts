import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../shared/diagnostics.ts';
import type { IstioConfig } from './config.ts';
import { DEFAULT_CONFIG } from './flags.ts';
import { parseIstioArgs, parseIstioArgv } from './parse-args.ts';

const slice = (text: string, d: { range: { start: number; end: number } }): string =>
  text.slice(d.range.start, d.range.end);
const codes = (ds: readonly Diagnostic[]): string[] => ds.map((d) => d.code);

const SEED_001_LINE = `istio-iptables -p "15001" -z "15006" -u "1337" -m REDIRECT -i '*' -x "" -b '*' -d 15090,15021,15020`;

describe('parseIstioArgs: command lines', () => {
  it('reads the seed 001 command line', () => {
    const { value, diagnostics } = parseIstioArgs(SEED_001_LINE);
    expect(diagnostics).toEqual([]);
    expect(value.source).toBe('command-line');
    expect(value.config).toMatchObject({
      envoyPort: '15001',
      inboundCapturePort: '15006',
      proxyUid: '1337',
      proxyGid: '1337',
      istioInboundInterceptionMode: 'REDIRECT',
      istioServiceCidr: '*',
      istioServiceExcludeCidr: '',
      istioInboundPorts: '*',
      istioLocalExcludePorts: '15090,15021,15020',
    });
    expect(value.flags.map((f) => f.written)).toEqual([
      '-p',
      '-z',
      '-u',
      '-m',
      '-i',
      '-x',
      '-b',
      '-d',
    ]);
    const x = value.flags[5];
    expect(x && slice(SEED_001_LINE, { range: x.range })).toBe('-x');
    expect(x?.valueRange && SEED_001_LINE.slice(x.valueRange.start, x.valueRange.end)).toBe('""');
    expect(value.argsRange).toMatchObject({ start: 0, end: SEED_001_LINE.length });
  });

  it('accepts pilot-agent, paths, prompts, continuations and several lines', () => {
    const text = [
      '# the injected init container, as a command:',
      '$ /usr/local/bin/pilot-agent istio-iptables -p 15001 \\',
      '    -z 15006 -u 1337 \\',
      "    -b '*'   # capture everything",
      '-d 15090,15021,15020',
    ].join('\n');
    const { value, diagnostics } = parseIstioArgs(text);
    expect(diagnostics).toEqual([]);
    expect(value.config).toMatchObject({
      envoyPort: '15001',
      inboundCapturePort: '15006',
      istioInboundPorts: '*',
      istioLocalExcludePorts: '15090,15021,15020',
    });
    expect(parseIstioArgs('# istio-iptables -p 15009').value.config.envoyPort).toBe('15009');
    expect(parseIstioArgs('/usr/local/bin/istio-iptables.sh -p 15009').diagnostics).toEqual([]);
  });

  it('gives the defaults for empty input and comment-only input', () => {
    for (const text of ['', '   \n\t', '# nothing here\n']) {
      const r = parseIstioArgs(text);
      expect(r.value).toEqual({ config: DEFAULT_CONFIG, source: 'empty', flags: [] });
      expect(r.diagnostics).toEqual([]);
    }
  });
});

describe('parseIstioArgv', () => {
  it('locates diagnostics in argv.join(" ") and names the flag as subject', () => {
    const argv = ['istio-iptables', '-p', '15001', '-b', '80,abc'];
    const { value, diagnostics } = parseIstioArgv(argv);
    expect(value.config.istioInboundPorts).toBe('80,abc');
    expect(diagnostics).toHaveLength(1);
    const d = diagnostics[0];
    expect(d).toMatchObject({
      code: 'bad-port',
      severity: 'error',
      subject: 'istio-inbound-ports',
    });
    expect(d && slice(argv.join(' '), d)).toBe('abc');
  });

  it('drops a leading pilot-agent istio-iptables and accepts an empty argv', () => {
    expect(
      parseIstioArgv(['pilot-agent', 'istio-iptables', '-z', '1']).value.config.inboundCapturePort,
    ).toBe('1');
    expect(parseIstioArgv([])).toEqual({
      value: { config: DEFAULT_CONFIG, source: 'empty', flags: [] },
      diagnostics: [],
    });
  });

  it('keeps empty values and values with spaces as single arguments', () => {
    const { value, diagnostics } = parseIstioArgv(['-x', '', '-c', 'eth 1', '-i', '*']);
    expect(diagnostics).toEqual([]);
    expect(value.config).toMatchObject({
      istioServiceExcludeCidr: '',
      istioExcludeInterfaces: 'eth 1',
      istioServiceCidr: '*',
    });
  });
});

describe('input guards', () => {
  it('refuses binary input at its first control byte', () => {
    for (const [text, offset] of [
      ['-p 15001\n-b \u0000\u0001', 12],
      ['ok \ufffd\ufffd', 3],
      ['\x7fELF', 0],
    ] as const) {
      const r = parseIstioArgs(text);
      expect(r.diagnostics).toHaveLength(1);
      expect(r.diagnostics[0]).toMatchObject({
        code: 'binary-input',
        severity: 'error',
        range: { start: offset, end: offset + 1 },
      });
      expect(r.value).toEqual({ config: DEFAULT_CONFIG, source: 'empty', flags: [] });
    }
    expect(parseIstioArgs('tab\tand\r\nCRLF\fok').diagnostics.map((d) => d.code)).not.toContain(
      'binary-input',
    );
    const argv = parseIstioArgv(['-p', 'a\u0000b']);
    expect(argv.diagnostics[0]).toMatchObject({
      code: 'binary-input',
      range: { start: 4, end: 5 },
    });
  });

  it('refuses input over 1 MB without reading it', () => {
    const big = parseIstioArgs('-p 1 '.repeat(300_000));
    expect(big.diagnostics).toEqual([
      expect.objectContaining({
        code: 'input-too-large',
        severity: 'error',
        message: 'input is 1.4 MB; the limit is 1 MB, so nothing was parsed',
      }),
    ]);
    expect(big.value.flags).toEqual([]);
    expect(
      parseIstioArgv(Array(2000).fill('x'.repeat(1000))).diagnostics.map((d) => d.code),
    ).toEqual(['input-too-large']);
  });

  it('cuts a flood of problems at 500 diagnostics', () => {
    const r = parseIstioArgs('junk '.repeat(2000));
    expect(r.diagnostics).toHaveLength(500);
    expect(r.diagnostics[499]).toMatchObject({ code: 'input-too-large', severity: 'warning' });
    expect(r.diagnostics[499]?.message).toMatch(/^\d+ more problems not shown$/);
  });
});

describe('environment', () => {
  it('uses env defaults, lets flags win, and gives -p no env binding', () => {
    const env = {
      INBOUND_CAPTURE_PORT: '16006',
      ENVOY_PORT: '16001',
      ISTIO_INBOUND_PORTS: '80',
      PROXY_UID: '7',
    };
    const { value } = parseIstioArgv(['-b', '443'], { env });
    expect(value.config).toMatchObject({
      inboundCapturePort: '16006',
      envoyPort: '15001',
      istioInboundPorts: '443',
      proxyUid: '7',
      proxyGid: '7',
    });
  });

  it('applies the legacy extra env names after the derived ones', () => {
    const cfg = (env: Record<string, string>): IstioConfig =>
      parseIstioArgv([], { env }).value.config;
    expect(cfg({ ISTIO_META_DNS_CAPTURE: 'true' }).redirectDns).toBe(true);
    expect(cfg({ REDIRECT_DNS: 'true', ISTIO_META_DNS_CAPTURE: 'false' }).redirectDns).toBe(false);
    expect(cfg({ INVALID_DROP: '1' }).dropInvalid).toBe(true);
    expect(cfg({ ISTIO_DUAL_STACK: 'T' }).dualStack).toBe(true);
    expect(
      parseIstioArgv(['--redirect-dns=false'], { env: { ISTIO_META_DNS_CAPTURE: 'true' } }).value
        .config.redirectDns,
    ).toBe(false);
  });

  it('reads the env-only options and ignores unknown variables', () => {
    const env = {
      ISTIO_OUTBOUND_OWNER_GROUPS: 'java,202',
      ISTIO_OUTBOUND_OWNER_GROUPS_EXCLUDE: '888',
      ISTIO_OUTBOUND_IPV4_LOOPBACK_CIDR: '127.0.0.1/8',
      SOMETHING_ELSE: 'x',
      PATH: '/bin',
    };
    const r = parseIstioArgv([], { env });
    expect(r.diagnostics).toEqual([]);
    expect(r.value.config).toMatchObject({
      ownerGroupsInclude: 'java,202',
      ownerGroupsExclude: '888',
      hostIPv4LoopbackCidr: '127.0.0.1/8',
    });
  });

  it('ignores env values pflag cannot parse, with a warning', () => {
    const r = parseIstioArgv([], {
      env: { REDIRECT_DNS: 'yes', PROBE_TIMEOUT: '5', INBOUND_CAPTURE_PORT: 'abc' },
    });
    expect(r.value.config.redirectDns).toBe(false);
    expect(r.value.config.probeTimeout).toBe('5s');
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.subject])).toEqual([
      ['unexpected-value', 'warning', 'probe-timeout'],
      ['unexpected-value', 'warning', 'redirect-dns'],
      ['bad-port', 'error', 'inbound-capture-port'],
    ]);
    expect(r.diagnostics[0]?.message).toBe(
      'environment PROBE_TIMEOUT="5" is ignored by istio-iptables: invalid argument "5" for "--probe-timeout" flag: time: missing unit in duration "5"',
    );
    const port = r.diagnostics.find((d) => d.code === 'bad-port');
    expect(port?.message).toContain('from environment INBOUND_CAPTURE_PORT');
    expect(port?.range).toMatchObject({ start: 0, end: 0 });
  });

  it('splits DNS servers by family only when Istio would read them', () => {
    const dnsServers = ['10.96.0.10', 'fd00::a', '::127.0.0.53', 'bogus'];
    const on = parseIstioArgv(['--redirect-dns'], { dnsServers, enableIPv6: true });
    expect(on.value.config).toMatchObject({
      dnsServersV4: ['10.96.0.10'],
      dnsServersV6: ['fd00::a', '::127.0.0.53'],
      enableIPv6: true,
    });
    expect(codes(on.diagnostics)).toEqual(['bad-address']);
    expect(parseIstioArgv([], { dnsServers }).value.config.dnsServersV4).toEqual([]);
    expect(
      parseIstioArgv(['--redirect-dns', '--capture-all-dns'], { dnsServers }).value.config
        .dnsServersV4,
    ).toEqual([]);
  });
});

describe('parseIstioArgs annotations', () => {
  const TEXT = "-p 15001 -u 1337 -m REDIRECT -i '*' -x 10.0.0.0/8 -b '*'";
  const EXCLUDE = 'traffic.sidecar.istio.io/excludeOutboundIPRanges';

  it('applies an annotation after the written flags: its value wins, the flags stay as written', () => {
    const parsed = parseIstioArgs(TEXT, {
      annotations: [
        { annotation: EXCLUDE, flag: 'istio-service-exclude-cidr', value: '10.254.0.0/16' },
      ],
    });
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.value.config.istioServiceExcludeCidr).toBe('10.254.0.0/16');
    expect(parsed.value.flags.find((f) => f.flag === 'istio-service-exclude-cidr')?.value).toBe(
      '10.0.0.0/8',
    );
  });

  it('names the annotation in problems with its value (validation and pflag parsing)', () => {
    const parsed = parseIstioArgs(TEXT, {
      annotations: [
        { annotation: EXCLUDE, flag: 'istio-service-exclude-cidr', value: '10.254.0.0/99' },
        { annotation: 'example.io/timeout', flag: 'probe-timeout', value: 'soon' },
      ],
    });
    const cidr = parsed.diagnostics.find((d) => d.subject === 'istio-service-exclude-cidr');
    expect(cidr?.message).toContain(`(from annotation ${EXCLUDE})`);
    expect(cidr?.range).toMatchObject({ start: 0, end: 0 });
    const timeout = parsed.diagnostics.find((d) => d.subject === 'probe-timeout');
    expect(timeout?.severity).toBe('error');
    expect(timeout?.message).toContain('(from annotation example.io/timeout)');
    // pflag could not parse it: the flag keeps its value.
    expect(parsed.value.config.probeTimeout).toBe(DEFAULT_CONFIG.probeTimeout);
  });
});
