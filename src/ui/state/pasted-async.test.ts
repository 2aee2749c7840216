import { describe, expect, it } from 'vitest';
import { parseIptables, renderIptablesSave } from '@core';
import { createDeriver } from './derive.ts';
import { createAsyncPasted, WORKER_THRESHOLD } from './pasted-async.ts';
import type { PastedParse } from './pasted-async.ts';
import { DEFAULT_PACKET } from '../store/store.ts';

/** A parse that resolves when told to, like the worker. */
function controlledParse(): {
  parse: PastedParse;
  finish: (text: string) => Promise<void>;
  asked: string[];
} {
  const pending = new Map<string, () => void>();
  const asked: string[] = [];
  const parse: PastedParse = (text) => {
    asked.push(text);
    return new Promise((resolve) => {
      pending.set(text, () => {
        const parsed = parseIptables(text);
        resolve({ parsed, save: renderIptablesSave(parsed.value) });
      });
    });
  };
  const finish = async (text: string) => {
    pending.get(text)?.();
    await Promise.resolve();
    await Promise.resolve();
  };
  return { parse, finish, asked };
}

const dump = (port: number) =>
  `*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n-A OUTPUT -p tcp -j REDIRECT --to-ports ${port}\nCOMMIT\n${'#'.repeat(WORKER_THRESHOLD)}\n`;

describe('createAsyncPasted', () => {
  it("asks once per text, keeps only the latest text's result and says when it arrived", async () => {
    const c = controlledParse();
    let ready = 0;
    const pasted = createAsyncPasted(c.parse, () => ready++);
    expect(pasted.read('a')).toBeUndefined();
    expect(pasted.read('a')).toBeUndefined();
    expect(c.asked).toEqual(['a']);
    expect(pasted.read('b')).toBeUndefined();
    await c.finish('a');
    expect(ready).toBe(0);
    await c.finish('b');
    expect(ready).toBe(1);
    expect(pasted.read('b')?.parsed.value.tables).toEqual([]);
  });
});

describe('createDeriver with a worker for big pastes', () => {
  it('shows the last good views as pending, then the parsed dump', async () => {
    const c = controlledParse();
    let ready = 0;
    const derive = createDeriver({ pasted: createAsyncPasted(c.parse, () => ready++) });
    const input = (text: string) => ({
      input: { mode: 'iptables-save' as const, text },
      version: 'latest' as const,
      ipv6: false,
      dnsServers: '',
      packet: DEFAULT_PACKET,
    });
    const small = derive(input(dump(15001).slice(0, 200)));
    expect(small.pending).toBeUndefined();
    const before = derive(input(dump(15001)));
    expect(before.pending).toBe(true);
    expect(before.stale).toBe(true);
    await c.finish(dump(15001));
    expect(ready).toBe(1);
    const after = derive(input(dump(15001)));
    expect(after.pending).toBeUndefined();
    expect(after.stale).toBe(false);
    expect(after.trace?.result?.final).toBe('REDIRECT:15001');
  });
});
