/**
 * The tiny long-running sender that runs inside a namespace for the packet-trace harness: it
 * reads one JSON command per line and answers `ok` or `err <why>`. Creating the socket with the
 * effective uid/gid of the probe (setresuid/setresgid, saved uid 0) gives the socket's file the
 * same credentials `setpriv --reuid U --regid G --clear-groups` would; that is what
 * `-m owner` (nft `meta skuid/skgid`) reads. One process per namespace instead of one per packet
 * keeps 2,000 probes within the time budget.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';

const SCRIPT = String.raw`
import errno, json, os, socket, sys, threading
IP_TRANSPARENT = 19
IPV6_TRANSPARENT = 75
os.setgroups([])
cfg = json.loads(sys.argv[1])
def serve(l):
    while True:
        try:
            c, _ = l.accept()
            c.close()
        except OSError:
            return
for port in cfg.get('listen', []):
    for fam in ([socket.AF_INET, socket.AF_INET6] if cfg.get('v6') else [socket.AF_INET]):
        l = socket.socket(fam, socket.SOCK_STREAM)
        l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if fam == socket.AF_INET6:
            l.setsockopt(socket.IPPROTO_IPV6, IPV6_TRANSPARENT, 1)
            l.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            l.bind(('::', port))
        else:
            l.setsockopt(socket.SOL_IP, IP_TRANSPARENT, 1)
            l.bind(('0.0.0.0', port))
        l.listen(4096)
        threading.Thread(target=serve, args=(l,), daemon=True).start()
print('ready', flush=True)
for line in sys.stdin:
    try:
        c = json.loads(line)
        fam = socket.AF_INET6 if c['family'] == 6 else socket.AF_INET
        kind = socket.SOCK_STREAM if c['proto'] == 'tcp' else socket.SOCK_DGRAM
        os.setresgid(c['gid'], c['gid'], 0)
        os.setresuid(c['uid'], c['uid'], 0)
        try:
            s = socket.socket(fam, kind)
        finally:
            os.setresuid(0, 0, 0)
            os.setresgid(0, 0, 0)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if c.get('mark'):
            s.setsockopt(socket.SOL_SOCKET, socket.SO_MARK, c['mark'])
        if c.get('freebind'):
            if fam == socket.AF_INET6:
                s.setsockopt(socket.IPPROTO_IPV6, IPV6_TRANSPARENT, 1)
            else:
                s.setsockopt(socket.SOL_IP, IP_TRANSPARENT, 1)
        s.bind((c.get('src') or ('::' if fam == socket.AF_INET6 else '0.0.0.0'), c['sport']))
        # EPERM: netfilter dropped the packet on the way out, which is an answer too. Any other
        # errno of the send itself (EINVAL: routing refused a loopback source) is the answer.
        failed = None
        try:
            if kind == socket.SOCK_STREAM:
                s.setblocking(False)
                try:
                    s.connect((c['dst'], c['dport']))
                except BlockingIOError:
                    pass
            else:
                s.sendto(b'x', (c['dst'], c['dport']))
        except PermissionError:
            pass
        except OSError as e:
            failed = errno.errorcode.get(e.errno, str(e.errno))
        s.close()
        print('ok' if failed is None else 'errno ' + failed, flush=True)
    except Exception as e:
        print('err ' + repr(e).replace('\n', ' '), flush=True)
`;

export interface SendCommand {
  readonly family: 4 | 6;
  readonly proto: 'tcp' | 'udp';
  readonly src?: string;
  readonly dst: string;
  readonly sport: number;
  readonly dport: number;
  readonly uid: number;
  readonly gid: number;
  /** Bind a source address the namespace does not own (inbound probes from other hosts). */
  readonly freebind?: boolean;
  /** SO_MARK of the socket (ztunnel marks every socket it opens in a pod with 0x539). */
  readonly mark?: number;
}

/** What the socket call said: nothing, or the errno it failed with (bind failures still throw). */
export interface SendResult {
  readonly errno?: string;
}

export interface ProbeHelper {
  send(cmd: SendCommand): Promise<SendResult>;
  close(): void;
}

/** A loaded 2-core CI machine can keep python off the CPU for seconds; bounded all the same. */
const ANSWER_TIMEOUT_MS = 15_000;

function python(): string {
  return existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
}

/** Whether the helper can run here (python3 present). */
export function helperAvailable(): boolean {
  return (
    spawnSync(python(), ['-c', 'import socket'], { stdio: 'ignore', timeout: 5000 }).status === 0
  );
}

/**
 * Starts the helper in namespace `ns`, pinned to CPU 0 like the other helper, so that every
 * packet they send is queued on one CPU's backlog and traced in send order.
 */
export async function startHelper(
  ns: string,
  config: { listen?: readonly number[]; v6?: boolean },
): Promise<ProbeHelper> {
  const child: ChildProcessWithoutNullStreams = spawn(
    'ip',
    [
      'netns',
      'exec',
      ns,
      'taskset',
      '-c',
      '0',
      python(),
      '-u',
      '-c',
      SCRIPT,
      JSON.stringify(config),
    ],
    {
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  const waiting: ((line: string) => void)[] = [];
  let buffer = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  child.stdout.on('data', (d: Buffer) => {
    buffer += d.toString('utf8');
    for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
      waiting.shift()?.(line);
    }
  });
  const next = (what: string) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `probe helper in ${ns}: no answer to ${what} within ${ANSWER_TIMEOUT_MS / 1000} s; stderr: ${stderr}`,
            ),
          ),
        ANSWER_TIMEOUT_MS,
      );
      waiting.push((line) => {
        clearTimeout(timer);
        resolve(line);
      });
    });
  const ready = await next('startup');
  if (ready !== 'ready') throw new Error(`probe helper in ${ns} did not start: ${ready} ${stderr}`);
  return {
    async send(cmd) {
      const answer = next(JSON.stringify(cmd));
      child.stdin.write(`${JSON.stringify(cmd)}\n`);
      const line = await answer;
      if (line === 'ok') return {};
      if (line.startsWith('errno ')) return { errno: line.slice('errno '.length) };
      throw new Error(`probe helper in ${ns}: ${line} for ${JSON.stringify(cmd)}`);
    },
    close() {
      child.stdin.end();
      if (child.pid !== undefined && child.exitCode === null) child.kill('SIGTERM');
    },
  };
}
