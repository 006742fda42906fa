import type { CliIo } from './cliCommand';
import { commandTable as commands } from './commandTable';
import { version } from './version';

export function helpText(): string {
  const rows = Object.values(commands).map((c) => `  ${c.usage.padEnd(52)}${c.summary}`);
  return [
    `mlops ${version}: run, track and ship the ML pipelines described in mlops.yaml`,
    '',
    'Usage: mlops <command> [options]',
    '',
    'Commands:',
    ...(rows.length > 0 ? rows : ['  (none yet)']),
    '',
    'Options:',
    '  -h, --help                                          show this help',
    '  -v, --version                                       print the version',
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
