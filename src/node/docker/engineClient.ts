import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as os from 'node:os';
import Modem from 'docker-modem';
import Docker from 'dockerode';
import { EngineEndpointError, resolveEngineEndpoint, type EngineEndpoint, type EngineEnvironment } from '../../core/docker/engineEndpoint';
import { EngineError, notDocker, toEngineError } from './engineErrors';

/** A connected (not yet contacted) engine: the dockerode client and where it points. */
export interface DockerEngine {
  readonly docker: Docker;
  readonly endpoint: EngineEndpoint;
}

export interface EngineOptions {
  /** Setting `mlops.docker.host` / CLI `--docker-host`; blank or absent = none. */
  readonly override?: string;
  /** How the override is named in messages (default `mlops.docker.host`). */
  readonly overrideName?: string;
  /** Default: process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Default: os.homedir(). */
  readonly homeDir?: string;
}

/** Bounds for one engine call: a deadline, a cancellation, or both. */
export interface CallLimits {
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

/** How long an answer to a short request (ping, inspect, list) may take. */
export const shortCallMs = 3000;

/** The endpoint the docker CLI would use on this machine; throws EngineError 'bad-config'. */
export function resolveSystemEndpoint(options: EngineOptions = {}): EngineEndpoint {
  const input: EngineEnvironment = {
    env: options.env ?? process.env,
    homeDir: options.homeDir ?? os.homedir(),
    readFile: readTextIfPresent,
    sha256Hex: (text) => createHash('sha256').update(text).digest('hex'),
    override: options.override,
    overrideName: options.overrideName,
  };
  try {
    return resolveEngineEndpoint(input);
  } catch (error) {
    if (error instanceof EngineEndpointError) throw new EngineError('bad-config', error.message, error.code);
    const detail = error instanceof Error ? error.message : String(error);
    throw new EngineError('bad-config', `The docker CLI's configuration could not be read (${detail}): check the permissions of ~/.docker.`, detail);
  }
}

function readTextIfPresent(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return undefined;
    throw error;
  }
}

/** A dockerode client for the endpoint (TLS files are read now; nothing is contacted). */
export function connectEngine(endpoint: EngineEndpoint, env: Readonly<Record<string, string | undefined>> = process.env): DockerEngine {
  // dockerode accepts a ready modem (`opts.modem`), which its types do not declare.
  return { docker: new Docker({ modem: modemFor(endpoint, env) } as unknown as Docker.DockerOptions), endpoint };
}

/** resolveSystemEndpoint + connectEngine. */
export function openEngine(options: EngineOptions = {}): DockerEngine {
  return connectEngine(resolveSystemEndpoint(options), options.env ?? process.env);
}

function modemFor(endpoint: EngineEndpoint, env: Readonly<Record<string, string | undefined>>): Modem {
  const fields: Record<string, unknown> = {
    socketPath: undefined, host: undefined, port: undefined, protocol: 'http', pathPrefix: '/',
    username: undefined, password: undefined, version: undefined, key: undefined, cert: undefined, ca: undefined,
    timeout: undefined, connectionTimeout: undefined, checkServerIdentity: undefined, agent: undefined,
    headers: {}, sshOptions: {},
  };
  if (endpoint.kind === 'unix') fields.socketPath = endpoint.socketPath;
  if (endpoint.kind === 'tcp') {
    Object.assign(fields, { host: endpoint.host, port: endpoint.port, protocol: endpoint.protocol });
    if (endpoint.tls) {
      const ca = readTls(endpoint, endpoint.tls.caPath);
      const cert = readTls(endpoint, endpoint.tls.certPath);
      const key = readTls(endpoint, endpoint.tls.keyPath);
      // docker-modem passes ca/cert/key per request but not rejectUnauthorized: the agent
      // carries "verify or not" (DOCKER_TLS_VERIFY, a context's SkipTLSVerify).
      Object.assign(fields, { ca, cert, key, agent: new https.Agent({ ca, cert, key, rejectUnauthorized: endpoint.tls.verify }) });
    }
  }
  if (endpoint.kind === 'ssh') {
    Object.assign(fields, {
      host: endpoint.host, port: endpoint.port, protocol: 'ssh',
      username: endpoint.user ?? os.userInfo().username,
      // The engine runs `docker system dial-stdio` on the host, authenticated by the agent.
      sshOptions: { agent: env.SSH_AUTH_SOCK, readyTimeout: 20_000 },
    });
  }
  // Not `new Modem(...)`: its constructor re-reads DOCKER_HOST / DOCKER_CERT_PATH from the
  // process environment, lets them win over some options and throws on a malformed value,
  // while the endpoint here was already decided the way the docker CLI decides it.
  return Object.assign(Object.create(Modem.prototype) as Modem, fields);
}

function readTls(endpoint: EngineEndpoint, file: string | undefined): Buffer | undefined {
  if (!file) return undefined;
  try {
    return fs.readFileSync(file);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new EngineError('tls', `The TLS file ${file} for ${endpoint.description} cannot be read: check its permissions.`, detail);
  }
}

/**
 * Runs one engine request under a deadline and/or a cancellation, whichever comes first, and
 * turns every failure into an EngineError. The request gets a signal that aborts it, and the
 * caller gets an answer even if the request ignores that signal.
 */
export async function engineCall<T>(engine: DockerEngine, doing: string, limits: CallLimits, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  if (limits.signal?.aborted) throw cancelled(doing);
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const stopped = new Promise<never>((_resolve, reject) => {
    if (limits.timeoutMs !== undefined) {
      timer = setTimeout(() => {
        reject(timedOut(engine, doing, limits.timeoutMs!));
        controller.abort();
      }, limits.timeoutMs);
    }
    onAbort = () => {
      reject(cancelled(doing));
      controller.abort();
    };
    limits.signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    const result = run(controller.signal).catch((error: unknown) => {
      throw toEngineError(error, engine.endpoint, doing);
    });
    return await Promise.race([result, stopped]);
  } finally {
    clearTimeout(timer);
    if (onAbort) limits.signal?.removeEventListener('abort', onAbort);
  }
}

export function timedOut(engine: DockerEngine, doing: string, ms: number): EngineError {
  const seconds = Math.round(ms / 100) / 10;
  return new EngineError('timeout', `The Docker engine at ${engine.endpoint.description} did not ${doing} within ${seconds} s: check that it is running and reachable.`);
}

export function cancelled(doing: string): EngineError {
  return new EngineError('cancelled', `Cancelled: ${doing}.`);
}

/** dockerode's version() takes options (the abort signal), which its types leave out. */
interface VersionCall { version(options: { abortSignal: AbortSignal }): Promise<Docker.DockerVersion> }

export type PingResult =
  | { readonly ok: true; readonly endpoint: EngineEndpoint; readonly version: string; readonly apiVersion: string; readonly os: string; readonly arch: string }
  | { readonly ok: false; readonly endpoint?: EngineEndpoint; readonly error: EngineError };

/**
 * Asks the engine for its version, answering within `timeoutMs` (3 s) whatever happens: the
 * engine's version, OS and architecture, or an EngineError whose message says what to do.
 */
export async function pingEngine(target: DockerEngine | EngineOptions = {}, limits: CallLimits = {}): Promise<PingResult> {
  let engine: DockerEngine;
  try {
    engine = 'docker' in target ? target : openEngine(target);
  } catch (error) {
    return { ok: false, error: error instanceof EngineError ? error : new EngineError('bad-config', String(error)) };
  }
  try {
    const version = await engineCall(engine, 'answer', { timeoutMs: limits.timeoutMs ?? shortCallMs, signal: limits.signal },
      (signal) => (engine.docker as unknown as VersionCall).version({ abortSignal: signal }));
    if (!version || typeof version.Version !== 'string') {
      return { ok: false, endpoint: engine.endpoint, error: notDocker(engine.endpoint) };
    }
    return { ok: true, endpoint: engine.endpoint, version: version.Version, apiVersion: version.ApiVersion, os: version.Os, arch: version.Arch };
  } catch (error) {
    const engineError = error instanceof EngineError ? error : toEngineError(error, engine.endpoint, 'answer');
    // An HTTP error status from /version means a web server, not a Docker engine, is there.
    if (engineError.statusCode !== undefined) {
      return { ok: false, endpoint: engine.endpoint, error: notDocker(engine.endpoint, engineError.detail) };
    }
    return { ok: false, endpoint: engine.endpoint, error: engineError };
  }
}
