import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type * as DockerBundle from '../docker';
import type { CliCommand, CliIo } from './cliCommand';
import { dockerApi } from './dockerBundle';

/** EngineError codes that mean "no engine to talk to" (exit 3), as opposed to a failed operation. */
const unreachable = new Set(['no-engine', 'refused', 'permission', 'timeout', 'tls', 'unknown-host', 'ssh', 'bad-config', 'not-docker']);
/** DockerizeError codes that are the caller's input (exit 2). */
const badInput = new Set(['invalid-pipeline', 'ambiguous-run', 'context']);

/** `mlops dockerize [RUN|MODEL@ALIAS|MODEL:VERSION] [--base IMG] [--docker-host H] [--overwrite-dockerfile] [--label K=V]... [--file mlops.yaml]` */
export const dockerizeCommand: CliCommand = {
  usage: 'dockerize [RUN|MODEL@ALIAS|MODEL:VERSION] [...]',
  summary: "build the model's serving image from a run or a registered version (default: the latest run that passed its gates)",
  async run(args: readonly string[], io: CliIo): Promise<number> {
    let parsed;
    try {
      parsed = parseArgs({
        args: [...args],
        allowPositionals: true,
        options: {
          base: { type: 'string' },
          'docker-host': { type: 'string' },
          'overwrite-dockerfile': { type: 'boolean' },
          label: { type: 'string', multiple: true },
          file: { type: 'string' },
        },
      });
    } catch (error) {
      io.err(`mlops dockerize: ${error instanceof Error ? error.message : String(error)}\n`);
      return 2;
    }
    const { values, positionals } = parsed;
    if (positionals.length > 1) {
      io.err('mlops dockerize: give at most one run id (or a unique start of one; `mlops runs` lists them) or model version (model@alias, model:version)\n');
      return 2;
    }
    const labels: Record<string, string> = {};
    for (const text of values.label ?? []) {
      const at = text.indexOf('=');
      if (at <= 0) {
        io.err(`mlops dockerize: --label takes KEY=VALUE, not '${text}'\n`);
        return 2;
      }
      labels[text.slice(0, at)] = text.slice(at + 1);
    }
    const pipelineFile = path.resolve(io.cwd, values.file ?? 'mlops.yaml');
    const docker = dockerApi();

    let engine;
    try {
      engine = docker.openEngine({ ...(values['docker-host'] ? { override: values['docker-host'], overrideName: '--docker-host' } : {}) });
    } catch (error) {
      return failed(io, error);
    }
    const ping = await docker.pingEngine(engine);
    if (!ping.ok) return failed(io, ping.error);

    const controller = new AbortController();
    const onSigint = () => {
      io.err('\nmlops dockerize: cancelling the build…\n');
      controller.abort();
    };
    process.once('SIGINT', onSigint);
    try {
      let lastStep = 0;
      const result = await docker.dockerize({
        engine,
        pipelineFile,
        ...(positionals[0] !== undefined ? { runRef: positionals[0] } : {}),
        ...(values.base ? { base: values.base } : {}),
        dockerfile: values['overwrite-dockerfile'] ? 'overwrite' : 'keep-existing',
        labels,
        signal: controller.signal,
        onEvent: (line, progress) => {
          if (progress && progress.step !== lastStep) {
            lastStep = progress.step;
            io.err(`[${progress.step}/${progress.total}] ${progress.instruction}\n`);
          }
          io.out(`${line}\n`);
        },
      });
      io.err(dockerfileNote(result));
      io.out(`Built ${result.tag} (${result.imageId.slice(0, 19)}) from run ${result.run}${result.commit ? ` at commit ${result.commit.slice(0, 12)}` : ''}; context ${kib(result.contextBytes)}.\n`);
      io.out(`${result.tag}\n`);
      return 0;
    } catch (error) {
      return failed(io, error);
    } finally {
      process.removeListener('SIGINT', onSigint);
    }
  },
};

function dockerfileNote(result: DockerBundle.DockerizeResult): string {
  const notes: string[] = [];
  const name = (file: string) => path.basename(file);
  if (result.dockerfile.status === 'created') notes.push(`Wrote ${name(result.dockerfile.path)}.`);
  if (result.dockerfile.status === 'overwritten') notes.push(`Replaced ${name(result.dockerfile.path)} with the generated one.`);
  if (result.dockerfile.status === 'differs') notes.push(`Built with your ${name(result.dockerfile.path)}, which differs from the generated one (--overwrite-dockerfile replaces it).`);
  if (result.dockerignore.status === 'created') notes.push(`Wrote ${name(result.dockerignore.path)}.`);
  return notes.length > 0 ? `${notes.join(' ')}\n` : '';
}

/** One sentence and the exit code: 3 no engine, 2 bad input, 1 the build (or anything else) failed. */
function failed(io: CliIo, error: unknown): number {
  const e = error as { name?: string; code?: string; message?: string; detail?: string };
  const message = typeof e?.message === 'string' ? e.message : String(error);
  if (e?.name === 'DockerizeError' && e.code === 'build-failed' && e.detail) io.err(`${e.detail}\n`);
  io.err(`mlops dockerize: ${message}\n`);
  if ((e?.name === 'EngineError' || e?.name === 'EngineEndpointError') && unreachable.has(String(e.code))) return 3;
  if (e?.name === 'EngineEndpointError') return 3;
  if (e?.name === 'DockerizeError' && badInput.has(String(e.code))) return 2;
  return 1;
}

function kib(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
