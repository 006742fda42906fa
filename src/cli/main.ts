import { version } from './version';

/** One subcommand of `mlops`: its usage line, a one-line summary, and what it does. */
export interface CliCommand {
  readonly usage: string;
  readonly summary: string;
  run(args: readonly string[], io: CliIo): Promise<number>;
}

/** Where a command writes; injected so tests and the bundle share one code path. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  cwd: string;
}

/** Subcommands, added to by later areas (validate, run, runs, show, ...). */
export const commands: Record<string, CliCommand> = {};

export function helpText(): string {
  const rows = Object.values(commands).map((c) => `  ${c.usage.padEnd(44)}${c.summary}`);
  return [
    `mlops ${version}: run, track and ship the ML pipelines described in mlops.yaml`,
    '',
    'Usage: mlops <command> [options]',
    '',
    'Commands:',
    ...(rows.length > 0 ? rows : ['  (none yet)']),
    '',
    'Options:',
    '  -h, --help                                  show this help',
    '  -v, --version                               print the version',
    '',
  ].join('\n');
}

/** Runs the CLI with argv (without node and script) and returns the process exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
    io.out(helpText());
    return 0;
  }
  if (first === '-v' || first === '--version') {
    io.out(`${version}\n`);
    return 0;
  }
  const command = commands[first];
  if (!command) {
    io.err(`mlops: unknown command '${first}'. Run 'mlops --help' to see the commands.\n`);
    return 2;
  }
  return command.run(rest, io);
}
