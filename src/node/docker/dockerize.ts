// From a finished run to a tagged image: the Dockerfile and .dockerignore (generated when missing,
// never overwritten silently), a build context of exactly the files they allow plus the run's
// verified model and the shipped server, and a build whose log and step stream to the caller.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BuildProgress } from '../../core/docker/buildProgress';
import { planBuildContext } from '../../core/docker/buildContext';
import { DockerPlanError } from '../../core/docker/dockerErrors';
import { DEFAULT_BASE, DEFAULT_MAX_BODY_BYTES, DEFAULT_PORT, planDockerfile, type DockerfileSpec } from '../../core/docker/dockerfilePlan';
import { planImageLabels, planImageTag } from '../../core/docker/imageLabels';
import type { TarFile } from './contextTar';
import { ARTIFACT_LABEL } from '../../core/registry/deployAudit';
import { resolveDeployableRun, verifyModelArtifact, verifyRegisteredArtifact } from './deployableRun';
import { DockerizeError } from './dockerizeError';
import type { DockerEngine } from './engineClient';
import { BuildError, buildImage } from './imageBuilder';
import { listProjectFiles } from './projectFiles';
import { findShippedServer } from './shippedServer';

export { resolveDeployableRun } from './deployableRun';

export interface BuildStepProgress {
  step: number;
  total: number;
  instruction: string;
}

export interface DockerizeOptions {
  engine: DockerEngine;
  pipelineFile: string;
  /** A run id or a unique prefix, or a registered version (`model@alias`, `model:version`); default the latest finished run that passes the gates. */
  runRef?: string;
  /** An explicit base image (CLI `--base`): wins over everything. */
  base?: string;
  /** The editor's setting `mlops.docker.defaultBase`: used when neither `base` nor `docker.base` is set. */
  defaultBase?: string;
  /** Called with each line of the build log, and the step running then. */
  onEvent?: (line: string, progress?: BuildStepProgress) => void;
  signal?: AbortSignal;
  /** What to do with an existing Dockerfile (default keep-existing). */
  dockerfile?: 'keep-existing' | 'overwrite';
  /** Build every step afresh (a benchmark's cold build; a suspect cache). */
  noCache?: boolean;
  /** Extra image labels (tests mark what they create). */
  labels?: Readonly<Record<string, string>>;
  /** Default: the environment of this process (MLOPS_DOCKER_BASE). */
  env?: Readonly<Record<string, string | undefined>>;
}

export interface DockerizeResult {
  tag: string;
  imageId: string;
  /** The registered model's name for a registry version, else the pipeline's model.name. */
  model: string;
  version: string;
  run: string;
  commit?: string;
  /** The base the generated Dockerfile names (a kept Dockerfile may use another). */
  base: string;
  contextBytes: number;
  dockerfile: { path: string; status: 'created' | 'kept' | 'overwritten' | 'differs'; generated: string };
  dockerignore: { path: string; status: 'created' | 'kept' };
}

/**
 * The base image: an explicit `base` (flag) wins; then the pipeline's `docker.base`; then the
 * environment's MLOPS_DOCKER_BASE (a per-process default, as CI sets it); then the setting; then
 * python:3.12-slim.
 */
export function chooseBase(explicit: string | undefined, pipelineBase: string | undefined, env: string | undefined, setting: string | undefined): string {
  for (const candidate of [explicit, pipelineBase, env, setting]) if (candidate && candidate.trim()) return candidate.trim();
  return DEFAULT_BASE;
}

export async function dockerize(options: DockerizeOptions): Promise<DockerizeResult> {
  const { run, pipeline, image, registered, registry } = await resolveDeployableRun(options.pipelineFile, options.runRef);
  const dir = path.dirname(path.resolve(options.pipelineFile));
  const model = pipeline.model;
  if (!model?.name || !model.path) {
    throw new DockerizeError('invalid-pipeline', "The pipeline has no 'model:' with a name and a path, so there is nothing to put in an image; add them (docs/serving.md).");
  }
  const env = options.env ?? process.env;
  const base = chooseBase(options.base, pipeline.docker?.base, env.MLOPS_DOCKER_BASE, options.defaultBase);
  const spec: DockerfileSpec = {
    modelName: model.name,
    base,
    port: pipeline.docker?.port ?? DEFAULT_PORT,
    maxBodyBytes: pipeline.docker?.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    modelPath: model.path,
    ...(pipeline.docker?.requirements ? { requirements: pipeline.docker.requirements } : {}),
    ...(pipeline.docker?.serve ? { serve: pipeline.docker.serve } : {}),
    ...(model.module ? { modelModule: model.module } : {}),
  };
  let plan;
  try {
    plan = planDockerfile(spec);
  } catch (error) {
    if (error instanceof DockerPlanError) throw new DockerizeError('invalid-pipeline', error.message);
    throw error;
  }

  // A registered version ships its stored copy (hash checked); a run, the model file it recorded.
  const modelFile = registered ? await verifyRegisteredArtifact(registry, registered) : await verifyModelArtifact(dir, model.path, run);
  const modelInContext = model.path.replace(/\\/g, '/').replace(/^\.\//, '');
  const artifactHash = registered?.artifactHash ?? run.artifacts.find((a) => a.path === modelInContext)?.hash ?? undefined;
  const dockerfile = await settleDockerfile(path.join(dir, 'Dockerfile'), plan.dockerfile, options.dockerfile ?? 'keep-existing');
  const dockerignore = await settleDockerignore(path.join(dir, '.dockerignore'), plan.dockerignore);

  const context = planBuildContext(await listProjectFiles(dir, dockerignore.text), dockerignore.text, spec);
  if (context.problems.length > 0) throw new DockerizeError('context', context.problems[0]!);
  const files: TarFile[] = context.files
    .filter((file) => file !== 'Dockerfile') // buildImage adds the Dockerfile's text itself
    .map((file) => ({ path: file, source: file === modelInContext ? modelFile : path.join(dir, file) }));
  if (context.shipped.length > 0) {
    const server = findShippedServer();
    for (const shipped of context.shipped) files.push({ path: shipped, source: server });
  }

  const { version } = image;
  const tag = planImageTag({ name: image.model, version });
  const labels = {
    ...options.labels,
    ...planImageLabels({ id: run.id, created: new Date().toISOString(), ...(run.commit ? { commit: run.commit } : {}) }, { name: image.model, version }),
    ...(artifactHash ? { [ARTIFACT_LABEL]: artifactHash } : {}),
  };
  const progress = new BuildProgress();
  let built;
  try {
    built = await buildImage({
      engine: options.engine,
      contextFiles: files,
      dockerfile: dockerfile.text,
      tag,
      labels,
      networkMode: 'host',
      ...(options.noCache ? { noCache: true } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      onEvent: (event) => {
        const text = progress.feed(event);
        if (!options.onEvent || !text) return;
        const step = progress.step;
        for (const line of text.split('\n')) {
          if (line.trim() !== '') options.onEvent(line, step ? { step: step.index, total: step.total, instruction: step.instruction } : undefined);
        }
      },
    });
  } catch (error) {
    if (!(error instanceof BuildError)) throw error;
    const outcome = progress.outcome();
    if (outcome.ok) throw new DockerizeError('build-failed', error.message, error.detail);
    throw new DockerizeError('build-failed', sentence(outcome.message), outcome.output.join('\n'), outcome);
  }
  return {
    tag,
    imageId: built.imageId,
    model: image.model,
    version,
    run: run.id,
    ...(run.commit ? { commit: run.commit } : {}),
    base,
    contextBytes: built.contextBytes,
    dockerfile: { path: dockerfile.path, status: dockerfile.status, generated: plan.dockerfile },
    dockerignore: { path: dockerignore.path, status: dockerignore.status },
  };
}

/** Writes the generated Dockerfile when there is none (or when asked to); otherwise builds the user's. */
async function settleDockerfile(file: string, generated: string, mode: 'keep-existing' | 'overwrite') {
  const existing = await readIfExists(file);
  if (existing === undefined) {
    await fs.promises.writeFile(file, generated);
    return { path: file, text: generated, status: 'created' as const };
  }
  if (existing === generated) return { path: file, text: existing, status: 'kept' as const };
  if (mode === 'overwrite') {
    await fs.promises.writeFile(file, generated);
    return { path: file, text: generated, status: 'overwritten' as const };
  }
  return { path: file, text: existing, status: 'differs' as const };
}

async function settleDockerignore(file: string, generated: string) {
  const existing = await readIfExists(file);
  if (existing !== undefined) return { path: file, text: existing, status: 'kept' as const };
  await fs.promises.writeFile(file, generated);
  return { path: file, text: generated, status: 'created' as const };
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await fs.promises.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function sentence(text: string): string {
  const line = text.trim();
  return /[.!?]$/.test(line) ? line : `${line}.`;
}
