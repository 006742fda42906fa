import { parse as parseYaml } from 'yaml';
import { toMetricNumber } from './flatten';
import type { ArtifactRecord, JsonValue, MetricSeries, RunRecord, RunStatus } from './runModel';

/**
 * MLflow's legacy file store (`mlruns/`), read-only:
 *   <exp_id>/meta.yaml                       experiment: experiment_id, name, lifecycle_stage
 *   <exp_id>/<run_id>/meta.yaml              run: run_id, status (int), start_time, end_time, ...
 *   <exp_id>/<run_id>/params/<key>           the value as text
 *   <exp_id>/<run_id>/metrics/<key>          lines "<timestamp_ms> <value> [<step>]"
 *   <exp_id>/<run_id>/tags/<key>             the value as text
 * Keys with '/' are nested folders (`metrics/a/b` is the key "a/b").
 */
export interface MlflowExperimentMeta {
  readonly id: string;
  readonly name: string;
  readonly deleted: boolean;
}

export interface MlflowRunMeta {
  readonly runId: string;
  readonly experimentId: string;
  readonly status: RunStatus;
  readonly startTime?: number;
  readonly endTime?: number;
  readonly runName?: string;
  readonly deleted: boolean;
}

/** A YAML mapping, or {} for anything else (MLflow's meta.yaml files may be torn or empty). */
export function yamlObject(text: string): Record<string, unknown> {
  try {
    const parsed: unknown = parseYaml(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed as Record<string, unknown> : {};
  } catch {
    return {};
  }
}

const asString = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined);
const asTime = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export function parseMlflowExperimentMeta(text: string, folderName: string): MlflowExperimentMeta {
  const y = yamlObject(text);
  return {
    id: asString(y.experiment_id) ?? folderName,
    name: asString(y.name) ?? folderName,
    deleted: y.lifecycle_stage === 'deleted',
  };
}

/** MLflow's RunStatus: 1 RUNNING, 2 SCHEDULED, 3 FINISHED, 4 FAILED, 5 KILLED (or the names). */
export function mlflowStatus(value: unknown): RunStatus {
  switch (typeof value === 'string' ? value.toUpperCase() : value) {
    case 1: case 'RUNNING': return 'running';
    case 2: case 'SCHEDULED': return 'queued';
    case 3: case 'FINISHED': return 'finished';
    case 4: case 'FAILED': return 'failed';
    case 5: case 'KILLED': return 'killed';
    default: return 'failed';
  }
}

export function parseMlflowRunMeta(text: string, folderName: string, experimentId: string): MlflowRunMeta {
  const y = yamlObject(text);
  return {
    runId: asString(y.run_id) ?? asString(y.run_uuid) ?? folderName,
    experimentId: asString(y.experiment_id) ?? experimentId,
    status: mlflowStatus(y.status),
    startTime: asTime(y.start_time),
    endTime: asTime(y.end_time),
    runName: asString(y.run_name) || undefined,
    deleted: y.lifecycle_stage === 'deleted',
  };
}

/** A metric file: "<timestamp_ms> <value> [<step>]" per line; a missing step is 0. */
export function parseMlflowMetricFile(text: string): MetricSeries {
  const steps: number[] = [];
  const values: number[] = [];
  const timestamps: number[] = [];
  for (const line of text.split('\n')) {
    const parts = line.trim().split(/\s+/);
    if (parts.length < 2) continue;
    const ts = Number(parts[0]);
    const raw = parts[1]!;
    const value = /^[-+]?(\d|\.\d)/.test(raw) ? Number(raw) : toMetricNumber(raw);
    const step = parts.length > 2 ? Number(parts[2]) : 0;
    if (!Number.isFinite(ts) || value === undefined || !Number.isFinite(step)) continue;
    timestamps.push(ts);
    values.push(value);
    steps.push(step);
  }
  return { steps: Float64Array.from(steps), values: Float64Array.from(values), timestamps: Float64Array.from(timestamps) };
}

/** MLflow's "latest" value: the one at the highest step, then the latest timestamp. */
export function mlflowLatest(series: MetricSeries): number | undefined {
  let best = -1;
  for (let i = 0; i < series.values.length; i++) {
    if (best < 0 || series.steps[i]! > series.steps[best]! || (series.steps[i] === series.steps[best] && series.timestamps[i]! >= series.timestamps[best]!)) best = i;
  }
  return best < 0 ? undefined : series.values[best];
}

/** A param value: MLflow keeps text; numbers and booleans that read back exactly become JSON. */
export function mlflowParamValue(text: string): JsonValue {
  const trimmed = text.replace(/\n$/, '');
  if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(trimmed) && String(Number(trimmed)) === trimmed) return Number(trimmed);
  if (trimmed === 'True' || trimmed === 'true') return true;
  if (trimmed === 'False' || trimmed === 'false') return false;
  return trimmed;
}

export interface MlflowRunParts {
  readonly experiment: MlflowExperimentMeta;
  readonly meta: MlflowRunMeta;
  readonly params: Readonly<Record<string, string>>;
  readonly tags: Readonly<Record<string, string>>;
  /** The latest value of each metric. */
  readonly metrics: Readonly<Record<string, number>>;
  readonly artifacts: readonly ArtifactRecord[];
}

export function mlflowRunId(runId: string): string {
  return `mlflow:${runId}`;
}

export function mlflowRunRecord(parts: MlflowRunParts): RunRecord {
  const { meta, tags } = parts;
  const params: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(parts.params)) params[key] = mlflowParamValue(value);
  const userTags: Record<string, string> = {};
  for (const [key, value] of Object.entries(tags)) if (!key.startsWith('mlflow.')) userTags[key] = value;
  const parentId = tags['mlflow.parentRunId'];
  return {
    id: mlflowRunId(meta.runId),
    rev: 0,
    source: 'mlflow',
    name: meta.runName ?? tags['mlflow.runName'] ?? meta.runId,
    experiment: parts.experiment.name,
    status: meta.status,
    createdAt: meta.startTime ?? 0,
    startedAt: meta.startTime,
    endedAt: meta.endTime,
    params,
    metrics: { ...parts.metrics },
    tags: userTags,
    notes: tags['mlflow.note.content'] ?? '',
    starred: false,
    parentId: parentId ? mlflowRunId(parentId) : undefined,
    artifacts: parts.artifacts,
    git: tags['mlflow.source.git.commit'] ? { commit: tags['mlflow.source.git.commit'], branch: tags['mlflow.source.git.branch'], dirty: false, patchBytes: 0 } : undefined,
    data: [],
    stages: [],
    history: 'imported',
  };
}
