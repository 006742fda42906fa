import { evaluateGates, type GateInput } from '../../core/deploy/gateCheck';
import type { RunRecord } from '../../core/runs/runModel';
import type { PathHasher } from '../hashing/pathHasher';
import type { RunStore } from '../runs/runStore';
import type { RunStatus } from './runOutcome';
import type { RunRecorder } from './runRecorder';

/**
 * Stores the gates' outcome with a run that finished (docs/store.md, "Gates"). A failed or
 * cancelled run is not judged: its metrics are partial, and it is no candidate to ship anyway.
 */
function withGates(status: RunStatus, gates: readonly GateInput[] | undefined): ((ended: RunRecord) => RunRecord) | undefined {
  if (status !== 'finished' || !gates || gates.length === 0) return undefined;
  return (ended) => ({ ...ended, gates: evaluateGates(gates, ended.metrics) });
}

/** The runner's RunRecorder over the tracking store (docs/store.md). */
export function storeRecorder(store: RunStore, hasher: PathHasher): RunRecorder {
  return {
    async start(info) {
      const live = await store.createRun({
        name: info.name,
        experiment: info.experiment,
        params: info.params,
        ...(info.parentId ? { parentId: info.parentId } : {}),
        ...(info.tags ? { tags: info.tags } : {}),
      });
      try {
        await live.recordGit(info.workspace);
      } catch (error) {
        // The code version is worth recording, not worth refusing to train over.
        live.appendOutput(`⚠ The git state of ${info.workspace} could not be recorded: ${error instanceof Error ? error.message : String(error)}\n`);
      }
      return {
        runId: live.id,
        runDir: live.dir,
        metricsFile: live.metricsFile,
        followMetrics: (file) => live.followMetrics(file),
        output: (text) => live.appendOutput(text),
        stage: (record) => { live.setStage(record); return Promise.resolve(); },
        finalMetrics: async (file) => { await live.readFinalMetrics(file); },
        artifacts: async (paths, baseDir) => { await live.recordArtifacts(paths, baseDir, hasher); },
        data: (hashes) => { live.setData(hashes); return Promise.resolve(); },
        finish: async (status, gates) => { await live.finish(status, undefined, withGates(status, gates)); },
      };
    },
  };
}
