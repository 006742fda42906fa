// Deployments read back from the engine on every call: labels and state of the managed
// containers, nothing kept in memory, so any process (editor, CLI, another machine) agrees.
import * as net from 'node:net';
import { rebuildDeployments, type InspectedContainer } from '../../core/deploy/deploymentState';
import type { DeploymentState } from '../../core/deploy/deploymentTypes';
import { LABEL } from '../../core/deploy/labels';
import { listContainers, type ContainerInfo } from '../docker/containers';
import type { DockerEngine } from '../docker/engineClient';

export async function listDeployments(engine: DockerEngine): Promise<DeploymentState[]> {
  const containers = await listContainers(engine, { [LABEL.managed]: 'true' });
  return rebuildDeployments(containers.map(asInspected), Date.now());
}

/** One deployment as the engine has it now; undefined when it has no container. */
export async function readDeployment(engine: DockerEngine, deployment: string): Promise<DeploymentState | undefined> {
  const containers = await listContainers(engine, { [LABEL.managed]: 'true', [LABEL.deployment]: deployment });
  return rebuildDeployments(containers.map(asInspected), Date.now())[0];
}

function asInspected(c: ContainerInfo): InspectedContainer {
  return {
    Id: c.id,
    Config: { Image: c.image, Labels: { ...c.labels } },
    State: { Running: c.state === 'running', StartedAt: c.startedAt, Health: c.health ? { Status: c.health } : null },
  };
}

/**
 * A host port for a new model container: free on 127.0.0.1 for a local engine, and never one a
 * managed container (running or stopped, kept for rollback) is labelled with. A remote engine's
 * host cannot be probed from here, so a port is picked from 20000-29999 among the unlabelled ones.
 */
export async function chooseHostPort(engine: DockerEngine): Promise<number> {
  const taken = new Set((await listContainers(engine, { [LABEL.managed]: 'true' })).map((c) => Number(c.labels[LABEL.port])));
  const local = engine.endpoint.kind === 'unix' || (engine.endpoint.kind === 'tcp' && ['127.0.0.1', 'localhost'].includes(engine.endpoint.host));
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = local ? await freeLoopbackPort() : 20000 + Math.floor(Math.random() * 10000);
    if (!taken.has(port)) return port;
  }
  throw new Error('No free port was found for the new version: too many ports are in use.');
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}
