/** One subcommand of `mlops`: its usage line, a one-line summary, and what it does. */
export interface CliCommand {
  readonly usage: string;
  readonly summary: string;
  /** Returns the process exit code: 0 success, 1 failure, 2 usage error. */
  run(args: readonly string[], io: CliIo): Promise<number>;
}

/** Where a command writes; injected so tests and the bundle share one code path. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  cwd: string;
}
