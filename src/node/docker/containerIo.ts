import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar-stream';
import type Docker from 'dockerode';
import { tarOf } from './contextTar';
import { engineCall, shortCallMs, type CallLimits, type DockerEngine } from './engineClient';
import { EngineError, toEngineError } from './engineErrors';

/** Writes one file into a container (e.g. the router's nginx config), replacing it. */
export async function copyFileIntoContainer(
  engine: DockerEngine, id: string,
  file: { readonly path: string; readonly contents: Buffer | string; readonly mode?: number },
  limits: CallLimits = { timeoutMs: 10_000 },
): Promise<void> {
  if (!path.posix.isAbsolute(file.path)) throw new EngineError('bad-request', `The container path '${file.path}' must be absolute: start it with /.`);
  const tar = await tarOf([{ path: path.posix.basename(file.path), contents: file.contents, mode: file.mode }]);
  const chunks: Buffer[] = [];
  for await (const chunk of tar.stream) chunks.push(chunk as Buffer);
  await engineCall(engine, `copy ${file.path} into the container ${id.slice(0, 12)}`, limits, (abortSignal) =>
    engine.docker.getContainer(id).putArchive(Buffer.concat(chunks), { path: path.posix.dirname(file.path), abortSignal }).then(() => undefined));
}

/**
 * Copies the regular files at `containerPath` (a file, or a folder's files, not recursing) out
 * of a container into `localDir`, streamed to disk (a request log can be tens of MB), and
 * returns their names. A path that does not exist is the engine's 404 (`not-found`).
 */
export async function copyFilesOutOfContainer(
  engine: DockerEngine, id: string, containerPath: string, localDir: string,
  limits: CallLimits = { timeoutMs: 120_000 },
): Promise<string[]> {
  return engineCall(engine, `copy ${containerPath} out of the container ${id.slice(0, 12)}`, limits, async (abortSignal) => {
    const archive = await engine.docker.getContainer(id).getArchive({ path: containerPath, abortSignal }) as Readable;
    const written: string[] = [];
    const extract = tar.extract();
    extract.on('entry', (header, entry, next) => {
      // Entries are named from the copied path's last part: `mlops/requests.jsonl` for /tmp/mlops.
      const parts = header.name.replace(/\/+$/, '').split('/');
      const name = parts[parts.length - 1] ?? '';
      const topLevel = parts.length <= 2;
      if (header.type !== 'file' || !topLevel || name === '' || name === '.' || name === '..') {
        entry.resume();
        entry.once('end', () => next());
        return;
      }
      pipeline(entry, fs.createWriteStream(path.join(localDir, name))).then(() => {
        written.push(name);
        next();
      }, next);
    });
    await pipeline(archive, extract);
    return written;
  });
}

export interface ExecResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

const outputCap = 1 << 20;

/** Runs a command in a running container and collects its exit code and output (1 MiB each). */
export async function execInContainer(
  engine: DockerEngine, id: string, cmd: readonly string[],
  options: CallLimits & { readonly user?: string; readonly env?: Readonly<Record<string, string>> } = {},
): Promise<ExecResult> {
  const limits = { timeoutMs: options.timeoutMs ?? 30_000, signal: options.signal };
  return engineCall(engine, `run ${cmd.join(' ')} in the container ${id.slice(0, 12)}`, limits, async (abortSignal) => {
    const exec = await engine.docker.getContainer(id).exec({
      Cmd: [...cmd], AttachStdout: true, AttachStderr: true, User: options.user,
      Env: options.env ? Object.entries(options.env).map(([k, v]) => `${k}=${v}`) : undefined,
      abortSignal,
    });
    const stream = await exec.start({ hijack: true, stdin: false, abortSignal });
    const out = { stdout: '', stderr: '' };
    await new Promise<void>((resolve, reject) => {
      const demux = new LogDemuxer((kind, text) => {
        if (out[kind].length < outputCap) out[kind] += text;
      });
      abortSignal.addEventListener('abort', () => stream.destroy(), { once: true });
      stream.on('data', (chunk: Buffer) => demux.push(chunk));
      stream.once('end', resolve);
      stream.once('close', resolve);
      stream.once('error', reject);
    });
    const result = await exec.inspect({ abortSignal } as Docker.ExecInspectOptions);
    return { exitCode: result.ExitCode ?? -1, stdout: out.stdout.slice(0, outputCap), stderr: out.stderr.slice(0, outputCap) };
  });
}

export type LogSource = 'stdout' | 'stderr';

/**
 * Splits the engine's multiplexed stream (8-byte frames: source, size) into text per source.
 * Containers are created without a TTY, so their logs and exec output always come framed.
 */
export class LogDemuxer {
  private pending: Buffer = Buffer.alloc(0);
  private readonly decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() };

  constructor(private readonly onText: (source: LogSource, text: string) => void) {}

  push(chunk: Buffer): void {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    while (this.pending.length >= 8) {
      const size = this.pending.readUInt32BE(4);
      if (this.pending.length < 8 + size) return;
      const source: LogSource = this.pending[0] === 2 ? 'stderr' : 'stdout';
      const payload = this.pending.subarray(8, 8 + size);
      this.pending = this.pending.subarray(8 + size);
      this.onText(source, this.decoders[source].decode(payload, { stream: true }));
    }
  }
}

/** Cuts text into lines per source, keeping an unfinished line until its end arrives. */
class LineSplitter {
  private readonly partial = { stdout: '', stderr: '' };

  constructor(private readonly onLine: (line: string, source: LogSource) => void) {}

  push(source: LogSource, text: string): void {
    const lines = (this.partial[source] + text).split('\n');
    this.partial[source] = lines.pop() ?? '';
    for (const line of lines) this.onLine(line.replace(/\r$/, ''), source);
  }

  flush(): void {
    for (const source of ['stdout', 'stderr'] as const) {
      if (this.partial[source]) this.onLine(this.partial[source], source);
      this.partial[source] = '';
    }
  }
}

export interface LogOptions {
  readonly onLine: (line: string, source: LogSource) => void;
  /** Keep streaming new lines until stopped (default true). */
  readonly follow?: boolean;
  /** Only the last N lines of the history (default all). */
  readonly tail?: number;
  readonly timestamps?: boolean;
  readonly signal?: AbortSignal;
}

export interface LogStream {
  /** Ends the stream; `done` then resolves. */
  stop(): void;
  /** Resolves when the stream ends (stopped, aborted, container gone or not following). */
  readonly done: Promise<void>;
}

/** Streams a container's log lines, stdout and stderr apart; stoppable, and ends with `signal`. */
export async function streamLogs(engine: DockerEngine, id: string, options: LogOptions): Promise<LogStream> {
  const follow = options.follow ?? true;
  const controller = new AbortController();
  const stopNow = () => controller.abort();
  options.signal?.addEventListener('abort', stopNow, { once: true });
  const request = { follow, stdout: true, stderr: true, timestamps: options.timestamps ?? false, tail: options.tail ?? 'all', abortSignal: controller.signal };
  // Only the opening of the stream is bounded; the stream itself lasts until stopped.
  const opened = await engineCall(engine, `read the logs of the container ${id.slice(0, 12)}`, { timeoutMs: shortCallMs * 2, signal: options.signal },
    () => engine.docker.getContainer(id).logs(request as Docker.ContainerLogsOptions & { follow: true }) as Promise<unknown>);
  const lines = new LineSplitter(options.onLine);
  const demux = new LogDemuxer((source, text) => lines.push(source, text));
  const done = new Promise<void>((resolve, reject) => {
    const finish = () => {
      lines.flush();
      options.signal?.removeEventListener('abort', stopNow);
      resolve();
    };
    if (Buffer.isBuffer(opened)) {
      demux.push(opened);
      finish();
      return;
    }
    const stream = opened as Readable;
    controller.signal.addEventListener('abort', () => stream.destroy(), { once: true });
    stream.on('data', (chunk: Buffer) => demux.push(chunk));
    stream.once('end', finish);
    stream.once('close', finish);
    stream.once('error', (error) => {
      if (controller.signal.aborted) finish();
      else reject(toEngineError(error, engine.endpoint, `read the logs of the container ${id.slice(0, 12)}`));
    });
  });
  return { stop: stopNow, done };
}
