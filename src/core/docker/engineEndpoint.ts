// Which Docker engine to talk to, decided the way the docker CLI decides it, so the extension
// and `mlops` reach the same engine as `docker ps` in the user's shell. Pure: the caller
// supplies the environment, the file contents and the hash function (src/node/docker).

/** Where the endpoint came from, in the CLI's order of precedence. */
export type EngineSource = 'setting' | 'DOCKER_HOST' | `context ${string}` | 'default';

/** TLS material for a tcp:// engine: file paths (read by node), present ones only. */
export interface EngineTls {
  readonly caPath?: string;
  readonly certPath?: string;
  readonly keyPath?: string;
  /** Verify the engine's certificate (DOCKER_TLS_VERIFY; a context without SkipTLSVerify). */
  readonly verify: boolean;
}

interface EndpointBase {
  readonly source: EngineSource;
  /** The address as the user wrote it, normalised (`unix:///var/run/docker.sock`). */
  readonly url: string;
  /** For messages: `unix:///var/run/docker.sock (the default)`. */
  readonly description: string;
  /** What the user changes to point elsewhere: `mlops.docker.host`, `--docker-host`. */
  readonly overrideName: string;
}

export type EngineEndpoint =
  | (EndpointBase & { readonly kind: 'unix'; readonly socketPath: string })
  | (EndpointBase & {
    readonly kind: 'tcp';
    readonly host: string;
    readonly port: number;
    readonly protocol: 'http' | 'https';
    readonly tls?: EngineTls;
  })
  | (EndpointBase & { readonly kind: 'ssh'; readonly user?: string; readonly host: string; readonly port: number });

export type EngineEndpointErrorCode = 'bad-host' | 'unknown-scheme' | 'missing-context' | 'bad-context' | 'bad-config';

/** Why no endpoint could be decided; the message is one sentence naming what to change. */
export class EngineEndpointError extends Error {
  constructor(readonly code: EngineEndpointErrorCode, message: string) {
    super(message);
    this.name = 'EngineEndpointError';
  }
}

export interface EngineEnvironment {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The user's home folder (the docker CLI's config lives in ~/.docker unless DOCKER_CONFIG). */
  readonly homeDir: string;
  /** A file's text, or undefined when there is no such file. */
  readonly readFile: (path: string) => string | undefined;
  /** sha256 of a string as lowercase hex (context folders are named by the hash of the name). */
  readonly sha256Hex: (text: string) => string;
  /** The explicit override (setting `mlops.docker.host`, CLI `--docker-host`); blank = none. */
  readonly override?: string;
  /** The override's name for messages; default `mlops.docker.host`. */
  readonly overrideName?: string;
}

export const defaultSocketPath = '/var/run/docker.sock';
const defaultContextName = 'default';

const join = (...parts: string[]): string => parts.join('/').replace(/\/{2,}/g, '/');

/** The engine the docker CLI would use: override, DOCKER_HOST, context, default socket. */
export function resolveEngineEndpoint(input: EngineEnvironment): EngineEndpoint {
  const overrideName = input.overrideName ?? 'mlops.docker.host';
  const env = input.env;
  const override = input.override?.trim();
  // A command-line flag reads as itself (`--docker-host`), a setting as `setting mlops.docker.host`.
  const overrideLabel = overrideName.startsWith('-') ? overrideName : `setting ${overrideName}`;
  if (override) return fromHost(override, 'setting', overrideLabel, overrideName, envTls(input));
  const dockerHost = env.DOCKER_HOST?.trim();
  if (dockerHost) return fromHost(dockerHost, 'DOCKER_HOST', 'DOCKER_HOST', overrideName, envTls(input));
  const context = currentContext(input);
  if (context && context.name !== defaultContextName) return fromContext(input, context, overrideName);
  const url = `unix://${defaultSocketPath}`;
  return { kind: 'unix', socketPath: defaultSocketPath, source: 'default', url, description: `${url} (the default)`, overrideName };
}

/** The docker CLI's config folder: DOCKER_CONFIG, else ~/.docker. */
export function dockerConfigDir(input: Pick<EngineEnvironment, 'env' | 'homeDir'>): string {
  return input.env.DOCKER_CONFIG?.trim() || join(input.homeDir, '.docker');
}

type TlsFromEnv = () => EngineTls | undefined;

/** DOCKER_TLS_VERIFY (verify) or DOCKER_TLS (encrypt only), files from DOCKER_CERT_PATH or ~/.docker. */
function envTls(input: EngineEnvironment): TlsFromEnv {
  return () => {
    const verify = Boolean(input.env.DOCKER_TLS_VERIFY);
    if (!verify && !input.env.DOCKER_TLS) return undefined;
    const dir = input.env.DOCKER_CERT_PATH?.trim() || dockerConfigDir(input);
    // Like the CLI, files that are not there are left out rather than refused.
    return tlsFiles(input, dir, verify);
  };
}

function tlsFiles(input: EngineEnvironment, dir: string, verify: boolean): EngineTls {
  const present = (name: string): string | undefined => {
    const file = join(dir, name);
    return input.readFile(file) === undefined ? undefined : file;
  };
  return { caPath: present('ca.pem'), certPath: present('cert.pem'), keyPath: present('key.pem'), verify };
}

interface ContextChoice { readonly name: string; readonly from: string; readonly fix: string }

function currentContext(input: EngineEnvironment): ContextChoice | undefined {
  const fromEnv = input.env.DOCKER_CONTEXT?.trim();
  if (fromEnv) return { name: fromEnv, from: 'DOCKER_CONTEXT', fix: 'unset DOCKER_CONTEXT or create that context' };
  const configFile = join(dockerConfigDir(input), 'config.json');
  const text = input.readFile(configFile);
  if (text === undefined) return undefined;
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch {
    throw new EngineEndpointError('bad-config', `The docker CLI's ${configFile} is not valid JSON: fix or remove it so the Docker engine can be found.`);
  }
  const name = isRecord(config) && typeof config.currentContext === 'string' ? config.currentContext.trim() : '';
  return name ? { name, from: `the currentContext of ${configFile}`, fix: 'run `docker context use default` or create that context' } : undefined;
}

function fromContext(input: EngineEnvironment, context: ContextChoice, overrideName: string): EngineEndpoint {
  const id = input.sha256Hex(context.name);
  const configDir = dockerConfigDir(input);
  const metaFile = join(configDir, 'contexts', 'meta', id, 'meta.json');
  const text = input.readFile(metaFile);
  if (text === undefined) {
    throw new EngineEndpointError('missing-context', `Docker context '${context.name}' (from ${context.from}) does not exist: ${context.fix}.`);
  }
  let meta: unknown;
  try {
    meta = JSON.parse(text);
  } catch {
    throw new EngineEndpointError('bad-context', `Docker context '${context.name}' is unreadable (${metaFile} is not valid JSON): recreate it with \`docker context create\`.`);
  }
  const endpoint = isRecord(meta) && isRecord(meta.Endpoints) && isRecord(meta.Endpoints.docker) ? meta.Endpoints.docker : undefined;
  const host = endpoint && typeof endpoint.Host === 'string' ? endpoint.Host.trim() : '';
  if (!endpoint || !host) {
    throw new EngineEndpointError('bad-context', `Docker context '${context.name}' has no Docker endpoint (Endpoints.docker.Host in ${metaFile}): recreate it with \`docker context create\`.`);
  }
  const skipVerify = endpoint.SkipTLSVerify === true;
  const tlsDir = join(configDir, 'contexts', 'tls', id, 'docker');
  const tls: TlsFromEnv = () => {
    const files = tlsFiles(input, tlsDir, !skipVerify);
    // The CLI uses TLS for a context only when it stores TLS files or skips verification.
    return files.caPath || files.certPath || files.keyPath || skipVerify ? files : undefined;
  };
  return fromHost(host, `context ${context.name}`, `context ${context.name}`, overrideName, tls);
}

/** Parses an engine address (`unix://`, `tcp://`, `ssh://`, or `host:port` meaning tcp). */
function fromHost(raw: string, source: EngineSource, sourceLabel: string, overrideName: string, tlsOf: TlsFromEnv): EngineEndpoint {
  const where = source === 'setting' ? (overrideName.startsWith('-') ? `The option ${overrideName}` : `The setting ${overrideName}`) : source === 'DOCKER_HOST' ? 'DOCKER_HOST' : `Docker ${sourceLabel}`;
  const schemeMatch = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(raw);
  const scheme = schemeMatch ? schemeMatch[1]!.toLowerCase() : 'tcp';
  const rest = schemeMatch ? raw.slice(schemeMatch[0].length) : raw;
  const base = (url: string) => ({ source, url, description: `${url} (${source === 'default' ? 'the default' : sourceLabel})`, overrideName });
  const bad = (why: string) => new EngineEndpointError('bad-host', `${where} ('${raw}') ${why}.`);

  if (scheme === 'unix') {
    const socketPath = rest || defaultSocketPath;
    if (!socketPath.startsWith('/')) throw bad('must name an absolute socket path, like unix:///var/run/docker.sock');
    return { kind: 'unix', socketPath, ...base(`unix://${socketPath}`) };
  }
  if (scheme === 'tcp' || scheme === 'ssh') {
    const { user, password, host, port, path } = splitAuthority(rest);
    if (!host) throw bad(`has no host name: write it like ${scheme}://host:port`);
    if (port !== undefined && !/^\d{1,5}$/.test(port)) throw bad(`has an invalid port '${port}'`);
    if (scheme === 'ssh') {
      if (password !== undefined) throw bad('contains a password: ssh:// engines authenticate with your ssh agent or keys');
      if (path && path !== '/') throw bad('has a path after the host, which ssh:// does not allow');
      const portNumber = port === undefined ? 22 : Number(port);
      const url = `ssh://${user ? `${user}@` : ''}${host}${port === undefined ? '' : `:${port}`}`;
      return { kind: 'ssh', host, port: portNumber, ...(user ? { user } : {}), ...base(url) };
    }
    if (user !== undefined) throw bad('has a user name, which tcp:// does not allow');
    const tls = tlsOf();
    const portNumber = port === undefined ? (tls ? 2376 : 2375) : Number(port);
    const url = `tcp://${host.includes(':') ? `[${host}]` : host}:${portNumber}`;
    return { kind: 'tcp', host, port: portNumber, protocol: tls ? 'https' : 'http', ...(tls ? { tls } : {}), ...base(url) };
  }
  throw new EngineEndpointError('unknown-scheme', `${where} ('${raw}') has an unknown scheme '${scheme}://': use unix://, tcp:// or ssh://.`);
}

function splitAuthority(rest: string): { user?: string; password?: string; host: string; port?: string; path: string } {
  const slash = rest.indexOf('/');
  const authority = slash < 0 ? rest : rest.slice(0, slash);
  const path = slash < 0 ? '' : rest.slice(slash);
  const at = authority.lastIndexOf('@');
  const userInfo = at < 0 ? undefined : authority.slice(0, at);
  const hostPort = at < 0 ? authority : authority.slice(at + 1);
  let user: string | undefined;
  let password: string | undefined;
  if (userInfo !== undefined) {
    const colon = userInfo.indexOf(':');
    user = decodeURIComponent(colon < 0 ? userInfo : userInfo.slice(0, colon));
    password = colon < 0 ? undefined : userInfo.slice(colon + 1);
  }
  // [::1]:2375 — brackets around an IPv6 address, whose colons are not the port's.
  const v6 = /^\[([^\]]*)\](?::(.*))?$/.exec(hostPort);
  if (v6) return { user, password, host: v6[1]!, port: v6[2], path };
  const colon = hostPort.lastIndexOf(':');
  if (colon < 0) return { user, password, host: hostPort, path };
  return { user, password, host: hostPort.slice(0, colon), port: hostPort.slice(colon + 1), path };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
