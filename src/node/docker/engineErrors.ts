import type { EngineEndpoint } from '../../core/docker/engineEndpoint';

/** What went wrong talking to the engine; callers branch on `code`, never on the message. */
export type EngineErrorCode =
  | 'no-engine' // nothing at the socket path
  | 'refused' // something is there but nobody accepts connections
  | 'permission' // EACCES on the socket
  | 'timeout'
  | 'tls'
  | 'unknown-host'
  | 'ssh'
  | 'bad-config' // no endpoint could be decided (DOCKER_HOST, context, setting)
  | 'not-docker' // an answer, but not a Docker engine's
  | 'cancelled'
  | 'not-found' // the engine answered 404: no such container or image
  | 'conflict' // 409: a name in use, a container running
  | 'engine' // any other error status from the engine
  | 'bad-request' // the caller asked for something invalid (checked before calling the engine)
  | 'build-failed' // the engine ran the build and a step failed (BuildError carries the events)
  | 'exited' // a container stopped while we waited for it
  | 'unhealthy';

/**
 * A failed engine call. `message` is the one sentence a user sees (what failed, what to do);
 * `detail` is the raw cause for the log channel.
 */
export class EngineError extends Error {
  constructor(readonly code: EngineErrorCode, message: string, readonly detail?: string, readonly statusCode?: number) {
    super(message);
    this.name = 'EngineError';
  }
}

const tlsCodes = /^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|EPROTO$|ERR_OSSL)/;

/** What the user changes to reach another engine, by where the endpoint came from. */
export function changeHint(endpoint: EngineEndpoint): string {
  if (endpoint.source === 'default') return `start Docker, or set ${endpoint.overrideName}`;
  if (endpoint.source === 'DOCKER_HOST') return 'start it, or change DOCKER_HOST';
  if (endpoint.source === 'setting') return `start it, or change ${endpoint.overrideName}`;
  return `start it, or switch contexts with \`docker context use\``;
}

/** Something answered that is not a Docker engine (a web server, another protocol). */
export function notDocker(endpoint: EngineEndpoint, detail?: string): EngineError {
  const what = endpoint.source === 'DOCKER_HOST' ? 'DOCKER_HOST' : endpoint.source.startsWith('context ') ? 'your Docker context' : endpoint.overrideName;
  return new EngineError('not-docker', `Something at ${endpoint.description} answered, but not as a Docker engine: point ${what} at a Docker engine.`, detail);
}

function tlsHint(endpoint: EngineEndpoint): string {
  if (endpoint.source.startsWith('context ')) return `check the TLS files of Docker ${endpoint.source}`;
  return 'check DOCKER_CERT_PATH (ca.pem, cert.pem, key.pem) and DOCKER_TLS_VERIFY';
}

/**
 * Turns whatever dockerode, node's sockets, TLS or ssh2 threw into an EngineError. `doing` is
 * the operation for engine-side errors, as in "could not <doing>".
 */
export function toEngineError(error: unknown, endpoint: EngineEndpoint, doing: string): EngineError {
  if (error instanceof EngineError) return error;
  const e = (error ?? {}) as { code?: unknown; statusCode?: unknown; message?: unknown; level?: unknown; json?: unknown };
  const detail = typeof e.message === 'string' ? e.message : String(error);
  const code = typeof e.code === 'string' ? e.code : '';
  const at = endpoint.description;
  if (typeof e.statusCode === 'number') return fromStatus(e.statusCode, e.json, detail, doing);
  if (code === 'ENOENT' || code === 'ENOTDIR') return new EngineError('no-engine', `No Docker engine answers at ${at}: ${changeHint(endpoint)}.`, detail);
  if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EPIPE') return new EngineError('refused', `The Docker engine at ${at} refused the connection: ${changeHint(endpoint)}.`, detail);
  if (code === 'EACCES' || code === 'EPERM') {
    return new EngineError('permission', `Permission denied on ${at}: add your user to the docker group (sudo usermod -aG docker $USER), then log in again.`, detail);
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new EngineError('unknown-host', `The host of ${at} is unknown: check the host name.`, detail);
  if (code === 'ETIMEDOUT' || code === 'ENETUNREACH' || code === 'EHOSTUNREACH') {
    return new EngineError('timeout', `The Docker engine at ${at} cannot be reached: check that the host is up and the port open.`, detail);
  }
  if (tlsCodes.test(code) || /certificate|ssl|tls/i.test(detail) && endpoint.kind === 'tcp') {
    return new EngineError('tls', `The TLS connection to ${at} failed (${firstLine(detail)}): ${tlsHint(endpoint)}.`, detail);
  }
  if (endpoint.kind === 'ssh' && (typeof e.level === 'string' || /ssh|authentication|handshake/i.test(detail))) {
    return new EngineError('ssh', `The ssh connection to ${at} failed (${firstLine(detail)}): check that your ssh agent (SSH_AUTH_SOCK) holds a key the host accepts and that docker is installed there.`, detail);
  }
  if (code.startsWith('HPE_') || /parse error/i.test(detail)) {
    return notDocker(endpoint, detail);
  }
  return new EngineError('engine', `The Docker engine at ${at} could not ${doing} (${firstLine(detail)}): see the log for details.`, detail);
}

function fromStatus(status: number, json: unknown, detail: string, doing: string): EngineError {
  const engineMessage = json && typeof json === 'object' && typeof (json as { message?: unknown }).message === 'string'
    ? (json as { message: string }).message
    : detail.replace(/^\(HTTP code \d+\)\s*[^-]*-\s*/, '').trim();
  const what = trimSentence(firstLine(engineMessage));
  if (status === 404) return new EngineError('not-found', `The Docker engine could not ${doing}: ${what}.`, detail, status);
  if (status === 409) return new EngineError('conflict', `The Docker engine could not ${doing}: ${what}.`, detail, status);
  return new EngineError('engine', `The Docker engine could not ${doing}: ${what}.`, detail, status);
}

export function firstLine(text: string): string {
  return text.split('\n').find((line) => line.trim())?.trim() ?? text.trim();
}

function trimSentence(text: string): string {
  return text.replace(/[.\s]+$/, '');
}
