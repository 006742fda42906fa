// What the docker-facing commands share: opening the engine (answering within 3 s when there is
// none), the pipeline's model/deploy sections, and one exit code per kind of failure.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzePipeline } from '../core/pipeline/analyze';
import type { PipelineModel } from '../core/pipeline/types';
import type { DockerEngine } from '../node/docker/engineClient';
import type { CliIo } from './cliCommand';
import { dockerApi, errorNamed } from './dockerBundle';

/** Exit codes of the docker commands (docs/cli.md). */
export const EXIT = { ok: 0, failed: 1, usage: 2, noEngine: 3 } as const;

/** Engine codes that mean "nothing usable answers there": exit 3. */
const UNREACHABLE = new Set(['no-engine', 'refused', 'permission', 'timeout', 'tls', 'unknown-host', 'ssh', 'bad-config', 'not-docker']);

/** Thrown by the helpers below to end a command with a code and one sentence. */
export class CommandExit extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
  }
}

/** The engine as the docker CLI would pick it (or --docker-host), after it answered a ping. */
export async function connectedEngine(dockerHost: string | undefined): Promise<DockerEngine> {
  let engine: DockerEngine;
  try {
    engine = dockerApi().openEngine({ override: dockerHost, overrideName: '--docker-host' });
  } catch (error) {
    throw new CommandExit(EXIT.noEngine, error instanceof Error ? error.message : String(error));
  }
  const ping = await dockerApi().pingEngine(engine);
  if (!ping.ok) throw new CommandExit(EXIT.noEngine, ping.error.message);
  return engine;
}

export interface PipelineInfo {
  file: string;
  dir: string;
  model: PipelineModel;
}

/** The pipeline file (default ./mlops.yaml); undefined when absent and not asked for explicitly. */
export function readPipeline(io: CliIo, file: string | undefined): PipelineInfo | undefined {
  const resolved = path.resolve(io.cwd, file ?? 'mlops.yaml');
  let text: string;
  try {
    text = fs.readFileSync(resolved, 'utf8');
  } catch {
    if (file === undefined) return undefined;
    throw new CommandExit(EXIT.usage, `The pipeline file ${file} cannot be read.`);
  }
  return { file: resolved, dir: path.dirname(resolved), model: analyzePipeline(text).model };
}

/** Runs a command body, turning every failure into one sentence on stderr and its exit code. */
export async function withExitCodes(name: string, io: CliIo, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof CommandExit) {
      io.err(`mlops ${name}: ${error.message}\n`);
      return error.code;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.err(`mlops ${name}: ${message}\n`);
    if (errorNamed(error, 'EngineError') && UNREACHABLE.has(error.code ?? '')) return EXIT.noEngine;
    return EXIT.failed;
  }
}

/** "3 h 12 min", "45 s". */
export function uptimeText(ms: number | undefined): string {
  if (ms === undefined) return '-';
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  return h < 48 ? `${h} h ${m % 60} min` : `${Math.floor(h / 24)} d`;
}
