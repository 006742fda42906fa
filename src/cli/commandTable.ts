import type { CliCommand } from './cliCommand';
import { dockerizeCommand } from './dockerizeCommand';
import { deployCommand } from './deployCommand';
import { promoteCommand, rollbackCommand, undeployCommand } from './deploymentActionCommands';
import { deploymentsCommand } from './deploymentsCommand';
import { driftCommand } from './driftCommand';
import { runCommand } from './runCommand';
import { runsCommand, showCommand } from './runsCommand';
import { validateCommand } from './validateCommand';
import { aliasCommand, auditCommand, modelsCommand, registerCommand } from './registryCommands';

/** Every `mlops` subcommand, in the order `mlops --help` lists them. */
export const commandTable: Readonly<Record<string, CliCommand>> = {
  validate: validateCommand,
  run: runCommand,
  runs: runsCommand,
  show: showCommand,
  dockerize: dockerizeCommand,
  deploy: deployCommand,
  promote: promoteCommand,
  rollback: rollbackCommand,
  deployments: deploymentsCommand,
  undeploy: undeployCommand,
  register: registerCommand,
  alias: aliasCommand,
  models: modelsCommand,
  audit: auditCommand,
  drift: driftCommand,
};
