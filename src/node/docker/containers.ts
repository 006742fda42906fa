import type Docker from 'dockerode';
import { engineCall, shortCallMs, timedOut, cancelled, type CallLimits, type DockerEngine } from './engineClient';
import { EngineError } from './engineErrors';

/** Labels to match: every key must carry exactly this value. */
export type LabelFilter = Readonly<Record<string, string>>;

export interface HealthcheckOverride {
  /** As in the Docker API: ['CMD', 'python3', '-c', '…'] or ['CMD-SHELL', '…'] or ['NONE']. */
  readonly test: readonly string[];
  readonly intervalMs?: number;
  readonly timeoutMs?: number;
  readonly startPeriodMs?: number;
  readonly retries?: number;
}

export interface RunContainerOptions {
  readonly image: string;
  readonly name?: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly labels?: Readonly<Record<string, string>>;
  readonly cmd?: readonly string[];
  readonly user?: string;
  /** Default `host`: the container binds 127.0.0.1 ports itself (see notes/docker.md). */
  readonly networkMode?: string;
  /** Default `unless-stopped`, so deployments outlive VS Code and engine restarts. */
  readonly restartPolicy?: 'no' | 'always' | 'unless-stopped' | 'on-failure';
  readonly healthcheck?: HealthcheckOverride;
}

export interface StartedContainer {
  readonly id: string;
  readonly name: string;
}

/** What the engine says about one container (read back from its labels and state). */
export interface ContainerInfo {
  readonly id: string;
  readonly name: string;
  readonly image: string;
  readonly imageId: string;
  readonly labels: Readonly<Record<string, string>>;
  /** created | running | restarting | paused | exited | dead */
  readonly state: string;
  /** Only for containers with a healthcheck: starting | healthy | unhealthy. */
  readonly health?: string;
  /** ISO time; absent for a container never started. */
  readonly startedAt?: string;
  readonly exitCode?: number;
}

const ms = (n: number | undefined) => (n === undefined ? undefined : Math.round(n * 1e6));
const neverStarted = '0001-01-01T00:00:00Z';

/** Creates and starts a container; a container that fails to start is removed again. */
export async function runContainer(engine: DockerEngine, options: RunContainerOptions, limits: CallLimits = { timeoutMs: 30_000 }): Promise<StartedContainer> {
  const spec: Docker.ContainerCreateOptions = {
    Image: options.image,
    name: options.name,
    Env: Object.entries(options.env ?? {}).map(([key, value]) => `${key}=${value}`),
    Labels: { ...options.labels },
    Cmd: options.cmd ? [...options.cmd] : undefined,
    User: options.user,
    HostConfig: {
      NetworkMode: options.networkMode ?? 'host',
      RestartPolicy: { Name: options.restartPolicy ?? 'unless-stopped' },
    },
    Healthcheck: options.healthcheck ? {
      Test: [...options.healthcheck.test],
      Interval: ms(options.healthcheck.intervalMs),
      Timeout: ms(options.healthcheck.timeoutMs),
      StartPeriod: ms(options.healthcheck.startPeriodMs),
      Retries: options.healthcheck.retries,
    } : undefined,
  };
  const container = await engineCall(engine, `create a container from ${options.image}`, limits,
    (abortSignal) => engine.docker.createContainer({ ...spec, abortSignal }));
  try {
    await engineCall(engine, `start the container ${options.name ?? container.id.slice(0, 12)}`, limits,
      (abortSignal) => container.start({ abortSignal }));
  } catch (error) {
    await removeContainer(engine, container.id).catch(() => undefined);
    throw error;
  }
  const info = await inspectContainer(engine, container.id, limits);
  return { id: info.id, name: info.name };
}

/** One container's labels and state. */
export async function inspectContainer(engine: DockerEngine, id: string, limits: CallLimits = { timeoutMs: shortCallMs }): Promise<ContainerInfo> {
  const raw = await engineCall(engine, `inspect the container ${id.slice(0, 12)}`, limits,
    (abortSignal) => engine.docker.getContainer(id).inspect({ abortSignal } as Docker.ContainerInspectOptions));
  return {
    id: raw.Id,
    name: raw.Name.replace(/^\//, ''),
    image: raw.Config.Image,
    imageId: raw.Image,
    labels: raw.Config.Labels ?? {},
    state: raw.State.Status,
    health: raw.State.Health?.Status,
    startedAt: raw.State.StartedAt && raw.State.StartedAt !== neverStarted ? raw.State.StartedAt : undefined,
    exitCode: raw.State.Running ? undefined : raw.State.ExitCode,
  };
}

const labelQuery = (labels: LabelFilter) => Object.entries(labels).map(([key, value]) => `${key}=${value}`);

/** Every container (stopped ones too) carrying all these labels, inspected for health and start time. */
export async function listContainers(engine: DockerEngine, labels: LabelFilter, limits: CallLimits = { timeoutMs: 10_000 }): Promise<ContainerInfo[]> {
  return engineCall(engine, 'list containers', limits, async (abortSignal) => {
    const summaries = await engine.docker.listContainers({ all: true, filters: { label: labelQuery(labels) }, abortSignal } as Docker.ContainerListOptions);
    const infos = await Promise.all(summaries.map((summary) => inspectContainer(engine, summary.Id, { signal: abortSignal }).catch((error: unknown) => {
      // Removed between the listing and the inspection: it is simply gone.
      if (error instanceof EngineError && error.code === 'not-found') return undefined;
      throw error;
    })));
    return infos.filter((info): info is ContainerInfo => info !== undefined);
  });
}

export interface ReadyOptions {
  /** Answering 2xx here also counts as ready (for images without a HEALTHCHECK). */
  readonly pingUrl?: string;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  readonly intervalMs?: number;
}

/**
 * Waits until the container is healthy (its healthcheck) or its `pingUrl` answers; throws
 * 'exited' if it stops first, 'unhealthy', 'timeout' or 'cancelled'.
 */
export async function waitUntilReady(engine: DockerEngine, id: string, options: ReadyOptions): Promise<'healthy' | 'ping'> {
  const deadline = Date.now() + options.timeoutMs;
  const doing = `become ready (container ${id.slice(0, 12)})`;
  for (;;) {
    if (options.signal?.aborted) throw cancelled(doing);
    const info = await inspectContainer(engine, id, { timeoutMs: shortCallMs, signal: options.signal });
    if (info.state === 'exited' || info.state === 'dead' || info.state === 'restarting') {
      throw new EngineError('exited', `The container ${info.name} stopped (exit code ${info.exitCode ?? 'unknown'}) before it was ready: see its logs.`);
    }
    if (info.health === 'healthy') return 'healthy';
    if (info.health === 'unhealthy') throw new EngineError('unhealthy', `The container ${info.name} is unhealthy: see its logs and its healthcheck.`);
    if (options.pingUrl && await answers(options.pingUrl, options.signal)) return 'ping';
    if (Date.now() >= deadline) {
      const error = timedOut(engine, doing, options.timeoutMs);
      throw new EngineError('timeout', `The container ${info.name} was not ready within ${Math.round(options.timeoutMs / 1000)} s: see its logs.`, error.message);
    }
    await sleep(options.intervalMs ?? 200, options.signal);
  }
}

async function answers(url: string, signal: AbortSignal | undefined): Promise<boolean> {
  try {
    const timeout = AbortSignal.timeout(1000);
    const response = await fetch(url, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

function sleep(delayMs: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, delayMs);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}

/** Stops a container, giving it `graceSeconds` (default 10) after SIGTERM; a stopped one is fine. */
export async function stopContainer(engine: DockerEngine, id: string, options: { graceSeconds?: number; signal?: AbortSignal } = {}): Promise<void> {
  const grace = options.graceSeconds ?? 10;
  try {
    await engineCall(engine, `stop the container ${id.slice(0, 12)}`, { timeoutMs: grace * 1000 + shortCallMs * 2, signal: options.signal },
      (abortSignal) => engine.docker.getContainer(id).stop({ t: grace, abortSignal } as Docker.ContainerStopOptions));
  } catch (error) {
    if (error instanceof EngineError && error.statusCode === 304) return; // already stopped
    throw error;
  }
}

/** Removes a container (forcibly by default); false when it did not exist. */
export async function removeContainer(engine: DockerEngine, id: string, options: { force?: boolean } & CallLimits = {}): Promise<boolean> {
  try {
    await engineCall(engine, `remove the container ${id.slice(0, 12)}`, { timeoutMs: options.timeoutMs ?? 15_000, signal: options.signal },
      (abortSignal) => engine.docker.getContainer(id).remove({ force: options.force ?? true, v: true, abortSignal } as Docker.ContainerRemoveOptions));
    return true;
  } catch (error) {
    if (error instanceof EngineError && error.code === 'not-found') return false;
    throw error;
  }
}

/** Removes every container carrying these labels, running or not; returns their ids. */
export async function removeContainersByLabel(engine: DockerEngine, labels: LabelFilter, limits: CallLimits = { timeoutMs: 60_000 }): Promise<string[]> {
  return engineCall(engine, 'remove containers', limits, async (signal) => {
    const summaries = await engine.docker.listContainers({ all: true, filters: { label: labelQuery(labels) }, abortSignal: signal } as Docker.ContainerListOptions);
    await Promise.all(summaries.map((summary) => removeContainer(engine, summary.Id, { signal })));
    return summaries.map((summary) => summary.Id);
  });
}

/** Removes every image carrying these labels (forcibly: tags included); returns their ids. */
export async function removeImagesByLabel(engine: DockerEngine, labels: LabelFilter, limits: CallLimits = { timeoutMs: 60_000 }): Promise<string[]> {
  return engineCall(engine, 'remove images', limits, async (signal) => {
    const images = await engine.docker.listImages({ all: false, filters: { label: labelQuery(labels) }, abortSignal: signal } as Docker.ListImagesOptions);
    const removed: string[] = [];
    for (const image of images) {
      try {
        await engine.docker.getImage(image.Id).remove({ force: true, abortSignal: signal } as Docker.ImageRemoveOptions);
        removed.push(image.Id);
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode !== 404) throw error;
      }
    }
    return removed;
  });
}
