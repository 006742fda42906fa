// What the Deployments tree and the Docker/deploy commands need from the engine, as one small
// interface: the area takes an object implementing it (the real one talks to the engine through
// dist/docker.js), so nothing reaches for a global client and tests can hand in their own engine.
import type { InputExample } from '../../core/deploy/contractCheck';
import type { DeploymentState } from '../../core/deploy/deploymentTypes';
import type { FailingGate } from '../../core/deploy/gateCheck';
import type { Strategy } from '../../core/deploy/labels';

/** The engine's deployments, or why the engine could not be asked (one sentence + detail for the log). */
export type DeploymentsSnapshot =
  | { readonly ok: true; readonly deployments: readonly DeploymentState[] }
  | { readonly ok: false; readonly message: string; readonly detail?: string };

export type GateFailure = FailingGate;

export interface DeployableRun {
  readonly id: string;
  /** `model:version` when a registered version was named (its recorded gates are the ones checked). */
  readonly registered?: string;
  readonly commit?: string;
  readonly gatesPassed: boolean;
  readonly failing: readonly GateFailure[];
}

export interface BuildStep { readonly step: number; readonly total: number; readonly instruction: string }

export interface DockerizeRequest {
  readonly pipelineFile: string;
  readonly runRef?: string;
  /** The setting mlops.docker.defaultBase: used when the pipeline names no docker.base. */
  readonly defaultBase: string;
  readonly dockerfile: 'keep-existing' | 'overwrite';
  readonly onEvent: (line: string, progress?: BuildStep) => void;
  readonly signal: AbortSignal;
}

export interface DockerizeOutcome {
  readonly tag: string;
  readonly model: string;
  readonly version: string;
  readonly run: string;
  readonly commit?: string;
  readonly dockerfile: { readonly path: string; readonly status: 'created' | 'kept' | 'overwritten' | 'differs'; readonly generated: string };
}

/** Where a deployment change is recorded: the registry beside the pipeline, and who did it. */
export interface DeployAudit {
  readonly registry: string;
  readonly who: string;
  /** Deploy only: the failing gates that were overridden, and why. */
  readonly overriddenGates?: readonly FailingGate[];
  readonly reason?: string;
}

export interface DeployRequest {
  readonly image: string;
  readonly model: string;
  readonly version: string;
  readonly run: string;
  readonly commit?: string;
  readonly strategy: Strategy;
  readonly weight?: number;
  /** The router's host port (the pipeline's deploy.port). */
  readonly port: number;
  /** The pipeline's model.example, sent to the new version before it gets traffic. */
  readonly example: InputExample;
  readonly routerImage: string;
  readonly onProgress: (sentence: string) => void;
  readonly signal: AbortSignal;
  /** Appends the change to the registry's audit trail when given. */
  readonly audit?: DeployAudit;
}

export interface ContainerLogs {
  stop(): void;
  readonly done: Promise<void>;
}

export interface DeployBackend {
  /** Answers within a few seconds whatever the engine does (a ping bounded at 3 s first). */
  listDeployments(): Promise<DeploymentsSnapshot>;
  resolveDeployableRun(pipelineFile: string, runRef?: string): Promise<DeployableRun>;
  dockerize(request: DockerizeRequest): Promise<DockerizeOutcome>;
  deploy(request: DeployRequest): Promise<{ summary: string }>;
  promote(deployment: string, onProgress: (sentence: string) => void, audit?: DeployAudit): Promise<unknown>;
  rollback(deployment: string, onProgress: (sentence: string) => void, audit?: DeployAudit): Promise<unknown>;
  undeploy(deployment: string, audit?: DeployAudit): Promise<unknown>;
  sendTestRequest(state: DeploymentState, example: InputExample): Promise<{ status: number; body: unknown }>;
  streamLogs(containerId: string, onLine: (line: string) => void, signal: AbortSignal): Promise<ContainerLogs>;
}
