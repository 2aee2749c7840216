import { spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { endQuietlyOnClosedPipe } from './main.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BUNDLE = `${ROOT}dist/cli.mjs`;

describe('a closed output pipe', () => {
  it('ends with exit 0 and nothing on stderr on EPIPE, one line otherwise', () => {
    const stream = new EventEmitter();
    const codes: number[] = [];
    const errors: string[] = [];
    endQuietlyOnClosedPipe(
      stream,
      (c) => codes.push(c),
      (t) => errors.push(t),
    );
    stream.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    expect(codes).toEqual([0]);
    expect(errors).toEqual([]);
    stream.emit('error', Object.assign(new Error('no space'), { code: 'ENOSPC' }));
    expect(codes).toEqual([0, 1]);
    expect(errors).toEqual(['intercept: cannot write output: no space\n']);
  });

  it('`intercept save x | head -1` and `trace … | head -1` exit 0 quietly', () => {
    if (!existsSync(BUNDLE) || !readFileSync(BUNDLE, 'utf8').includes('cannot write output')) {
      const build = spawnSync(process.execPath, [`${ROOT}scripts/build-cli.mjs`], { cwd: ROOT });
      expect(build.status).toBe(0);
    }
    const dir = mkdtempSync(join(tmpdir(), 'intercept-epipe-'));
    const rules = [
      '*filter',
      ...Array.from({ length: 5_000 }, (_, i) => `-A INPUT -p tcp --dport ${i} -j ACCEPT`),
      'COMMIT',
      '',
    ];
    writeFileSync(join(dir, 'x.rules'), rules.join('\n'));
    const packet = '{"direction":"inbound","dst":"10.44.0.5","dport":19999}\n';
    writeFileSync(join(dir, 'p.jsonl'), packet.repeat(10));
    const bin = `${ROOT}bin/intercept.mjs`;
    for (const cmd of [`save x.rules`, `trace --rules x.rules --steps p.jsonl`]) {
      const r = spawnSync(
        'bash',
        ['-c', `node ${bin} ${cmd} | head -1 >/dev/null; echo "exit=\${PIPESTATUS[0]}" >&2`],
        { cwd: dir, encoding: 'utf8', timeout: 60_000 },
      );
      expect(r.stderr.trim(), cmd).toBe('exit=0');
    }
  }, 90_000);
});
