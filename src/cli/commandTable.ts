import type { CliCommand } from './cliCommand';
import { dockerizeCommand } from './dockerizeCommand';
import { driftCommand } from './driftCommand';
import { runCommand } from './runCommand';
import { runsCommand, showCommand } from './runsCommand';
import { validateCommand } from './validateCommand';

/** Every `mlops` subcommand, in the order `mlops --help` lists them. */
export const commandTable: Readonly<Record<string, CliCommand>> = {
  validate: validateCommand,
  run: runCommand,
  runs: runsCommand,
  show: showCommand,
  dockerize: dockerizeCommand,
  drift: driftCommand,
};
