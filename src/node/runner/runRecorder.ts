import type { GateInput } from '../../core/deploy/gateCheck';
import type { RunStatus } from './runOutcome';

/** What the runner tells the tracking store; implemented over the store by storeRecorder.ts. */
export interface RunRecorder {
  /** Creates the run as running; returns where the run's own files go. */
  start(info: RunStartInfo): Promise<StartedRun>;
}

export interface RunStartInfo {
  readonly name: string;
  readonly experiment: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly parentId?: string;
  readonly tags?: readonly string[];
  /** The folder the pipeline runs in (git state and data hashes are taken from it). */
  readonly workspace: string;
}

export interface StageRecord {
  readonly name: string;
  readonly status: 'ran' | 'skipped' | 'failed' | 'cancelled';
  readonly exitCode?: number | null;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly lastStderr?: readonly string[];
}

export interface StartedRun {
  readonly runId: string;
  /** A folder for this run's files (MLOPS_RUN_DIR). */
  readonly runDir: string;
  /** The JSON-lines file scripts append metrics and params to (MLOPS_METRICS_FILE). */
  readonly metricsFile: string;
  /** Follows a per-step metrics file while a stage writes it; returns a stop function. */
  followMetrics(file: string): () => Promise<void>;
  output(text: string): void;
  stage(record: StageRecord): Promise<void>;
  /** Reads a final metrics JSON written by a stage. */
  finalMetrics(file: string): Promise<void>;
  artifacts(paths: readonly string[], baseDir: string): Promise<void>;
  data(hashes: Readonly<Record<string, string | null>>): Promise<void>;
  /** Ends the run; a finished run's final metrics are judged by `gates` (when given) and the result stored with it. */
  finish(status: RunStatus, gates?: readonly GateInput[]): Promise<void>;
}
