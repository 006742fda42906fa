import { PathHasher } from '../hashing/pathHasher';
import { RunStore } from '../runs/runStore';
import type { Overrides } from '../../core/runner/sweep';
import { loadPipeline } from './loadPipeline';
import { runPipeline, runSweep, type RunEvents } from './pipelineRunner';
import type { RunOutcome } from './runOutcome';
import { StageFingerprints } from './stageFingerprints';
import { storeRecorder } from './storeRecorder';

export interface WorkspaceRunRequest {
  /** Absolute path of the pipeline file; its folder holds the store (`.mlops/`). */
  readonly pipelineFile: string;
  readonly stage?: string;
  readonly overrides?: Overrides;
  readonly force?: boolean;
  readonly sweep?: boolean;
  readonly maxParallel?: number;
  readonly signal?: AbortSignal;
  readonly events?: RunEvents;
  /** Where python/mlops_log.py is shipped (the extension's or the CLI's folder). */
  readonly pythonHelperDir?: string;
}

/** Loads a pipeline, opens the store beside it and runs it: the one entry the editor and the CLI share. */
export async function runInWorkspace(request: WorkspaceRunRequest): Promise<RunOutcome> {
  const pipeline = loadPipeline(request.pipelineFile);
  const store = await RunStore.forWorkspace(pipeline.dir);
  try {
    // Runs whose runner died (kill -9, a crash) are written down as killed before new ones start.
    await store.reapKilledRuns();
    const hasher = PathHasher.forStore(store.dir);
    const services = {
      recorder: storeRecorder(store, hasher),
      fingerprints: new StageFingerprints(store.dir),
      hashPath: (absolutePath: string) => hasher.hash(absolutePath),
      ...(request.pythonHelperDir ? { pythonHelperDir: request.pythonHelperDir } : {}),
    };
    const options = {
      ...(request.stage ? { stage: request.stage } : {}),
      ...(request.overrides ? { overrides: request.overrides } : {}),
      force: request.force ?? false,
      maxParallel: request.maxParallel ?? 2,
      ...(request.signal ? { signal: request.signal } : {}),
      ...(request.events ? { events: request.events } : {}),
    };
    return await (request.sweep ? runSweep(pipeline, options, services) : runPipeline(pipeline, options, services));
  } finally {
    store.close();
  }
}
