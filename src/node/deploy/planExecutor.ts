// Runs a rollout plan's steps against the engine, in order. When the new version fails its health
// or contract check, the plan's onFailure steps run instead of the rest (they touch only what the
// plan started), and a DeployError says why in one sentence: the current version keeps serving.
import { checkContract, exampleRequestBody } from '../../core/deploy/contractCheck';
import { containerName, type RolloutPlan, type RolloutStep } from '../../core/deploy/rolloutPlan';
import { ROUTER_HEALTH_PATH, ROUTER_STATE_DIR, routerReloadCommand } from '../../core/deploy/routerConfig';
import type { Colour } from '../../core/deploy/labels';
import { copyFileIntoContainer, execInContainer, streamLogs } from '../docker/containerIo';
import { inspectContainer, removeContainer, runContainer, stopContainer, waitUntilReady } from '../docker/containers';
import { engineCall, shortCallMs, type DockerEngine } from '../docker/engineClient';
import { EngineError } from '../docker/engineErrors';

export type DeployErrorCode = 'health-check-failed' | 'contract-check-failed' | 'router-failed' | 'no-example';

/** A rollout that stopped before traffic moved (or a router that refused its config). */
export class DeployError extends Error {
  constructor(readonly code: DeployErrorCode, message: string, readonly detail?: string) {
    super(message);
    this.name = 'DeployError';
  }
}

export interface ExecuteContext {
  engine: DockerEngine;
  deployment: string;
  routerImage: string;
  /** Added to every container the plan starts (tests label theirs `mlops.test=…`). */
  extraLabels?: Readonly<Record<string, string>>;
  /** Who serves when the new version fails, for the sentence ("v1 keeps serving"). */
  serving?: string;
  /** What the new version is called in messages. */
  candidate?: string;
  onProgress?: (sentence: string) => void;
  signal?: AbortSignal;
}

/** Grace after SIGTERM: the shipped server finishes its requests well within it. */
const STOP_GRACE_SECONDS = 10;

export async function executePlan(plan: RolloutPlan, ctx: ExecuteContext): Promise<void> {
  for (const step of plan.steps) {
    try {
      await runStep(step, ctx);
    } catch (error) {
      if (!(error instanceof DeployError) || (error.code !== 'health-check-failed' && error.code !== 'contract-check-failed')) throw error;
      ctx.onProgress?.(`${error.message} Undoing: ${plan.onFailure.map((s) => s.kind).join(', ') || 'nothing to undo'}.`);
      // A version that failed its checks is removed too: left stopped, it would look like the
      // previous version, and a rollback would start it.
      const started = plan.steps.filter((s): s is Extract<RolloutStep, { kind: 'startContainer' }> => s.kind === 'startContainer');
      // Its last log lines go with the error (the log channel shows them), as the container goes.
      const logs = (await Promise.all(started.map((s) => lastLogLines(ctx, s.name)))).join('\n');
      const undoSteps: RolloutStep[] = [...plan.onFailure, ...started.map((s): RolloutStep => ({ kind: 'removeContainer', colour: s.colour }))];
      for (const undo of undoSteps) await runStep(undo, ctx).catch((undoError: unknown) => ctx.onProgress?.(`Undo step ${undo.kind} failed: ${String(undoError instanceof Error ? undoError.message : undoError)}`));
      throw logs.trim() ? new DeployError(error.code, error.message, logs) : error;
    }
  }
}

async function runStep(step: RolloutStep, ctx: ExecuteContext): Promise<void> {
  const { engine } = ctx;
  const name = (colour: Colour | 'router') => containerName(ctx.deployment, colour);
  switch (step.kind) {
    case 'removeContainer':
      await removeContainer(engine, name(step.colour), { signal: ctx.signal });
      return;
    case 'startContainer':
      ctx.onProgress?.(`Starting ${step.labels['mlops.version'] ?? step.image} as ${step.role} (${step.colour}) on port ${step.port}.`);
      await runContainer(engine, { image: step.image, name: step.name, env: step.env, labels: { ...step.labels, ...ctx.extraLabels } }, { timeoutMs: 30_000, signal: ctx.signal });
      return;
    case 'restartContainer':
      ctx.onProgress?.(`Starting the ${step.colour} container again.`);
      await engineCall(engine, `start the container ${name(step.colour)}`, { timeoutMs: 30_000, signal: ctx.signal },
        (abortSignal) => engine.docker.getContainer(name(step.colour)).start({ abortSignal }));
      return;
    case 'waitHealthy':
      ctx.onProgress?.(`Waiting for the ${step.colour} container to answer /ping.`);
      try {
        await waitUntilReady(engine, name(step.colour), { pingUrl: `http://127.0.0.1:${step.port}/ping`, timeoutMs: step.timeoutMs, signal: ctx.signal });
      } catch (error) {
        if (error instanceof EngineError && error.code === 'cancelled') throw error;
        const why = error instanceof Error ? lowerFirst(error.message) : String(error);
        throw new DeployError('health-check-failed', `${ctx.candidate ?? 'The new version'} failed its health check (${stripEnd(why)})${keepsServing(ctx)}.`);
      }
      return;
    case 'contractCheck': {
      ctx.onProgress?.(`Sending the input example to the ${step.colour} container (contract check).`);
      let answer: { status: number; body: string };
      try {
        const response = await fetch(`http://127.0.0.1:${step.port}/invocations`, {
          method: 'POST', headers: { 'Content-Type': 'application/json' }, body: exampleRequestBody(step.example), signal: AbortSignal.timeout(30_000),
        });
        answer = { status: response.status, body: await response.text() };
      } catch (error) {
        throw new DeployError('contract-check-failed', `${ctx.candidate ?? 'The new version'} failed its contract check: /invocations did not answer (${error instanceof Error ? error.message : String(error)})${keepsServing(ctx)}.`);
      }
      const result = checkContract(step.example, answer);
      if (!result.ok) throw new DeployError('contract-check-failed', `${ctx.candidate ?? 'The new version'} failed its contract check: ${lowerFirst(stripEnd(result.message))}${keepsServing(ctx)}.`);
      return;
    }
    case 'writeRouter':
      pendingConfig.set(ctx.deployment, step);
      // Written now when the router runs; a router about to start gets it right after it starts.
      if (await routerRunning(ctx)) await copyFileIntoContainer(engine, name('router'), { path: step.path, contents: step.config }, { timeoutMs: 10_000, signal: ctx.signal });
      return;
    case 'startRouter':
      await startRouter(step, ctx);
      return;
    case 'reloadRouter': {
      ctx.onProgress?.('Reloading the router (graceful: open requests finish on the old configuration).');
      const written = pendingConfig.get(ctx.deployment);
      const before = await workerPids(ctx);
      const result = await execInContainer(engine, name('router'), routerReloadCommand(written?.path), { timeoutMs: 15_000, signal: ctx.signal });
      if (result.exitCode !== 0) throw new DeployError('router-failed', `The router refused its new configuration: ${firstLine(result.stderr || result.stdout)}.`, result.stderr);
      await untilOldWorkersExit(ctx, before);
      return;
    }
    case 'drain':
      ctx.onProgress?.(`Draining for ${step.ms / 1000} s.`);
      await new Promise((resolve) => setTimeout(resolve, step.ms));
      return;
    case 'stopContainer':
      await stopContainer(engine, name(step.colour), { graceSeconds: STOP_GRACE_SECONDS, signal: ctx.signal }).catch(ignoreMissing);
      return;
    case 'stopRouter':
      await stopContainer(engine, name('router'), { graceSeconds: STOP_GRACE_SECONDS, signal: ctx.signal }).catch(ignoreMissing);
      return;
    case 'removeRouter':
      await removeContainer(engine, name('router'), { signal: ctx.signal });
      return;
  }
}

async function lastLogLines(ctx: ExecuteContext, container: string): Promise<string> {
  const lines: string[] = [];
  try {
    const stream = await streamLogs(ctx.engine, container, { follow: false, tail: 30, onLine: (line) => lines.push(line) });
    await stream.done;
  } catch {
    // No logs (the container never started): the sentence says enough.
  }
  return lines.length ? `Last lines of ${container}:\n${lines.join('\n')}` : '';
}

/** The config of the step that wrote it last, per deployment, for the router started next. */
const pendingConfig = new Map<string, Extract<RolloutStep, { kind: 'writeRouter' }>>();

async function startRouter(step: Extract<RolloutStep, { kind: 'startRouter' }>, ctx: ExecuteContext): Promise<void> {
  const { engine } = ctx;
  const config = pendingConfig.get(ctx.deployment);
  if (!config) throw new DeployError('router-failed', 'The router has no configuration to start with.');
  ctx.onProgress?.(`Starting the router (${ctx.routerImage}) on ${step.host}:${step.port}.`);
  // No bind mounts (they do not work on a remote engine): nginx waits for its config, copied in.
  const script = `mkdir -p ${ROUTER_STATE_DIR} && while [ ! -s ${step.configPath} ]; do sleep 0.1; done && exec nginx -c ${step.configPath} -g 'daemon off;'`;
  const started = await runContainer(engine, { image: ctx.routerImage, name: step.name, labels: { ...step.labels, ...ctx.extraLabels }, cmd: ['sh', '-c', script] }, { timeoutMs: 30_000, signal: ctx.signal });
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await copyFileIntoContainer(engine, started.id, { path: config.path, contents: config.config }, { timeoutMs: shortCallMs, signal: ctx.signal });
      break;
    } catch (error) {
      // The folder appears a moment after the container starts.
      if (!(error instanceof EngineError && error.code === 'not-found') || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  try {
    await waitUntilReady(engine, started.id, { pingUrl: `http://${step.host === '0.0.0.0' ? '127.0.0.1' : step.host}:${step.port}${ROUTER_HEALTH_PATH}`, timeoutMs: 20_000, signal: ctx.signal });
  } catch (error) {
    throw new DeployError('router-failed', `The router did not start on port ${step.port} (${stripEnd(error instanceof Error ? lowerFirst(error.message) : String(error))}): is the port free?`);
  }
}

/**
 * The reload is done when every worker of the old configuration has exited: until then it still
 * answers the connections it holds, so a switch, a canary share or a mirror is not yet complete.
 * nginx renames its processes, so /proc/<pid>/cmdline says "nginx: worker process".
 */
const WORKERS_SCRIPT = 'for p in /proc/[0-9]*; do case "$(tr "\\0" " " < $p/cmdline 2>/dev/null)" in *"worker process"*) echo ${p#/proc/};; esac; done; true';
const OLD_WORKERS_MS = 15_000;

async function workerPids(ctx: ExecuteContext): Promise<string[]> {
  const result = await execInContainer(ctx.engine, containerName(ctx.deployment, 'router'), ['sh', '-c', WORKERS_SCRIPT], { timeoutMs: 10_000, signal: ctx.signal });
  return result.stdout.split('\n').map((line) => line.trim()).filter(Boolean);
}

async function untilOldWorkersExit(ctx: ExecuteContext, before: readonly string[]): Promise<void> {
  const deadline = Date.now() + OLD_WORKERS_MS;
  for (;;) {
    const now = new Set(await workerPids(ctx));
    if (!before.some((pid) => now.has(pid))) return;
    if (Date.now() > deadline) {
      ctx.onProgress?.(`The router's old workers still hold connections after ${OLD_WORKERS_MS / 1000} s; going on (they finish their requests).`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function routerRunning(ctx: ExecuteContext): Promise<boolean> {
  try {
    return (await inspectContainer(ctx.engine, containerName(ctx.deployment, 'router'), { timeoutMs: shortCallMs, signal: ctx.signal })).state === 'running';
  } catch (error) {
    if (error instanceof EngineError && error.code === 'not-found') return false;
    throw error;
  }
}

function keepsServing(ctx: ExecuteContext): string {
  return ctx.serving ? `; ${ctx.serving} keeps serving` : '; nothing was switched';
}

function ignoreMissing(error: unknown): void {
  if (error instanceof EngineError && error.code === 'not-found') return;
  throw error;
}

function lowerFirst(text: string): string {
  return text.length > 1 && /^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}

function stripEnd(text: string): string {
  return text.replace(/[.\s]+$/, '');
}

function firstLine(text: string): string {
  return stripEnd(text.trim().split('\n')[0] ?? 'no output');
}
