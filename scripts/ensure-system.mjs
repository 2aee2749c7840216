// Makes sure the Debian packages the tests need are installed: chromium (Playwright) and
// iptables/nftables/iproute2 (kernel conformance). Installs them when running as root;
// otherwise says exactly what is missing. Usage: node scripts/ensure-system.mjs [chromium] [kernel]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const wants = new Set(
  process.argv.slice(2).length ? process.argv.slice(2) : ['chromium', 'kernel'],
);
const has = (bin) => spawnSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' }).status === 0;
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

const needed = [];
if (wants.has('chromium')) {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(path)) needed.push({ pkg: 'chromium', why: `Playwright drives ${path}` });
  // Chinese UI text in the e2e screenshots (the README's pictures) needs a CJK font.
  if (!existsSync('/usr/share/fonts/truetype/wqy/wqy-microhei.ttc'))
    needed.push({ pkg: 'fonts-wqy-microhei', why: 'Chinese glyphs in screenshots' });
}
if (wants.has('kernel')) {
  if (!has('iptables') || !has('iptables-save'))
    needed.push({ pkg: 'iptables', why: 'kernel conformance suite' });
  if (!has('nft'))
    needed.push({ pkg: 'nftables', why: 'kernel packet traces (nft monitor trace)' });
  if (!has('ip')) needed.push({ pkg: 'iproute2', why: 'network namespaces' });
  if (!has('setpriv')) needed.push({ pkg: 'util-linux', why: 'sending packets as a uid/gid' });
  if (!has('python3'))
    needed.push({ pkg: 'python3', why: 'the probe sender that opens sockets as a uid/gid' });
  if (!has('taskset')) needed.push({ pkg: 'util-linux', why: 'taskset for the probe sender' });
  if (!has('ipset'))
    needed.push({
      pkg: 'ipset',
      why: 'ipsets for the Calico fixture (-m set) in the render conformance suite',
    });
}
if (needed.length === 0) process.exit(0);

const list = needed.map((n) => `${n.pkg} (${n.why})`).join(', ');
if (!isRoot) {
  const critical = needed.filter((n) => n.pkg === 'chromium');
  // Kernel suites skip loudly without root, except under CI where they fail (see test/kernel/netns.ts).
  process.stderr.write(
    `missing system packages: ${list}. Install them with: sudo apt-get install -y ${needed.map((n) => n.pkg).join(' ')}\n`,
  );
  process.exit(critical.length > 0 ? 1 : 0);
}
process.stderr.write(`installing system packages: ${list}\n`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
execFileSync('apt-get', ['install', '-y', '-qq', ...needed.map((n) => n.pkg)], {
  stdio: 'inherit',
  env,
});
