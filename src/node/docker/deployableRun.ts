// Which run an image (or a deployment) is made from: the one named, a registered version named
// `model@alias` or `model:version`, or by default the latest finished run of the pipeline whose
// final metrics pass its gates.
import * as path from 'node:path';
import { describeFailingGates, runGateResult, type GateResult } from '../../core/deploy/gateCheck';
import type { PipelineModel } from '../../core/pipeline/types';
import type { ModelVersion } from '../../core/registry/registryModel';
import type { RunRecord } from '../../core/runs/runModel';
import { RunnerError } from '../../core/runner/runnerErrors';
import { hashPath, sha256File } from '../hashing/sha256';
import { lookupModelRef, looksLikeModelRef } from '../registry/modelRefLookup';
import { registryDir, registryFiles, versionDir } from '../registry/registryLayout';
import { loadPipeline } from '../runner/loadPipeline';
import { RunStore } from '../runs/runStore';
import { DockerizeError } from './dockerizeError';

export interface DeployableRun {
  readonly run: RunRecord & { readonly commit?: string; readonly finalMetrics: Readonly<Record<string, number>> };
  /** For a registered version: the gates as recorded when it was registered. */
  readonly gates: GateResult;
  readonly pipeline: PipelineModel;
  /** The pipeline's name (its `name:` or its folder's). */
  readonly pipelineName: string;
  /** The image's name and tag: `<registered model>:<version>`, or `<model.name>:run-<8 characters of the id>`. */
  readonly image: { readonly model: string; readonly version: string };
  /** Set when a registry version was named: the image gets its stored copy of the model. */
  readonly registered?: ModelVersion;
  /** The registry the pipeline's workspace keeps (`<dir>/.mlops/registry`). */
  readonly registry: string;
}

/** Reads the pipeline (refusing one with errors) and picks the run; see the file's comment. */
export async function resolveDeployableRun(pipelineFile: string, runRef?: string): Promise<DeployableRun> {
  let loaded;
  try {
    loaded = loadPipeline(path.resolve(pipelineFile));
  } catch (error) {
    if (error instanceof RunnerError) throw new DockerizeError('invalid-pipeline', error.message);
    throw error;
  }
  const registry = registryDir(path.join(loaded.dir, '.mlops'));
  if (runRef !== undefined && looksLikeModelRef(runRef)) return registeredVersion(loaded, registry, runRef);
  const store = await RunStore.forWorkspace(loaded.dir);
  let runs: RunRecord[];
  try {
    runs = (await store.listRuns()).filter((r) => r.source === 'mlops' && r.experiment === loaded.name);
  } finally {
    store.close();
  }
  const gatesOf = (run: RunRecord) => runGateResult(loaded.model.gates, run); // stored when the run finished, when present
  let run: RunRecord | undefined;
  if (runRef !== undefined && runRef.trim() !== '') {
    const wanted = runRef.trim();
    const matches = runs.filter((r) => r.id === wanted || r.id.startsWith(wanted));
    if (matches.length > 1 && !matches.some((r) => r.id === wanted)) {
      throw new DockerizeError('ambiguous-run', `'${wanted}' matches ${matches.length} runs of ${loaded.name}; give more of the run id.`);
    }
    run = matches.find((r) => r.id === wanted) ?? matches[0];
    if (!run) throw new DockerizeError('no-run', `There is no run '${wanted}' of the pipeline ${loaded.name}; \`mlops runs\` lists them.`);
    if (run.status !== 'finished') throw new DockerizeError('no-run', `Run ${run.id} is ${run.status}, not finished; pick a finished run.`);
  } else {
    const finished = runs.filter((r) => r.status === 'finished').sort((a, b) => (b.endedAt ?? b.createdAt) - (a.endedAt ?? a.createdAt));
    run = finished.find((r) => gatesOf(r).passed);
    if (!run) {
      const latest = finished[0];
      throw new DockerizeError('no-run', latest
        ? `No finished run of ${loaded.name} passes its gates (the latest, ${latest.id}, fails ${describeFailingGates(gatesOf(latest).failing)}); name a run to use it anyway.`
        : `The pipeline ${loaded.name} has no finished run yet; run it first (\`mlops run\`).`);
    }
  }
  const withExtras = { ...run, finalMetrics: run.metrics, ...(run.git?.commit ? { commit: run.git.commit } : {}) };
  const image = { model: loaded.model.model?.name ?? loaded.name, version: `run-${run.id.slice(0, 8)}` };
  return { run: withExtras, gates: gatesOf(run), pipeline: loaded.model, pipelineName: loaded.name, image, registry };
}

/**
 * A registered version: its gates as recorded, its source run as the registry describes it
 * (the run may have been deleted from the store since; the version keeps what it needs).
 */
function registeredVersion(loaded: ReturnType<typeof loadPipeline>, registry: string, text: string): DeployableRun {
  let version: ModelVersion;
  try {
    version = lookupModelRef(registry, text).version;
  } catch (error) {
    if (error instanceof Error && error.name === 'RegistryError') throw new DockerizeError('no-run', error.message);
    throw error;
  }
  const run: DeployableRun['run'] = {
    id: version.runId, rev: 0, source: 'mlops', name: `${version.model}:${version.version}`, experiment: version.experiment, status: 'finished',
    createdAt: Date.parse(version.created) || 0, params: version.params, metrics: version.metrics, finalMetrics: version.metrics, tags: {}, notes: version.description,
    starred: false, artifacts: [], data: version.data, stages: [], history: 'none',
    ...(version.gitCommit ? { commit: version.gitCommit, git: { commit: version.gitCommit, dirty: false, patchBytes: 0 } } : {}),
  };
  return {
    run, gates: { passed: version.gates.passed, failing: version.gates.failing }, pipeline: loaded.model, pipelineName: loaded.name,
    image: { model: version.model, version: String(version.version) }, registered: version, registry,
  };
}

/**
 * A registered version's stored copy of the model, accepted only when its content still hashes
 * to the `artifactHash` recorded when it was registered (the copy is meant never to change).
 */
export async function verifyRegisteredArtifact(registry: string, version: ModelVersion): Promise<string> {
  const file = path.join(versionDir(registry, version.model, version.version), ...version.artifactPath.split('/'));
  const uri = `${version.model}:${version.version}`;
  if (version.artifactKind !== 'file') throw new DockerizeError('model-changed', `${uri} holds a folder, and an image takes the model as one file (model.path).`);
  const hashed = await hashPath(file).catch(() => null);
  if (!hashed) throw new DockerizeError('model-changed', `The stored model of ${uri} is missing from ${path.join('.mlops', registryFiles.folder)}; register the run again.`);
  if (hashed.hash !== version.artifactHash) throw new DockerizeError('model-changed', `The stored model of ${uri} has changed since it was registered (its sha256 is no longer ${version.artifactHash.slice(0, 12)}); it will not be shipped.`);
  return file;
}

/**
 * The model file the image gets: `model.path` in the pipeline folder, accepted only when its
 * content hash is the one the run recorded for that output, so the image holds that run's model.
 */
export async function verifyModelArtifact(dir: string, modelPath: string, run: RunRecord): Promise<string> {
  const wanted = modelPath.replace(/\\/g, '/').replace(/^\.\//, '');
  const record = run.artifacts.find((a) => a.path === wanted);
  const file = path.join(dir, wanted);
  if (!record || record.kind !== 'file' || !record.hash) {
    throw new DockerizeError('model-changed', `Run ${run.id} did not record the model file ${wanted} as an output; add it to a stage's outs and re-run.`);
  }
  let hash: string;
  try {
    hash = await sha256File(file);
  } catch {
    throw new DockerizeError('model-changed', `The model file ${wanted} of run ${run.id} is missing; re-run the pipeline or pick the latest run.`);
  }
  if (hash !== record.hash) {
    throw new DockerizeError('model-changed', `The model file ${wanted} has changed since run ${run.id}; re-run it or pick the latest run.`);
  }
  return file;
}
