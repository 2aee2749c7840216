import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { commands } from './commands.ts';
import { UsageError, type CliIo } from './io.ts';

const HELP = `intercept: Istio sidecar traffic interception, computed.

Usage: intercept <command> [options]

Commands:
${commands.map((c) => `  ${c.name.padEnd(16)}${c.summary}`).join('\n')}

Run 'intercept <command> --help' for a command's options.
Exit codes: 0 success, 2 bad input, 1 internal error.
`;

/**
 * Runs the CLI with the given arguments (without `node` and the script path).
 * Buffers stdout so that nothing reaches it when the command fails.
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(HELP);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr(`intercept: unknown command '${name}'\n\n${HELP}`);
    return 2;
  }
  if (rest.length > 0 && rest.every((a) => a === '--help' || a === '-h')) {
    io.stdout(command.usage);
    return 0;
  }
  const out: string[] = [];
  const buffered: CliIo = { ...io, stdout: (text) => out.push(text) };
  try {
    const code = await command.run(rest, buffered);
    if (code === 0) io.stdout(out.join(''));
    return code;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`intercept ${command.name}: ${error.message}\n`);
      return 2;
    }
    io.stderr(
      `intercept ${command.name}: internal error: ${(error as Error).stack ?? String(error)}\n`,
    );
    return 1;
  }
}

/** The real process: stdin, files and env of this Node process. */
export function nodeIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    readFile: (path) => readFile(path, 'utf8'),
    env: process.env,
  };
}

/**
 * A reader that closed the pipe (`intercept save x | head -1`) ends the command quietly with exit
 * 0: Node reports EPIPE as an 'error' event on stdout, which would otherwise crash with a stack
 * trace. Any other stream error is reported in one line, exit 1.
 */
export function endQuietlyOnClosedPipe(
  stream: Pick<NodeJS.EventEmitter, 'on'>,
  exit: (code: number) => void,
  stderr: (text: string) => void,
): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') return exit(0);
    stderr(`intercept: cannot write output: ${error.message}\n`);
    exit(1);
  });
}

export async function main(): Promise<void> {
  const quit = (code: number) => process.exit(code);
  endQuietlyOnClosedPipe(process.stdout, quit, (text) => process.stderr.write(text));
  const code = await run(process.argv.slice(2), nodeIo());
  process.exitCode = code;
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) void main();
