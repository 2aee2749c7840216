import { run } from '../../src/cli/main.ts';
import type { CliIo } from '../../src/cli/io.ts';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `intercept …` in-process with the given stdin, files and environment. */
export async function runCli(
  argv: readonly string[],
  options: {
    stdin?: string;
    files?: Record<string, string>;
    env?: Record<string, string | undefined>;
  } = {},
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    readStdin: () => Promise.resolve(options.stdin ?? ''),
    readFile: (path) => {
      const text = options.files?.[path];
      return text === undefined
        ? Promise.reject(new Error('ENOENT: no such file'))
        : Promise.resolve(text);
    },
    env: options.env ?? {},
  };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}
