import { parseArgs } from 'node:util';
import type { DeploymentState } from '../core/deploy/deploymentTypes';
import { deploymentHealth } from '../core/deploy/deploymentState';
import type { ShadowReport } from '../core/deploy/shadowReport';
import type { CliCommand } from './cliCommand';
import { dockerApi } from './dockerBundle';
import { CommandExit, connectedEngine, EXIT, uptimeText, withExitCodes } from './dockerCliSupport';
import { textTable } from './textTable';

/** `mlops deployments [--format table|json] [--docker-host H]`: rebuilt from the engine's labels. */
export const deploymentsCommand: CliCommand = {
  usage: 'deployments [--format table|json] [--docker-host H]',
  summary: 'the deployments on the Docker engine: versions, roles, health, traffic, ports',
  run: (args, io) => withExitCodes('deployments', io, async () => {
    let values;
    try {
      ({ values } = parseArgs({ args: [...args], options: { format: { type: 'string', default: 'table' }, 'docker-host': { type: 'string' } } }));
    } catch (error) {
      throw new CommandExit(EXIT.usage, error instanceof Error ? error.message : String(error));
    }
    if (values.format !== 'table' && values.format !== 'json') throw new CommandExit(EXIT.usage, `--format is table or json, not '${values.format}'.`);
    const engine = await connectedEngine(values['docker-host']);
    const docker = dockerApi();
    const deployments: Listed[] = await docker.listDeployments(engine);
    // A shadow's answers are only worth keeping if someone reads them: how often it disagrees.
    for (const d of deployments) {
      if (d.versions.some((v) => v.running && v.role === 'shadow')) d.shadow = await docker.shadowDisagreement(engine, d.deployment);
    }
    if (values.format === 'json') io.out(`${JSON.stringify(deployments, null, 2)}\n`);
    else io.out(deployments.length === 0 ? 'No deployments on this Docker engine. `mlops deploy` starts one.\n' : table(deployments));
    return EXIT.ok;
  }),
};

type Listed = DeploymentState & { shadow?: ShadowReport };

/** "shadow disagreement: 12 of 300 answered by both (4.0%), 1 failed on the shadow" */
export function shadowLine(report: ShadowReport): string {
  const rate = (report.disagreementRate * 100).toFixed(1);
  return `shadow disagreement: ${report.disagreements} of ${report.answeredByBoth} answered by both (${rate}%), ${report.shadowFailed} failed on the shadow`;
}

function table(deployments: readonly Listed[]): string {
  const rows = [['DEPLOYMENT', 'VERSION', 'ROLE', 'COLOUR', 'HEALTH', 'TRAFFIC', 'PORT', 'UPTIME']];
  for (const d of deployments) {
    rows.push([d.deployment, '(router)', `router (${d.strategy})`, '', d.router?.running ? deploymentHealth(d) : 'stopped', '', String(d.routerPort ?? '-'), '']);
    for (const v of d.versions) {
      rows.push(['', v.version, v.running ? v.role : 'previous', v.colour, v.health, v.running ? `${v.trafficShare}%` : '-', String(v.port), uptimeText(v.uptimeMs)]);
    }
  }
  const shadows = deployments.filter((d) => d.shadow).map((d) => `${d.deployment}: ${shadowLine(d.shadow!)}\n`).join('');
  return textTable(rows) + shadows;
}
