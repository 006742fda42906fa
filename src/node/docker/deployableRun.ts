// Which run an image (or a deployment) is made from: the one named, or by default the latest
// finished run of the pipeline whose final metrics pass its gates.
import * as path from 'node:path';
import { describeFailingGates, runGateResult, type GateResult } from '../../core/deploy/gateCheck';
import type { PipelineModel } from '../../core/pipeline/types';
import type { RunRecord } from '../../core/runs/runModel';
import { RunnerError } from '../../core/runner/runnerErrors';
import { sha256File } from '../hashing/sha256';
import { loadPipeline } from '../runner/loadPipeline';
import { RunStore } from '../runs/runStore';
import { DockerizeError } from './dockerizeError';

export interface DeployableRun {
  readonly run: RunRecord & { readonly commit?: string; readonly finalMetrics: Readonly<Record<string, number>> };
  readonly gates: GateResult;
  readonly pipeline: PipelineModel;
  /** The pipeline's name (its `name:` or its folder's). */
  readonly pipelineName: string;
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
  return { run: withExtras, gates: gatesOf(run), pipeline: loaded.model, pipelineName: loaded.name };
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
