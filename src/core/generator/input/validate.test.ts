import { describe, expect, it } from 'vitest';
import { parseIstioArgs, parseIstioArgv } from '../parse-args.ts';

const at = (text: string, d: { range: { start: number; end: number } }): string =>
  text.slice(d.range.start, d.range.end);

/** [code, severity, covered text] of every diagnostic for a command line. */
const problems = (text: string): [string, string, string][] =>
  parseIstioArgs(text).diagnostics.map((d) => [d.code, d.severity, at(text, d)]);

describe('value validation', () => {
  it('checks ports of -p/-z/-e and the port lists, locating the bad item', () => {
    expect(
      problems(`-p 99999 -z abc -e "" -b 80,abc,,443 -d '8080, 9090' -q 1:100 -o '*'`),
    ).toEqual([
      ['bad-port', 'error', '99999'],
      ['bad-port', 'error', 'abc'],
      ['bad-port', 'error', '""'],
      ['bad-port', 'error', 'abc'],
      ['bad-port', 'warning', ' 9090'],
      ['bad-port', 'error', '*'],
    ]);
    const d = parseIstioArgs('-p 99999').diagnostics[0];
    expect(d?.message).toBe(
      '--envoy-port: invalid port "99999": must be an integer 0..65535; Istio passes it through unchecked, so the run would fail later inside iptables-restore',
    );
    expect(problems(`-b '*' -p 0 -z 65535`)).toEqual([]);
  });

  it('checks CIDRs with Go netip semantics; * only alone in -i', () => {
    // Warnings here: whether a bad item is fatal depends on the profile (1.27+), which the
    // generator decides and mergeDiagnostics applies (profiles/releases.test.ts).
    expect(problems(`-i 10.0.0.1,10.0.0.0/8,*,fd00::/129 -x 1.2.3.4/32,300.1.1.1/8`)).toEqual([
      ['bad-cidr', 'warning', '10.0.0.1'],
      ['bad-cidr', 'warning', '*'],
      ['bad-cidr', 'warning', 'fd00::/129'],
      ['bad-cidr', 'warning', '300.1.1.1/8'],
    ]);
    expect(parseIstioArgs('-i 10.0.0.1').diagnostics[0]?.message).toBe(
      `--istio-service-cidr: netip.ParsePrefix("10.0.0.1"): no '/'`,
    );
    expect(problems(`-i '*' -x 2001:db8::/32`)).toEqual([]);
  });

  it('rejects -x "*" with Istio’s message', () => {
    const text = `-i '*' -x '*'`;
    const d = parseIstioArgs(text).diagnostics;
    expect(d.map((x) => [x.code, at(text, x)])).toEqual([['exclude-wildcard', `'*'`]]);
    expect(d[0]?.message).toMatch(/^invalid value for OUTBOUND_IP_RANGES_EXCLUDE/);
  });

  it('warns about interception modes other than REDIRECT/TPROXY', () => {
    expect(problems('-m TPROXY')).toEqual([]);
    expect(problems('-m REDIRECT')).toEqual([]);
    const text = '-m tproxy';
    const d = parseIstioArgs(text).diagnostics[0];
    expect(d).toMatchObject({
      code: 'bad-mode',
      severity: 'warning',
      subject: 'istio-inbound-interception-mode',
    });
    expect(d?.message).toContain('lower-case "tproxy" behaves as REDIRECT');
    expect(problems('-m nonsense')).toEqual([['bad-mode', 'warning', 'nonsense']]);
  });

  it('checks uids and gids', () => {
    expect(problems('-u 1337,istio-proxy -g 0')).toEqual([]);
    expect(problems('-u 1337,a;b -g 99999999999')).toEqual([
      ['bad-uid', 'error', 'a;b'],
      ['bad-uid', 'error', '99999999999'],
    ]);
    expect(problems('-u ,')).toEqual([['bad-uid', 'warning', ',']]);
  });

  it('checks the TPROXY mark and route table only in TPROXY mode', () => {
    expect(problems('-t abc -r x')).toEqual([]);
    expect(problems('-m TPROXY -t abc -r 0x85')).toEqual([['bad-number', 'error', 'abc']]);
  });

  it('checks pflag-typed values as pflag does', () => {
    const text = '--iptables-probe-port 70000 --probe-timeout 5 --iptables-probe-port=0x10';
    const ds = parseIstioArgs(text).diagnostics;
    expect(ds.map((d) => [d.code, at(text, d)])).toEqual([
      ['bad-port', '70000'],
      ['unexpected-value', '5'],
    ]);
    expect(ds[0]?.message).toBe(
      'invalid argument "70000" for "--iptables-probe-port" flag: strconv.ParseUint: parsing "70000": value out of range',
    );
    expect(parseIstioArgs(text).value.config.iptablesProbePort).toBe('0x10');
  });

  it('checks the forced iptables binary and the nftables conflict', () => {
    expect(problems('--force-iptables-binary nft')).toEqual([]);
    expect(problems('--force-iptables-binary legacy')).toEqual([]);
    const d = parseIstioArgv(['--force-iptables-binary=iptables-nft']).diagnostics[0];
    expect(d).toMatchObject({
      code: 'unsupported-iptables-binary',
      message: 'invalid FORCE_IPTABLES_BINARY value "iptables-nft"',
    });
    expect(problems('--native-nftables --force-legacy-iptables').map((p) => p[0])).toEqual([
      'ignored-flag',
      'conflicting-flags',
    ]);
  });
});

describe('env-only options', () => {
  const envProblem = (env: Record<string, string>): [string, string][] =>
    parseIstioArgv([], { env }).diagnostics.map((d) => [d.code, d.message]);

  it('validates the IPv4 loopback CIDR with Istio’s three messages', () => {
    expect(envProblem({ ISTIO_OUTBOUND_IPV4_LOOPBACK_CIDR: '127.0.0.1/8' })).toEqual([]);
    expect(envProblem({ ISTIO_OUTBOUND_IPV4_LOOPBACK_CIDR: '127.0.0.1' })).toEqual([
      [
        'bad-loopback-cidr',
        `failed to parse CIDR 127.0.0.1: netip.ParsePrefix("127.0.0.1"): no '/' (from environment ISTIO_OUTBOUND_IPV4_LOOPBACK_CIDR)`,
      ],
    ]);
    expect(envProblem({ ISTIO_OUTBOUND_IPV4_LOOPBACK_CIDR: '10.0.0.1/32' })).toEqual([
      [
        'bad-loopback-cidr',
        'expected valid IPv4 loopback address in CIDR 10.0.0.1/32; found 10.0.0.1 (from environment ISTIO_OUTBOUND_IPV4_LOOPBACK_CIDR)',
      ],
    ]);
    expect(envProblem({ ISTIO_OUTBOUND_IPV4_LOOPBACK_CIDR: '127.0.0.1/4' })).toEqual([
      [
        'bad-loopback-cidr',
        'expected CIDR 127.0.0.1/4 to have mask in range [8, 32]; found 4 (from environment ISTIO_OUTBOUND_IPV4_LOOPBACK_CIDR)',
      ],
    ]);
    expect(envProblem({ ISTIO_OUTBOUND_IPV4_LOOPBACK_CIDR: '::1/128' })[0]?.[1]).toContain(
      'found ::1',
    );
  });

  it('limits included owner groups to 64 (exclude lists are unlimited)', () => {
    const groups = (n: number): string => Array.from({ length: n }, (_, i) => `g${i}`).join(',');
    expect(envProblem({ ISTIO_OUTBOUND_OWNER_GROUPS: groups(64) })).toEqual([]);
    expect(envProblem({ ISTIO_OUTBOUND_OWNER_GROUPS_EXCLUDE: groups(100) })).toEqual([]);
    const [problem] = envProblem({ ISTIO_OUTBOUND_OWNER_GROUPS: groups(65) });
    expect(problem?.[0]).toBe('too-many-owner-groups');
    expect(problem?.[1]).toMatch(
      /^number of owner groups whose outgoing traffic should be redirected to Envoy cannot exceed 64, got 65: \[g0 g1 .* g64\]/,
    );
  });
});
