/**
 * Rule sets for the load-time check conformance: each one the kernel either loads or refuses
 * ("Invalid argument", "Too many links"), which `parseIptables` must predict with its load-time
 * refusal diagnostics (`kernel-rejects`, `jump-loop`). `iptables-restore --test` accepts all of
 * them; only a real load tells.
 */
export interface LoadCase {
  readonly name: string;
  readonly rules: string;
}

const nat = (body: string) => `*nat\n${body}\nCOMMIT\n`;
const mangle = (body: string) => `*mangle\n${body}\nCOMMIT\n`;

export const LOAD_CASES: readonly LoadCase[] = [
  { name: 'owner in nat OUTPUT', rules: nat('-A OUTPUT -m owner --uid-owner 1337 -j RETURN') },
  {
    name: 'owner in nat POSTROUTING',
    rules: nat('-A POSTROUTING -m owner --gid-owner 1 -j RETURN'),
  },
  {
    name: 'owner in a chain reached from OUTPUT only',
    rules: nat('-N X\n-A OUTPUT -j X\n-A X -m owner --uid-owner 1 -j RETURN'),
  },
  {
    name: 'owner in a chain nobody jumps to',
    rules: nat('-N X\n-A X -m owner --uid-owner 1 -j RETURN'),
  },
  { name: 'owner in nat PREROUTING', rules: nat('-A PREROUTING -m owner --uid-owner 1 -j RETURN') },
  {
    name: 'owner in a chain reached from PREROUTING and OUTPUT',
    rules: nat('-N X\n-A OUTPUT -j X\n-A PREROUTING -j X\n-A X -m owner --uid-owner 1 -j RETURN'),
  },
  {
    name: 'owner via goto from mangle INPUT',
    rules: mangle('-N X\n-A INPUT -g X\n-A X -m owner --uid-owner 1 -j RETURN'),
  },
  {
    name: 'REDIRECT in nat OUTPUT and PREROUTING',
    rules: nat(
      '-A OUTPUT -p tcp -j REDIRECT --to-ports 1\n-A PREROUTING -p tcp -j REDIRECT --to-ports 1',
    ),
  },
  {
    name: 'REDIRECT in nat POSTROUTING',
    rules: nat('-A POSTROUTING -p tcp -j REDIRECT --to-ports 1'),
  },
  { name: 'MASQUERADE in nat OUTPUT', rules: nat('-A OUTPUT -j MASQUERADE') },
  { name: 'SNAT in nat INPUT', rules: nat('-A INPUT -j SNAT --to-source 10.0.0.1') },
  { name: 'DNAT in nat INPUT', rules: nat('-A INPUT -j DNAT --to-destination 10.0.0.1') },
  {
    name: 'TPROXY in a chain reached from mangle PREROUTING',
    rules: mangle(
      '-N T\n-A PREROUTING -p tcp -j T\n-A T -p tcp -j TPROXY --on-port 15006 --tproxy-mark 0x539/0xffffffff',
    ),
  },
  { name: 'TPROXY in mangle OUTPUT', rules: mangle('-A OUTPUT -p tcp -j TPROXY --on-port 15006') },
  {
    name: 'TPROXY in a chain reached from mangle INPUT',
    rules: mangle('-N T\n-A INPUT -j T\n-A T -p tcp -j TPROXY --on-port 15006'),
  },
  {
    name: 'CT in raw',
    rules: '*raw\n-A OUTPUT -p udp -j CT --zone 1\n-A PREROUTING -j CT --notrack\nCOMMIT\n',
  },
  { name: 'CT in mangle', rules: mangle('-A OUTPUT -j CT --zone 1') },
  { name: 'REJECT in filter', rules: '*filter\n-A INPUT -j REJECT\n-A OUTPUT -j REJECT\nCOMMIT\n' },
  { name: 'REJECT in mangle PREROUTING', rules: mangle('-A PREROUTING -j REJECT') },
  { name: 'REJECT in nat OUTPUT', rules: nat('-A OUTPUT -j REJECT') },
  {
    name: 'MARK and CONNMARK anywhere',
    rules: nat('-A OUTPUT -j MARK --set-mark 1\n-A PREROUTING -j CONNMARK --save-mark'),
  },
  { name: 'jump cycle', rules: nat('-N A\n-N B\n-A OUTPUT -j A\n-A A -j B\n-A B -j A') },
  { name: 'goto cycle in unreferenced chains', rules: nat('-N A\n-N B\n-A A -g B\n-A B -g A') },
];
