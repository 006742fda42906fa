// The real DeployBackend: every call opens the engine the settings name (blank = as the docker
// CLI does) through the lazily loaded dist/docker.js (the dockerizer and the deployer live there).
import type { DeploymentState } from '../../core/deploy/deploymentTypes';
import type { InputExample } from '../../core/deploy/contractCheck';
import type * as DockerBundle from '../../docker';
import { dockerBundle } from '../docker/dockerBundle';
import { readDockerSettings } from '../docker/dockerSettings';
import type { ContainerLogs, DeployAudit, DeployableRun, DeployBackend, DeploymentsSnapshot, DeployRequest, DockerizeOutcome, DockerizeRequest } from './deployBackend';

type Engine = DockerBundle.DockerEngine;

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
    // A ping bounded at 3 s first: an engine that is not there answers in one sentence, fast.
    const ping = await bundle.pingEngine(engine, { timeoutMs: bundle.shortCallMs });
    if (!ping.ok) return { ok: false, message: ping.error.message, ...(ping.error.detail ? { detail: ping.error.detail } : {}) };
    try {
      return { ok: true, deployments: await bundle.listDeployments(engine) };
    } catch (error) {
      return unreachable(error);
    }
  }

  async resolveDeployableRun(pipelineFile: string, runRef?: string): Promise<DeployableRun> {
    const { run, gates, registered } = await dockerBundle().resolveDeployableRun(pipelineFile, runRef);
    return {
      id: run.id, ...(run.commit ? { commit: run.commit } : {}), gatesPassed: gates.passed, failing: gates.failing,
      ...(registered ? { registered: `${registered.model}:${registered.version}` } : {}),
    };
  }

  dockerize(request: DockerizeRequest): Promise<DockerizeOutcome> {
    return dockerBundle().dockerize({ ...request, engine: this.engine() });
  }

  deploy(request: DeployRequest): Promise<{ summary: string }> {
    return dockerBundle().deploy({ ...request, engine: this.engine(), routerHost: readDockerSettings().bindAddress });
  }

  promote(deployment: string, onProgress: (sentence: string) => void, audit?: DeployAudit): Promise<unknown> {
    return dockerBundle().promote(this.engine(), deployment, { onProgress, routerImage: readDockerSettings().routerImage, ...(audit ? { audit } : {}) });
  }

  rollback(deployment: string, onProgress: (sentence: string) => void, audit?: DeployAudit): Promise<unknown> {
    return dockerBundle().rollback(this.engine(), deployment, { onProgress, routerImage: readDockerSettings().routerImage, ...(audit ? { audit } : {}) });
  }

  undeploy(deployment: string, audit?: DeployAudit): Promise<unknown> {
    return dockerBundle().undeploy(this.engine(), deployment, audit ? { audit } : {});
  }

  sendTestRequest(state: DeploymentState, example: InputExample): Promise<{ status: number; body: unknown }> {
    return dockerBundle().sendTestRequest(state, example);
  }

  streamLogs(containerId: string, onLine: (line: string) => void, signal: AbortSignal): Promise<ContainerLogs> {
    return dockerBundle().streamLogs(this.engine(), containerId, { onLine, follow: true, tail: 200, signal });
  }
}

function unreachable(error: unknown): DeploymentsSnapshot {
  const e = error as { message?: string; detail?: string };
  return { ok: false, message: e.message ?? String(error), ...(e.detail ? { detail: e.detail } : {}) };
}
