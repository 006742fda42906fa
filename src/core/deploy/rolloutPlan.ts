// The steps of a rollout, promote, rollback or stop, as data; src/node executes them against the
// engine. The guarantee every plan keeps: no traffic moves to a new version before it passed
// waitHealthy and contractCheck. If either fails, the executor stops and runs `onFailure`, which
// touches only what the plan started, so the current version keeps serving.
import type { InputExample } from './contractCheck';
import type { DeploymentState, VersionState } from './deploymentTypes';
import { LABEL, otherColour } from './labels';
import type { Colour, Role, Strategy } from './labels';
import { planRouterConfig, ROUTER_CONFIG_PATH } from './routerConfig';

export const DEFAULT_HEALTH_TIMEOUT_MS = 60_000;
export const DEFAULT_DRAIN_MS = 3_000;

export type RolloutStep =
  | { kind: 'removeContainer'; colour: Colour }
  | { kind: 'startContainer'; colour: Colour; role: Exclude<Role, 'router'>; name: string; image: string; port: number; env: Record<string, string>; labels: Record<string, string> }
  /** Starts a stopped container again (rollback to the previous version). */
  | { kind: 'restartContainer'; colour: Colour }
  | { kind: 'waitHealthy'; colour: Colour; port: number; timeoutMs: number }
  | { kind: 'contractCheck'; colour: Colour; port: number; example: InputExample }
  | { kind: 'writeRouter'; path: string; config: string }
  | { kind: 'startRouter'; name: string; host: string; port: number; configPath: string; labels: Record<string, string> }
  | { kind: 'reloadRouter' }
  | { kind: 'drain'; ms: number }
  | { kind: 'stopContainer'; colour: Colour }
  | { kind: 'stopRouter' }
  | { kind: 'removeRouter' };

export interface RolloutPlan {
  steps: RolloutStep[];
  /** Run instead of the remaining steps when waitHealthy or contractCheck fails. */
  onFailure: RolloutStep[];
  /** One sentence for the user: what the plan does. */
  summary: string;
}

export type RolloutErrorCode = 'bad-weight' | 'nothing-to-promote' | 'nothing-to-roll-back' | 'no-deployment';

export class RolloutError extends Error {
  constructor(readonly code: RolloutErrorCode, message: string) {
    super(message);
    this.name = 'RolloutError';
  }
}

export interface RolloutRequest {
  deployment: string;
  model: string;
  strategy: Strategy;
  image: string;
  version: string;
  run: string;
  commit?: string;
  /** Canary percentage, 1 to 99. */
  weight?: number;
  /** Host port for the new version's container, chosen free by the caller. */
  port: number;
  /** The deployment's port: the router listens there. */
  routerPort: number;
  routerHost?: string;
  maxBodyBytes: number;
  example: InputExample;
  healthTimeoutMs?: number;
  drainMs?: number;
}

/** Names are per deployment and colour, so a colour holds at most one container. */
export function containerName(deployment: string, colour: Colour | 'router'): string {
  return `mlops-${deployment.replace(/[^A-Za-z0-9_.-]/g, '-')}-${colour}`;
}

/** Rolls out a new version with the request's strategy. */
export function planRollout(current: DeploymentState | undefined, request: RolloutRequest): RolloutPlan {
  if (request.strategy === 'canary' && (request.weight === undefined || !Number.isInteger(request.weight) || request.weight < 1 || request.weight > 99)) {
    throw new RolloutError('bad-weight', `A canary needs a weight from 1 to 99 (percent of traffic), not ${request.weight ?? 'none'}.`);
  }
  const primary = running(current).find((v) => v.role === 'primary');
  const candidate = running(current).find((v) => v.role !== 'primary');
  const colour = primary ? otherColour(primary.colour) : (candidate ? otherColour(candidate.colour) : 'blue');
  // With nothing serving, every strategy starts the new version as the primary.
  const role: Exclude<Role, 'router'> = !primary ? 'primary' : request.strategy === 'canary' ? 'canary' : request.strategy === 'shadow' ? 'shadow' : 'primary';
  const timeoutMs = request.healthTimeoutMs ?? DEFAULT_HEALTH_TIMEOUT_MS;
  const drainMs = request.drainMs ?? DEFAULT_DRAIN_MS;
  const router = (serving: number, extra?: { canary?: { port: number; weight: number }; shadowPort?: number }): RolloutStep => ({
    kind: 'writeRouter', path: ROUTER_CONFIG_PATH,
    config: planRouterConfig({ deployment: request.deployment, listenHost: request.routerHost, listenPort: request.routerPort, maxBodyBytes: request.maxBodyBytes, primaryPort: serving, ...extra }),
  });
  const routerLive = current?.router?.running === true;
  // A router container that stopped holds the name: remove it before starting a new one.
  const applyRouter = (config: RolloutStep): RolloutStep[] => routerLive ? [config, { kind: 'reloadRouter' }]
    : [config, ...(current?.router ? [{ kind: 'removeRouter' } as RolloutStep] : []), startRouter(request)];

  const steps: RolloutStep[] = [];
  // A colour holds one container: clear the one the new version takes (a stopped previous
  // version, or a canary/shadow being replaced, after routing its traffic back).
  const occupant = current?.versions.find((v) => v.colour === colour);
  if (occupant?.running && primary) steps.push(router(primary.port), { kind: 'reloadRouter' }, { kind: 'drain', ms: drainMs }, { kind: 'stopContainer', colour });
  else if (occupant?.running) steps.push({ kind: 'stopContainer', colour });
  if (occupant) steps.push({ kind: 'removeContainer', colour });
  const onFailure: RolloutStep[] = [{ kind: 'stopContainer', colour }];
  if (request.strategy === 'recreate' && primary) {
    // Recreate stops the old version first (downtime by definition); a failure brings it back.
    steps.push({ kind: 'stopContainer', colour: primary.colour });
    onFailure.push({ kind: 'restartContainer', colour: primary.colour }, { kind: 'waitHealthy', colour: primary.colour, port: primary.port, timeoutMs });
  }
  steps.push(
    startContainer(request, colour, role),
    { kind: 'waitHealthy', colour, port: request.port, timeoutMs },
    { kind: 'contractCheck', colour, port: request.port, example: request.example },
  );
  let summary: string;
  if (role === 'primary') {
    steps.push(...applyRouter(router(request.port)));
    if (primary && request.strategy !== 'recreate') steps.push({ kind: 'drain', ms: drainMs }, { kind: 'stopContainer', colour: primary.colour });
    summary = primary ? `${request.strategy === 'recreate' ? 'Replace' : 'Switch'} ${request.model} ${primary.version} → ${request.version} (${request.strategy}).` : `Deploy ${request.model} ${request.version} on port ${request.routerPort}.`;
  } else if (role === 'canary') {
    steps.push(...applyRouter(router(primary!.port, { canary: { port: request.port, weight: request.weight! } })));
    summary = `Send ${request.weight}% of ${request.model}'s traffic to ${request.version} (canary), ${100 - request.weight!}% to ${primary!.version}.`;
  } else {
    steps.push(...applyRouter(router(primary!.port, { shadowPort: request.port })));
    summary = `Mirror ${request.model}'s traffic to ${request.version} (shadow); clients keep getting ${primary!.version}'s answers.`;
  }
  return { steps, onFailure, summary };

  function startRouter(r: RolloutRequest): RolloutStep {
    return {
      kind: 'startRouter', name: containerName(r.deployment, 'router'), host: r.routerHost ?? '127.0.0.1', port: r.routerPort, configPath: ROUTER_CONFIG_PATH,
      labels: { [LABEL.managed]: 'true', [LABEL.deployment]: r.deployment, [LABEL.model]: r.model, [LABEL.role]: 'router', [LABEL.port]: String(r.routerPort) },
    };
  }
}

/** Makes the running canary or shadow the only version: all traffic to it, the old one stopped. */
export function planPromote(current: DeploymentState | undefined, options: RouterOptions): RolloutPlan {
  const primary = running(current).find((v) => v.role === 'primary');
  const candidate = running(current).find((v) => v.role !== 'primary');
  if (!current || !candidate) throw new RolloutError('nothing-to-promote', `${current?.deployment ?? 'This deployment'} has no canary or shadow to promote.`);
  const steps: RolloutStep[] = [
    { kind: 'waitHealthy', colour: candidate.colour, port: candidate.port, timeoutMs: options.healthTimeoutMs ?? DEFAULT_HEALTH_TIMEOUT_MS },
    writeRouter(current, options, candidate.port), { kind: 'reloadRouter' },
  ];
  if (primary) steps.push({ kind: 'drain', ms: options.drainMs ?? DEFAULT_DRAIN_MS }, { kind: 'stopContainer', colour: primary.colour });
  return { steps, onFailure: [], summary: `Promote ${current.model} ${candidate.version} to take all traffic${primary ? ` and stop ${primary.version}` : ''}.` };
}

/**
 * One action back: a running canary or shadow is removed from traffic and stopped; otherwise the
 * previous version (its stopped container, or `previous` started from its image) serves again.
 */
export function planRollback(current: DeploymentState | undefined, options: RouterOptions & { previous?: PreviousVersion }): RolloutPlan {
  if (!current) throw new RolloutError('no-deployment', 'There is no deployment to roll back.');
  const primary = running(current).find((v) => v.role === 'primary');
  const candidate = running(current).find((v) => v.role !== 'primary');
  const drain: RolloutStep = { kind: 'drain', ms: options.drainMs ?? DEFAULT_DRAIN_MS };
  if (primary && candidate) {
    return {
      steps: [writeRouter(current, options, primary.port), { kind: 'reloadRouter' }, drain, { kind: 'stopContainer', colour: candidate.colour }],
      onFailure: [],
      summary: `Take ${current.model} ${candidate.version} (${candidate.role}) out of traffic; ${primary.version} answers everything.`,
    };
  }
  const stopped = current.versions.find((v) => !v.running && v.colour !== primary?.colour);
  const timeoutMs = options.healthTimeoutMs ?? DEFAULT_HEALTH_TIMEOUT_MS;
  if (stopped) {
    const steps: RolloutStep[] = [
      { kind: 'restartContainer', colour: stopped.colour },
      { kind: 'waitHealthy', colour: stopped.colour, port: stopped.port, timeoutMs },
      ...(options.example ? [{ kind: 'contractCheck', colour: stopped.colour, port: stopped.port, example: options.example } as RolloutStep] : []),
      writeRouter(current, options, stopped.port), { kind: 'reloadRouter' },
    ];
    if (primary) steps.push(drain, { kind: 'stopContainer', colour: primary.colour });
    return { steps, onFailure: [{ kind: 'stopContainer', colour: stopped.colour }], summary: `Roll ${current.model} back to ${stopped.version}${primary ? ` from ${primary.version}` : ''}.` };
  }
  if (options.previous) {
    const plan = planRollout(current, { ...options.previous, strategy: 'blue-green', routerPort: options.routerPort, routerHost: options.routerHost, maxBodyBytes: options.maxBodyBytes, healthTimeoutMs: options.healthTimeoutMs, drainMs: options.drainMs });
    return { ...plan, summary: `Roll ${current.model} back to ${options.previous.version}${primary ? ` from ${primary.version}` : ''}.` };
  }
  throw new RolloutError('nothing-to-roll-back', `${current.model} has no previous version to roll back to.`);
}

/** Stops and removes the router and every model container of the deployment. */
export function planStop(current: DeploymentState | undefined): RolloutPlan {
  if (!current) throw new RolloutError('no-deployment', 'There is no deployment to stop.');
  const steps: RolloutStep[] = [];
  if (current.router) steps.push(...(current.router.running ? [{ kind: 'stopRouter' } as RolloutStep] : []), { kind: 'removeRouter' });
  for (const v of current.versions) if (v.running) steps.push({ kind: 'stopContainer', colour: v.colour });
  for (const v of current.versions) steps.push({ kind: 'removeContainer', colour: v.colour });
  return { steps, onFailure: [], summary: `Stop ${current.deployment} and remove its containers.` };
}

/** The version to start from its image when its container is gone (from the registry). */
export type PreviousVersion = Pick<RolloutRequest, 'deployment' | 'model' | 'image' | 'version' | 'run' | 'commit' | 'port' | 'example'>;

/** What the router needs besides the state, for promote and rollback. */
export interface RouterOptions {
  routerPort: number;
  routerHost?: string;
  maxBodyBytes: number;
  example?: InputExample;
  healthTimeoutMs?: number;
  drainMs?: number;
}

function writeRouter(current: DeploymentState, options: RouterOptions, port: number): RolloutStep {
  return { kind: 'writeRouter', path: ROUTER_CONFIG_PATH, config: planRouterConfig({ deployment: current.deployment, listenHost: options.routerHost, listenPort: options.routerPort, maxBodyBytes: options.maxBodyBytes, primaryPort: port }) };
}

function running(current: DeploymentState | undefined): VersionState[] {
  return current?.versions.filter((v) => v.running) ?? [];
}

function startContainer(r: RolloutRequest, colour: Colour, role: Exclude<Role, 'router'>): RolloutStep {
  const labels: Record<string, string> = {
    [LABEL.managed]: 'true', [LABEL.deployment]: r.deployment, [LABEL.model]: r.model, [LABEL.version]: r.version, [LABEL.run]: r.run,
    [LABEL.colour]: colour, [LABEL.role]: role, [LABEL.port]: String(r.port), [LABEL.strategy]: r.strategy,
  };
  if (r.commit) labels[LABEL.commit] = r.commit;
  if (role === 'canary') labels[LABEL.weight] = String(r.weight);
  const env: Record<string, string> = {
    // Host networking: each container listens on its own loopback port; only the router faces clients.
    MLOPS_HOST: '127.0.0.1', MLOPS_PORT: String(r.port), MLOPS_MAX_BODY_BYTES: String(r.maxBodyBytes),
    MLOPS_MODEL_NAME: r.model, MLOPS_MODEL_VERSION: r.version, MLOPS_RUN_ID: r.run,
  };
  if (r.commit) env['MLOPS_GIT_COMMIT'] = r.commit;
  return { kind: 'startContainer', colour, role, name: containerName(r.deployment, colour), image: r.image, port: r.port, env, labels };
}
