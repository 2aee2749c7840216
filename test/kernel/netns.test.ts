import { describe, expect, it } from 'vitest';
import { execBounded, requireKernelOrSkip, withNetns } from './netns.ts';

const run = requireKernelOrSkip();

describe.runIf(run)('netns harness', () => {
  it('restores and saves in a namespace that is deleted afterwards', async () => {
    let name = '';
    const saved = await withNetns(
      async (ns) => {
        name = ns.name;
        await ns.restore('*filter\n-A INPUT -s 10.1.2.3/8 -j ACCEPT\nCOMMIT\n', 4);
        return ns.save(4);
      },
      { prefix: 'harness' },
    );
    expect(saved).toBe(
      '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A INPUT -s 10.0.0.0/8 -j ACCEPT\nCOMMIT\n',
    );
    const list = await execBounded(['ip', 'netns', 'list']);
    expect(list.stdout).not.toContain(name);
  });

  it('deletes the namespace when the callback throws, and reports restore errors', async () => {
    let name = '';
    await expect(
      withNetns(async (ns) => {
        name = ns.name;
        await ns.restore('*filter\n-A NOPE -j ACCEPT\nCOMMIT\n', 4);
      }),
    ).rejects.toThrow(/iptables-restore/);
    expect((await execBounded(['ip', 'netns', 'list'])).stdout).not.toContain(name);
  });

  it('bounds commands and callbacks by timeouts', async () => {
    const r = await execBounded(['sleep', '5'], { timeoutMs: 100 });
    expect(r.code).toBe(124);
    let name = '';
    await expect(
      withNetns(
        (ns) => {
          name = ns.name;
          return new Promise(() => undefined);
        },
        { timeoutMs: 200 },
      ),
    ).rejects.toThrow(/exceeded/);
    expect((await execBounded(['ip', 'netns', 'list'])).stdout).not.toContain(name);
  });

  it('reset empties every table', async () => {
    const saved = await withNetns(async (ns) => {
      await ns.restore('*nat\n-A OUTPUT -j RETURN\nCOMMIT\n', 4);
      await ns.restore('*nat\n-A OUTPUT -j RETURN\nCOMMIT\n', 6);
      await ns.reset();
      return (await ns.save(4)) + (await ns.save(6));
    });
    expect(saved).toBe('');
  });
});
