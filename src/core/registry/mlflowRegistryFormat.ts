// MLflow's file-store model registry, read-only, mapped into our registry model:
//   mlruns/models/<name>/meta.yaml                  name, description, creation_timestamp
//   mlruns/models/<name>/version-<n>/meta.yaml      version, run_id, source, description, creation_timestamp, current_stage
//   mlruns/models/<name>/aliases/<alias>            the version number as text
import { mlflowRunId, yamlObject } from '../runs/mlflowFormat';
import type { ModelVersionSummary, RegisteredModel } from './registryModel';

const asText = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

/** One `version-<n>/meta.yaml`; undefined when it names no usable version number. */
export function parseMlflowModelVersion(text: string, folderName: string): ModelVersionSummary | undefined {
  const meta = yamlObject(text);
  const fromFolder = /^version-([1-9][0-9]*)$/.exec(folderName)?.[1];
  const version = Number(asText(meta.version) ?? fromFolder);
  if (!Number.isInteger(version) || version < 1) return undefined;
  const runId = asText(meta.run_id);
  const created = typeof meta.creation_timestamp === 'number' ? new Date(meta.creation_timestamp).toISOString() : undefined;
  return {
    version,
    ...(runId ? { runId: mlflowRunId(runId) } : {}),
    description: asText(meta.description) ?? '',
    ...(created ? { created } : {}),
  };
}

/** An alias file holds the version number. */
export function parseMlflowAlias(text: string): number | undefined {
  const value = Number(text.trim());
  return Number.isInteger(value) && value > 0 ? value : undefined;
}

export function mlflowRegisteredModel(metaText: string, folderName: string, versions: readonly ModelVersionSummary[], aliases: Readonly<Record<string, number>>): RegisteredModel {
  const name = asText(yamlObject(metaText).name) ?? folderName;
  return { name, source: 'mlflow', versions: [...versions].sort((a, b) => a.version - b.version), aliases };
}
