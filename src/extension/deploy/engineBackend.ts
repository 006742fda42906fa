// The real DeployBackend: every call opens the engine the settings name (blank = as the docker
// CLI does) through the lazily loaded dist/docker.js. Wave-2 operations (dockerize, deploy, …)
// are looked up in the bundle by name, so this glue builds before those modules land.
import { rebuildDeployments, type InspectedContainer } from '../../core/deploy/deploymentState';
import type { DeploymentState } from '../../core/deploy/deploymentTypes';
import { LABEL } from '../../core/deploy/labels';
import type * as DockerBundle from '../../docker';
import { dockerBundle } from '../docker/dockerBundle';
import { readDockerSettings } from '../docker/dockerSettings';
import type { ContainerLogs, DeployableRun, DeployBackend, DeploymentsSnapshot, DeployRequest, DockerizeOutcome, DockerizeRequest } from './deployBackend';

type Engine = DockerBundle.DockerEngine;
type ContainerInfo = DockerBundle.ContainerInfo;

/** The wave-2 functions of dist/docker.js, with the signatures of DOCKER-WAVE2.md. */
interface WaveTwo {
  dockerize(o: DockerizeRequest & { engine: Engine }): Promise<DockerizeOutcome>;
  resolveDeployableRun(pipelineFile: string, runRef?: string): Promise<{ run: { id: string; commit?: string }; gates: { passed: boolean; failing: { expression: string; actual?: unknown }[] } }>;
  deploy(o: Omit<DeployRequest, 'example'> & { engine: Engine; example?: unknown }): Promise<{ summary: string; state: DeploymentState }>;
  promote(engine: Engine, deployment: string, o?: { onProgress?: (s: string) => void }): Promise<unknown>;
  rollback(engine: Engine, deployment: string, o?: { onProgress?: (s: string) => void }): Promise<unknown>;
  undeploy(engine: Engine, deployment: string): Promise<unknown>;
  sendTestRequest(state: DeploymentState, example: unknown): Promise<{ status: number; body: unknown }>;
}

/** A failure the user reads as one sentence. */
export class DeployUnavailableError extends Error {
  constructor() {
    super('This build of MLOps Workbench cannot dockerise or deploy yet: its Docker bundle lacks the deployer.');
    this.name = 'DeployUnavailableError';
  }
}

function waveTwo<K extends keyof WaveTwo>(name: K): WaveTwo[K] {
  const found = (dockerBundle() as unknown as Partial<WaveTwo>)[name];
  if (typeof found !== 'function') throw new DeployUnavailableError();
  return found as WaveTwo[K];
}

/** dockerode's inspect shape, which rebuildDeployments reads, from the adapter's ContainerInfo. */
export function asInspected(c: ContainerInfo): InspectedContainer {
  return {
    Id: c.id,
    Config: { Image: c.image, Labels: { ...c.labels } },
    State: { Running: c.state === 'running', ...(c.startedAt ? { StartedAt: c.startedAt } : {}), Health: c.health ? { Status: c.health } : null },
  };
}

export class EngineDeployBackend implements DeployBackend {
  private cached: { host: string; engine: Engine } | undefined;

  /** The engine the settings name now; a changed `mlops.docker.host` opens a new client. */
  private engine(): Engine {
    const { host } = readDockerSettings();
    if (this.cached?.host !== host) this.cached = { host, engine: dockerBundle().openEngine({ override: host }) };
    return this.cached.engine;
  }

  async listDeployments(): Promise<DeploymentsSnapshot> {
    const bundle = dockerBundle();
    let engine: Engine;
    try {
      engine = this.engine();
    } catch (error) {
      return unreachable(error);
    }
    const ping = await bundle.pingEngine(engine, { timeoutMs: bundle.shortCallMs });
    if (!ping.ok) return { ok: false, message: ping.error.message, detail: ping.error.detail };
    try {
      const containers = await bundle.listContainers(engine, { [LABEL.managed]: 'true' }, { timeoutMs: 10_000 });
      return { ok: true, deployments: rebuildDeployments(containers.map(asInspected), Date.now()) };
    } catch (error) {
      return unreachable(error);
    }
  }

  async resolveDeployableRun(pipelineFile: string, runRef?: string): Promise<DeployableRun> {
    const { run, gates } = await waveTwo('resolveDeployableRun')(pipelineFile, runRef);
    return { id: run.id, ...(run.commit ? { commit: run.commit } : {}), gatesPassed: gates.passed, failing: gates.failing };
  }

  dockerize(request: DockerizeRequest): Promise<DockerizeOutcome> {
    return waveTwo('dockerize')({ ...request, engine: this.engine() });
  }

  deploy(request: DeployRequest): Promise<{ summary: string }> {
    return waveTwo('deploy')({ ...request, engine: this.engine() });
  }

  promote(deployment: string, onProgress: (sentence: string) => void): Promise<unknown> {
    return waveTwo('promote')(this.engine(), deployment, { onProgress });
  }

  rollback(deployment: string, onProgress: (sentence: string) => void): Promise<unknown> {
    return waveTwo('rollback')(this.engine(), deployment, { onProgress });
  }

  undeploy(deployment: string): Promise<unknown> {
    return waveTwo('undeploy')(this.engine(), deployment);
  }

  sendTestRequest(state: DeploymentState, example: unknown): Promise<{ status: number; body: unknown }> {
    return waveTwo('sendTestRequest')(state, example);
  }

  streamLogs(containerId: string, onLine: (line: string) => void, signal: AbortSignal): Promise<ContainerLogs> {
    return dockerBundle().streamLogs(this.engine(), containerId, { onLine, follow: true, tail: 200, signal });
  }
}

function unreachable(error: unknown): DeploymentsSnapshot {
  const e = error as { message?: string; detail?: string };
  return { ok: false, message: e.message ?? String(error), ...(e.detail ? { detail: e.detail } : {}) };
}
