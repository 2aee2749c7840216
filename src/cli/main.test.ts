import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/support/cli.ts';
import { commands } from './commands.ts';

describe('intercept', () => {
  it('prints usage and exits 0 for --help', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    for (const command of commands) expect(result.stdout).toContain(command.name);
  });

  it('prints each command usage for <command> --help', async () => {
    for (const command of commands) {
      const result = await runCli([command.name, '--help']);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`intercept ${command.name}`);
    }
  });

  it('rejects an unknown command with exit 2 and nothing on stdout', async () => {
    const result = await runCli(['frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain("unknown command 'frobnicate'");
  });
});
