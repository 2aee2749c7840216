/** Everything a CLI command touches, so commands can run in-process in tests. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Reads all of standard input. */
  readonly readStdin: () => Promise<string>;
  /** Reads a file as UTF-8 (`-` is standard input). Rejects with a readable error. */
  readonly readFile: (path: string) => Promise<string>;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** A subcommand of `intercept`. Returns the exit code: 0 ok, 2 bad input, 1 internal error. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly run: (args: readonly string[], io: CliIo) => Promise<number>;
}

/** Thrown by commands for bad input; `run` turns it into exit 2 with the message on stderr. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Reads `FILE`, or stdin when the path is `-` or absent. */
export async function readInput(io: CliIo, path: string | undefined): Promise<string> {
  if (path === undefined || path === '-') return io.readStdin();
  try {
    return await io.readFile(path);
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as Error).message}`);
  }
}
