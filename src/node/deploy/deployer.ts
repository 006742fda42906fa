// Deploy, promote, roll back and stop a deployment: read its state from the engine, plan with
// src/core/deploy, execute against the engine. Nothing is remembered between calls.
import { exampleRequestBody, type InputExample } from '../../core/deploy/contractCheck';
import type { DeploymentState } from '../../core/deploy/deploymentTypes';
import type { Strategy } from '../../core/deploy/labels';
import { planPromote, planRollback, planRollout, planStop, RolloutError, containerName, type RouterOptions } from '../../core/deploy/rolloutPlan';
import { ROUTER_CONFIG_PATH } from '../../core/deploy/routerConfig';
import { shadowReport, type ShadowReport } from '../../core/deploy/shadowReport';
import { DEFAULT_MAX_BODY_BYTES } from '../../core/docker/dockerfilePlan';
import { ARTIFACT_LABEL, type DeployAuditAction } from '../../core/registry/deployAudit';
import { LABEL } from '../../core/deploy/labels';
import { execInContainer } from '../docker/containerIo';
import { listContainers } from '../docker/containers';
import type { DockerEngine } from '../docker/engineClient';
import { appendDeployAudit, type DeployAuditTarget } from '../registry/deployAudit';
import { chooseHostPort, readDeployment } from './engineState';
import { DeployError, executePlan } from './planExecutor';

export { listDeployments, readDeployment } from './engineState';
export { DeployError } from './planExecutor';

export const DEFAULT_ROUTER_IMAGE = 'nginx:1.27-alpine';

/** The router image: the option (setting), else MLOPS_ROUTER_IMAGE, else nginx:1.27-alpine. */
export function routerImageFor(option?: string, env: Readonly<Record<string, string | undefined>> = process.env): string {
  return option?.trim() || env['MLOPS_ROUTER_IMAGE']?.trim() || DEFAULT_ROUTER_IMAGE;
}

interface Common {
  routerImage?: string;
  onProgress?: (sentence: string) => void;
  signal?: AbortSignal;
  /** Labels added to every container started (tests mark theirs). */
  extraLabels?: Readonly<Record<string, string>>;
  healthTimeoutMs?: number;
  drainMs?: number;
  /** When given, the change is appended to that registry's audit trail once it is done. */
  audit?: DeployAuditTarget;
}

export interface DeployOptions extends Common {
  engine: DockerEngine;
  image: string;
  model: string;
  version: string;
  run: string;
  commit?: string;
  /** Default: the model name. */
  deployment?: string;
  strategy: Strategy;
  weight?: number;
  /** The router's port. */
  port: number;
  /** 127.0.0.1 by default; 0.0.0.0 serves other machines. */
  routerHost?: string;
  /** The pipeline's `model.example`: the contract check sends it; no rollout without it. */
  example?: InputExample;
  maxBodyBytes?: number;
}

export interface DeployResult {
  summary: string;
  state: DeploymentState;
}

export async function deploy(o: DeployOptions): Promise<DeployResult> {
  const deployment = o.deployment ?? o.model;
  if (!o.example) throw new DeployError('no-example', `${o.model} has no input example ('model.example'): the contract check sends it before any traffic moves, so nothing was deployed.`);
  const example = o.example;
  const current = await readDeployment(o.engine, deployment);
  const primary = current?.versions.find((v) => v.running && v.role === 'primary');
  const plan = planRollout(current, {
    deployment, model: o.model, strategy: o.strategy, image: o.image, version: o.version, run: o.run, commit: o.commit, weight: o.weight,
    port: await chooseHostPort(o.engine), routerPort: current?.routerPort ?? o.port, routerHost: o.routerHost,
    maxBodyBytes: o.maxBodyBytes ?? (current ? (await routerSettings(o.engine, current)).maxBodyBytes : DEFAULT_MAX_BODY_BYTES),
    example, healthTimeoutMs: o.healthTimeoutMs, drainMs: o.drainMs,
  });
  o.onProgress?.(plan.summary);
  const artifacts = await artifactLabels(o.engine, deployment, o.audit);
  await executePlan(plan, { ...context(o, deployment), serving: primary ? `${primary.version}` : undefined, candidate: o.version });
  const after = await stateAfter(o.engine, deployment);
  await audit(o.engine, o.audit, { action: 'deploy', deployment, model: o.model, before: current, after, candidate: o.version }, artifacts);
  return { summary: plan.summary, state: after };
}

export type ChangeOptions = Common & { example?: InputExample };

/** The running canary or shadow takes all traffic; the old primary is drained and stopped. */
export async function promote(engine: DockerEngine, deployment: string, o: ChangeOptions = {}): Promise<DeployResult> {
  const current = await existing(engine, deployment);
  const plan = planPromote(current, await routerOptions(engine, current, o));
  o.onProgress?.(plan.summary);
  const artifacts = await artifactLabels(engine, deployment, o.audit);
  await executePlan(plan, context({ ...o, engine }, deployment));
  const after = await stateAfter(engine, deployment);
  await audit(engine, o.audit, { action: 'promote', deployment, model: current.model, before: current, after }, artifacts);
  return { summary: plan.summary, state: after };
}

/** One action back: the canary or shadow leaves, or the previous (stopped) version serves again. */
export async function rollback(engine: DockerEngine, deployment: string, o: ChangeOptions = {}): Promise<DeployResult> {
  const current = await existing(engine, deployment);
  const primary = current.versions.find((v) => v.running && v.role === 'primary');
  const plan = planRollback(current, await routerOptions(engine, current, o));
  o.onProgress?.(plan.summary);
  const artifacts = await artifactLabels(engine, deployment, o.audit);
  await executePlan(plan, { ...context({ ...o, engine }, deployment), serving: primary?.version });
  const after = await stateAfter(engine, deployment);
  await audit(engine, o.audit, { action: 'rollback', deployment, model: current.model, before: current, after }, artifacts);
  return { summary: plan.summary, state: after };
}

/** Stops and removes the router and every version. */
export async function undeploy(engine: DockerEngine, deployment: string, o: Common = {}): Promise<{ summary: string }> {
  const current = await existing(engine, deployment);
  const plan = planStop(current);
  o.onProgress?.(plan.summary);
  const artifacts = await artifactLabels(engine, deployment, o.audit);
  await executePlan(plan, context({ ...o, engine }, deployment));
  await audit(engine, o.audit, { action: 'stop', deployment, model: current.model, before: current, after: undefined }, artifacts);
  return { summary: plan.summary };
}

/** How often the running shadow answered differently from the primary, from both request logs. */
export async function shadowDisagreement(engine: DockerEngine, deployment: string): Promise<ShadowReport> {
  const current = await existing(engine, deployment);
  const primary = current.versions.find((v) => v.running && v.role === 'primary');
  const shadow = current.versions.find((v) => v.running && v.role === 'shadow');
  if (!primary || !shadow) throw new RolloutError('no-deployment', `${deployment} has no shadow running next to its primary.`);
  const [primaryLog, shadowLog] = await Promise.all([requestLog(engine, primary.containerId), requestLog(engine, shadow.containerId)]);
  return shadowReport(primaryLog, shadowLog);
}

/** Posts the example to the deployment's router (or any base URL) and returns the answer. */
export async function sendTestRequest(target: DeploymentState | string, example: InputExample): Promise<{ status: number; body: unknown }> {
  if (typeof target !== 'string' && target.routerPort === undefined) throw new RolloutError('no-deployment', `${target.deployment} has no router to send a request to.`);
  const base = typeof target === 'string' ? target : `http://127.0.0.1:${target.routerPort}`;
  const response = await fetch(`${base.replace(/\/$/, '')}/invocations`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: exampleRequestBody(example), signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: shown as text.
  }
  return { status: response.status, body };
}

/** The request log and its rotated files, oldest first (the path the server was configured with). */
async function requestLog(engine: DockerEngine, containerId: string): Promise<string> {
  const script = 'f="${MLOPS_REQUEST_LOG:-/tmp/mlops/requests.jsonl}"; for i in 9 8 7 6 5 4 3 2 1; do [ -f "$f.$i" ] && cat "$f.$i"; done; [ -f "$f" ] && cat "$f"; true';
  const result = await execInContainer(engine, containerId, ['sh', '-c', script], { timeoutMs: 30_000 });
  return result.stdout;
}

async function existing(engine: DockerEngine, deployment: string): Promise<DeploymentState> {
  const current = await readDeployment(engine, deployment);
  if (!current) throw new RolloutError('no-deployment', `There is no deployment named ${deployment} on this Docker engine.`);
  return current;
}

async function stateAfter(engine: DockerEngine, deployment: string): Promise<DeploymentState> {
  return (await readDeployment(engine, deployment)) ?? { deployment, model: deployment, strategy: 'recreate', versions: [] };
}

/** The router's listen address and body limit, read back from the config inside it. */
async function routerSettings(engine: DockerEngine, current: DeploymentState): Promise<{ maxBodyBytes: number; host?: string }> {
  if (!current.router?.running) return { maxBodyBytes: DEFAULT_MAX_BODY_BYTES };
  const result = await execInContainer(engine, containerName(current.deployment, 'router'), ['cat', ROUTER_CONFIG_PATH], { timeoutMs: 10_000 }).catch(() => undefined);
  const text = result?.stdout ?? '';
  const body = /client_max_body_size (\d+);/.exec(text);
  const listen = /listen ([\d.]+):\d+;/.exec(text);
  return { maxBodyBytes: body ? Number(body[1]) : DEFAULT_MAX_BODY_BYTES, ...(listen ? { host: listen[1] } : {}) };
}

async function routerOptions(engine: DockerEngine, current: DeploymentState, o: ChangeOptions): Promise<RouterOptions> {
  if (current.routerPort === undefined) throw new RolloutError('no-deployment', `${current.deployment} has no router on this Docker engine.`);
  const settings = await routerSettings(engine, current);
  return { routerPort: current.routerPort, routerHost: settings.host, maxBodyBytes: settings.maxBodyBytes, example: o.example, healthTimeoutMs: o.healthTimeoutMs, drainMs: o.drainMs };
}

/** The artifact hash label of each of the deployment's containers (read before a stop removes them). */
async function artifactLabels(engine: DockerEngine, deployment: string, target: DeployAuditTarget | undefined): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (!target) return found;
  for (const c of await listContainers(engine, { [LABEL.managed]: 'true', [LABEL.deployment]: deployment })) {
    const hash = c.labels[ARTIFACT_LABEL];
    if (hash) found.set(c.id, hash);
  }
  return found;
}

/** The change, appended to the registry's audit trail once the engine shows it done. */
async function audit(
  engine: DockerEngine, target: DeployAuditTarget | undefined,
  facts: { action: DeployAuditAction; deployment: string; model: string; before: DeploymentState | undefined; after: DeploymentState | undefined; candidate?: string },
  artifacts: Map<string, string>,
): Promise<void> {
  if (!target) return;
  if (facts.after) for (const [id, hash] of await artifactLabels(engine, facts.deployment, target)) artifacts.set(id, hash);
  appendDeployAudit(target, { ...facts, artifactOf: (id) => artifacts.get(id) });
}

function context(o: Common & { engine: DockerEngine }, deployment: string) {
  return { engine: o.engine, deployment, routerImage: routerImageFor(o.routerImage), extraLabels: o.extraLabels, onProgress: o.onProgress, signal: o.signal };
}
