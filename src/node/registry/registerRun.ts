// `mlops register RUN`: finds the pipeline's run (an id or a unique start of one), its model
// artifact (`model.path`, else the run's single output) and its gates, then registers a version.
import * as path from 'node:path';
import { runGateResult } from '../../core/deploy/gateCheck';
import type { OverrideRequest } from '../../core/registry/gatePolicy';
import type { RunRecord } from '../../core/runs/runModel';
import { RunnerError } from '../../core/runner/runnerErrors';
import { loadPipeline, type LoadedPipeline } from '../runner/loadPipeline';
import { RunStore } from '../runs/runStore';
import { registryDir } from './registryLayout';
import { registerVersion, RegistryError, type RegisterResult } from './registryStore';
import { whoAmI } from './whoAmI';

export interface RegisterRunOptions {
  readonly pipelineFile: string;
  readonly runRef: string;
  readonly name?: string;
  readonly description?: string;
  readonly override: OverrideRequest;
}

export function loadPipelineForRegistry(pipelineFile: string): LoadedPipeline {
  try {
    return loadPipeline(path.resolve(pipelineFile));
  } catch (error) {
    if (error instanceof RunnerError) throw new RegistryError('bad-input', error.message);
    throw error;
  }
}

/** The run named by an id or a unique start of one, among the store's own runs. */
export function pickRun(runs: readonly RunRecord[], wanted: string): RunRecord {
  const matches = runs.filter((r) => r.id === wanted || r.id.startsWith(wanted));
  const exact = matches.find((r) => r.id === wanted);
  if (!exact && matches.length > 1) throw new RegistryError('bad-input', `'${wanted}' matches ${matches.length} runs; give more of the run id.`);
  const run = exact ?? matches[0];
  if (!run) throw new RegistryError('not-found', `There is no run '${wanted}' here; \`mlops runs\` lists them.`);
  if (run.status !== 'finished') throw new RegistryError('bad-input', `Run ${run.id} is ${run.status}, not finished; register a finished run.`);
  return run;
}

function modelArtifact(run: RunRecord, modelPath: string | undefined): { path: string; hash: string } {
  const wanted = modelPath?.replace(/\\/g, '/').replace(/^\.\//, '');
  const candidates = wanted ? run.artifacts.filter((a) => a.path === wanted) : run.artifacts;
  if (candidates.length !== 1) {
    throw new RegistryError('bad-input', wanted
      ? `Run ${run.id} did not record the model ${wanted} as an output; add it to a stage's outs and re-run.`
      : `Run ${run.id} has ${run.artifacts.length} outputs; set model.path in the pipeline to say which one is the model.`);
  }
  const artifact = candidates[0]!;
  if (!artifact.hash) throw new RegistryError('bad-input', `The model ${artifact.path} was missing when run ${run.id} finished, so there is nothing to register.`);
  return { path: artifact.path, hash: artifact.hash };
}

export async function registerRun(options: RegisterRunOptions): Promise<RegisterResult & { readonly run: RunRecord }> {
  const loaded = loadPipelineForRegistry(options.pipelineFile);
  const store = await RunStore.forWorkspace(loaded.dir);
  let runs: RunRecord[];
  try {
    runs = (await store.listRuns()).filter((r) => r.source === 'mlops');
  } finally {
    store.close();
  }
  const run = pickRun(runs, options.runRef.trim());
  const artifact = modelArtifact(run, loaded.model.model?.path);
  const gates = runGateResult(loaded.model.gates, run); // the result stored when the run finished, when present
  const result = await registerVersion(registryDir(path.join(loaded.dir, '.mlops')), {
    model: options.name ?? loaded.model.model?.name ?? loaded.name,
    artifact: path.join(loaded.dir, artifact.path),
    recordedHash: artifact.hash,
    sourcePath: artifact.path,
    runId: run.id,
    experiment: run.experiment,
    params: run.params,
    metrics: run.metrics,
    ...(run.git?.commit ? { gitCommit: run.git.commit } : {}),
    data: run.data,
    description: options.description ?? '',
    who: whoAmI(loaded.dir),
    failingGates: gates.failing,
    override: options.override,
  });
  return { ...result, run };
}
