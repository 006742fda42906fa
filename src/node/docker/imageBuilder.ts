import type { Readable } from 'node:stream';
import { tarOf, normaliseTarPath, type TarFile } from './contextTar';
import { cancelled, engineCall, shortCallMs, timedOut, type DockerEngine } from './engineClient';
import { EngineError, firstLine, toEngineError } from './engineErrors';

/** One JSON object of the engine's build stream (legacy builder). */
export interface BuildEvent {
  readonly stream?: string;
  readonly status?: string;
  readonly id?: string;
  readonly progress?: string;
  readonly error?: string;
  readonly errorDetail?: { readonly code?: number; readonly message?: string };
  readonly aux?: { readonly ID?: string };
}

/** A build the engine ran and reported as failed; `events` holds its whole log. */
export class BuildError extends EngineError {
  constructor(message: string, readonly events: readonly BuildEvent[], detail?: string) {
    super('build-failed', message, detail);
    this.name = 'BuildError';
  }
}

export interface BuildOptions {
  readonly engine: DockerEngine;
  /** Exactly the files sent as the context; nothing else is read. */
  readonly contextFiles: readonly TarFile[];
  /** The Dockerfile's text, added to the context at `dockerfilePath`. */
  readonly dockerfile: string | Buffer;
  /** Where the Dockerfile goes in the context (default `Dockerfile`). */
  readonly dockerfilePath?: string;
  readonly tag: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly buildArgs?: Readonly<Record<string, string>>;
  readonly noCache?: boolean;
  /** The network of RUN steps, e.g. `host` (engines without a usable bridge need it). */
  readonly networkMode?: string;
  readonly onEvent?: (event: BuildEvent) => void;
  readonly signal?: AbortSignal;
  /** Overall limit (default 30 minutes). */
  readonly timeoutMs?: number;
}

export interface BuiltImage {
  /** `sha256:…` */
  readonly imageId: string;
  readonly tag: string;
  /** Size of the tar sent to the engine. */
  readonly contextBytes: number;
}

const defaultBuildMs = 30 * 60_000;

/**
 * Builds an image from exactly the given files plus the Dockerfile: streams them as a tar,
 * forwards each build event, and throws BuildError (with the events) when a step fails,
 * EngineError 'cancelled' when `signal` aborts (the engine stops the build when the request
 * goes away), 'timeout' past `timeoutMs`.
 */
export async function buildImage(options: BuildOptions): Promise<BuiltImage> {
  const { engine } = options;
  const dockerfilePath = normaliseTarPath(options.dockerfilePath ?? 'Dockerfile');
  const doing = `build ${options.tag}`;
  if (options.signal?.aborted) throw cancelled(doing);
  const context = await tarOf([...options.contextFiles, { path: dockerfilePath, contents: options.dockerfile }]);
  const controller = new AbortController();
  const events: BuildEvent[] = [];
  let response: Readable | undefined;

  const finished = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => stop(timedOut(engine, doing, options.timeoutMs ?? defaultBuildMs)), options.timeoutMs ?? defaultBuildMs);
    const onAbort = () => stop(cancelled(doing));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const cleanUp = () => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    };
    function stop(error: EngineError): void {
      cleanUp();
      reject(error);
      controller.abort();
      context.stream.destroy();
      response?.destroy();
    }
    const query: Record<string, unknown> = {
      t: options.tag, labels: options.labels ?? {}, rm: true, forcerm: true, abortSignal: controller.signal,
    };
    if (dockerfilePath !== 'Dockerfile') query.dockerfile = dockerfilePath;
    if (options.buildArgs) query.buildargs = options.buildArgs;
    if (options.noCache) query.nocache = true;
    if (options.networkMode) query.networkmode = options.networkMode;
    engine.docker.buildImage(context.stream, query).then((stream) => {
      response = stream as Readable; // an IncomingMessage, typed as NodeJS.ReadableStream
      return followJsonLines(response, (event) => {
        events.push(event);
        options.onEvent?.(event);
      });
    }).then(() => {
      cleanUp();
      resolve();
    }, (error: unknown) => {
      if (controller.signal.aborted) return; // stop() has already said why
      cleanUp();
      const engineError = toEngineError(error, engine.endpoint, doing);
      // The engine refuses some builds before running a step (a Dockerfile parse error).
      reject(engineError.statusCode !== undefined ? new BuildError(engineError.message, events, engineError.detail) : engineError);
    });
  });
  await finished;

  const failure = events.find((event) => event.error !== undefined || event.errorDetail !== undefined);
  if (failure) {
    const text = firstLine(failure.error ?? failure.errorDetail?.message ?? 'unknown error').replace(/[.\s]+$/, '');
    throw new BuildError(`The image build of ${options.tag} failed: ${text}.`, events, failure.error);
  }
  const image = await engineCall(engine, `inspect the image ${options.tag}`, { timeoutMs: shortCallMs, signal: options.signal },
    () => engine.docker.getImage(options.tag).inspect());
  return { imageId: image.Id, tag: options.tag, contextBytes: context.bytes() };
}

/**
 * Calls `onObject` for each JSON line of the stream and resolves when it ends. Written here
 * rather than docker-modem's followProgress, which throws from a stream handler (an uncaught
 * exception in the extension host) on a line that is not JSON; such a line becomes `{stream}`.
 */
export function followJsonLines(stream: Readable, onObject: (event: BuildEvent) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const emit = (line: string) => {
      const text = line.trim();
      if (!text) return;
      let event: BuildEvent;
      try {
        event = JSON.parse(text) as BuildEvent;
      } catch {
        event = { stream: `${text}\n` };
      }
      onObject(event);
    };
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      buffered += chunk;
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        emit(buffered.slice(0, newline));
        buffered = buffered.slice(newline + 1);
      }
    });
    stream.once('end', () => {
      emit(buffered);
      resolve();
    });
    stream.once('error', reject);
    stream.once('close', () => {
      // A connection cut before 'end' (engine gone, request aborted).
      if (!stream.readableEnded) reject(new Error('the engine closed the build stream early'));
    });
  });
}
