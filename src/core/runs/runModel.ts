/** The run model shared by the store, the importers, the Experiments tree, the charts and the CLI. */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** `killed` is never written by a runner: a reader derives it when the runner process is gone. */
export type RunStatus = 'queued' | 'running' | 'finished' | 'failed' | 'cancelled' | 'killed';

export const runStatuses: readonly RunStatus[] = ['queued', 'running', 'finished', 'failed', 'cancelled', 'killed'];

export function isLiveStatus(status: RunStatus): boolean {
  return status === 'queued' || status === 'running';
}

/** Where a run comes from: our own store, or a read-only importer. */
export type RunSource = 'mlops' | 'mlflow' | 'dvclive';

export type StageStatus = 'ran' | 'skipped' | 'failed' | 'cancelled';

export interface StageResult {
  readonly name: string;
  readonly status: StageStatus;
  /** null when the process was ended by a signal. */
  readonly exitCode?: number | null;
  /** Milliseconds since the Unix epoch, as every time in a run. */
  readonly startedAt?: number;
  readonly endedAt?: number;
  /** The last lines the stage wrote to stderr (at most 20). */
  readonly lastStderr?: readonly string[];
}

/** An output of the run with its content hash (see docs/store.md for how folders are hashed). */
export interface ArtifactRecord {
  /** Relative to the pipeline folder, with forward slashes. */
  readonly path: string;
  readonly kind: 'file' | 'dir';
  /** The sha256 as hex, or null when the path did not exist. */
  readonly hash: string | null;
  readonly size?: number;
  readonly files?: number;
}

export interface DataRecord {
  readonly path: string;
  readonly hash: string | null;
}

export interface GitInfo {
  readonly commit?: string;
  readonly branch?: string;
  readonly dirty: boolean;
  /** Bytes of `git.patch` in the run folder; 0 when clean. */
  readonly patchBytes: number;
  /** Untracked files left out of the patch (too big, or binary over the limit). */
  readonly skipped?: readonly string[];
}

/** Who writes a live run, so readers can tell when it died (docs/store.md, "Liveness"). */
export interface RunnerInfo {
  readonly pid: number;
  readonly host: string;
  /** Process start time in clock ticks since boot (Linux), against pid reuse. */
  readonly startTicks?: number;
}

/**
 * One of the pipeline's `gates:` as evaluated on the run's final metrics when the run finished
 * (docs/store.md, "Gates").
 */
export interface GateOutcome {
  /** The gate as `<metric> <op> <value>`, e.g. `test/accuracy >= 0.9`. */
  readonly expression: string;
  readonly metric: string;
  /** The run's final value of the metric; `missing` when it recorded none (or NaN / ±Infinity, which JSON cannot hold). */
  readonly actual: number | 'missing';
  readonly passed: boolean;
}

/**
 * One run as stored in `runs/<id>/meta.json`, and as listed (a summary is the whole record:
 * histories and logs live in other files).
 */
export interface RunRecord {
  readonly id: string;
  /** Increases by one on every change of meta.json; the index keeps the highest. */
  readonly rev: number;
  readonly source: RunSource;
  readonly name: string;
  /** The pipeline name. */
  readonly experiment: string;
  readonly status: RunStatus;
  readonly createdAt: number;
  readonly startedAt?: number;
  readonly endedAt?: number;
  /** Flat dotted keys (`train.lr`). */
  readonly params: Readonly<Record<string, JsonValue>>;
  /** Final metrics: the last logged value of each history, overridden by final metrics files. */
  readonly metrics: Readonly<Record<string, number>>;
  readonly tags: Readonly<Record<string, string>>;
  readonly notes: string;
  readonly starred: boolean;
  readonly parentId?: string;
  readonly artifacts: readonly ArtifactRecord[];
  readonly git?: GitInfo;
  readonly data: readonly DataRecord[];
  readonly stages: readonly StageResult[];
  readonly runner?: RunnerInfo;
  /** Set when the status was derived (`killed`): the status the runner last wrote. */
  readonly recordedStatus?: RunStatus;
  /** The pipeline's gates, evaluated when the run finished; absent when it has none or the run did not finish. */
  readonly gates?: readonly GateOutcome[];
  /** Where the histories are: metrics.jsonl (live), history.bin (finished), none, or the other tracker's files. */
  readonly history: 'jsonl' | 'bin' | 'none' | 'imported';
}

export type RunSummary = RunRecord;

/** A metric's history, in the order the points were logged. */
export interface MetricSeries {
  readonly steps: Float64Array;
  readonly values: Float64Array;
  /** Milliseconds since the Unix epoch. */
  readonly timestamps: Float64Array;
}

export interface RunHistory {
  readonly runId: string;
  readonly series: Readonly<Record<string, MetricSeries>>;
}

/** One logged point, as the journal and the feeds carry it. */
export interface MetricPoint {
  readonly metric: string;
  readonly value: number;
  readonly step: number;
  readonly timestamp: number;
}
