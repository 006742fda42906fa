// `mlops promote|rollback|undeploy [DEPLOYMENT]`: one action on a running deployment, appended to
// the audit trail of the registry beside the pipeline (./mlops.yaml or --file) when there is one.
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { DockerEngine } from '../node/docker/engineClient';
import type { DeployAuditTarget } from '../node/registry/deployAudit';
import { registryDir } from '../node/registry/registryLayout';
import { whoAmI } from '../node/registry/whoAmI';
import type { CliCommand, CliIo } from './cliCommand';
import { dockerApi } from './dockerBundle';
import { CommandExit, connectedEngine, EXIT, readPipeline, withExitCodes } from './dockerCliSupport';

type Action = (engine: DockerEngine, deployment: string, o: { onProgress: (s: string) => void; audit?: DeployAuditTarget }) => Promise<{ summary: string }>;

function actionCommand(name: string, summary: string, action: Action): CliCommand {
  return {
    usage: `${name} [DEPLOYMENT] [--docker-host H]`,
    summary,
    run: (args, io) => withExitCodes(name, io, async () => {
      let parsed;
      try {
        parsed = parseArgs({ args: [...args], allowPositionals: true, options: { 'docker-host': { type: 'string' }, file: { type: 'string' } } });
      } catch (error) {
        throw new CommandExit(EXIT.usage, error instanceof Error ? error.message : String(error));
      }
      if (parsed.positionals.length > 1) throw new CommandExit(EXIT.usage, `give one deployment name, not ${parsed.positionals.length}.`);
      const engine = await connectedEngine(parsed.values['docker-host']);
      const deployment = parsed.positionals[0] ?? await defaultDeployment(engine, io, parsed.values.file);
      const pipeline = readPipeline(io, parsed.values.file);
      const audit = pipeline ? { registry: registryDir(path.join(pipeline.dir, '.mlops')), who: whoAmI(pipeline.dir) } : undefined;
      const result = await action(engine, deployment, { onProgress: (s) => io.err(`${s}\n`), ...(audit ? { audit } : {}) });
      io.out(`${result.summary}\n`);
      return EXIT.ok;
    }),
  };
}

/** The pipeline's model name (a deployment is named after its model), else the only deployment. */
async function defaultDeployment(engine: DockerEngine, io: CliIo, file: string | undefined): Promise<string> {
  const name = readPipeline(io, file)?.model.model?.name;
  if (name) return name;
  const all = await dockerApi().listDeployments(engine);
  if (all.length === 1) return all[0]!.deployment;
  throw new CommandExit(EXIT.usage, all.length === 0 ? 'there are no deployments on this Docker engine.' : `name the deployment: ${all.map((d) => d.deployment).join(', ')}.`);
}

export const promoteCommand = actionCommand('promote', 'give the canary or shadow all traffic and stop the old version', (e, d, o) => dockerApi().promote(e, d, o));
export const rollbackCommand = actionCommand('rollback', 'back to the previous version (or take the canary/shadow out)', (e, d, o) => dockerApi().rollback(e, d, o));
export const undeployCommand = actionCommand('undeploy', 'stop and remove the router and every version', (e, d, o) => dockerApi().undeploy(e, d, o));
