// The registry model: a model's immutable versions and its aliases, as docs/registry.md stores
// them, plus the rules for numbering versions and for setting, moving and removing aliases.
import type { JsonValue } from '../runs/runModel';
import type { FailingGate } from '../deploy/gateCheck';
import { isSafeName } from './modelRef';

export interface GateOverride {
  readonly reason: string;
  readonly failing: readonly FailingGate[];
}

/** `versions/<n>/meta.json`: written once, never changed. */
export interface ModelVersion {
  readonly model: string;
  readonly version: number;
  /** sha256 hex of the artifact (a file's bytes, or a folder's listing hash as in docs/store.md). */
  readonly artifactHash: string;
  readonly artifactKind: 'file' | 'dir';
  /** The artifact's path inside the version folder (`artifact/<name>`). */
  readonly artifactPath: string;
  /** Where the artifact came from, relative to the pipeline folder. */
  readonly sourcePath: string;
  readonly runId: string;
  readonly experiment: string;
  readonly params: Readonly<Record<string, JsonValue>>;
  readonly metrics: Readonly<Record<string, number>>;
  readonly gitCommit?: string;
  readonly data: readonly { readonly path: string; readonly hash: string | null }[];
  readonly description: string;
  /** ISO time. */
  readonly created: string;
  readonly who: string;
  /** The gates as evaluated on registering; an override records its reason. */
  readonly gates: { readonly passed: boolean; readonly failing: readonly FailingGate[] };
  readonly gateOverride?: GateOverride;
}

/** `aliases.json`: alias → version. */
export type AliasMap = Readonly<Record<string, number>>;

/** A model as listed: ours or read from MLflow's file store. */
export interface RegisteredModel {
  readonly name: string;
  readonly source: 'mlops' | 'mlflow';
  readonly versions: readonly ModelVersionSummary[];
  readonly aliases: AliasMap;
}

export interface ModelVersionSummary {
  readonly version: number;
  readonly runId?: string;
  readonly artifactHash?: string;
  readonly description: string;
  readonly created?: string;
  readonly gatesPassed?: boolean;
  readonly gateOverride?: GateOverride;
}

/** The next version number: one more than the highest there is (numbers are never reused). */
export function nextVersion(existing: readonly number[]): number {
  return existing.reduce((max, v) => Math.max(max, v), 0) + 1;
}

/** The version already holding this exact content, when there is one. */
export function findIdentical<V extends { readonly artifactHash?: string; readonly version: number }>(versions: readonly V[], artifactHash: string): V | undefined {
  return versions.find((v) => v.artifactHash === artifactHash);
}

export type AliasChange =
  | { readonly ok: true; readonly action: 'alias-set' | 'alias-move' | 'alias-remove'; readonly from?: number; readonly to?: number; readonly aliases: AliasMap; readonly unchanged: boolean }
  | { readonly ok: false; readonly message: string };

/** Points `alias` at `version` (set when new, move when it pointed elsewhere). */
export function setAlias(aliases: AliasMap, alias: string, version: number, versions: readonly number[]): AliasChange {
  if (!isSafeName(alias)) return { ok: false, message: `'${alias}' is not an alias name (letters, digits, '.', '_', '-'; 64 at most).` };
  if (/^[0-9]+$/.test(alias)) return { ok: false, message: `'${alias}' is a number; an alias needs a letter so it cannot be mistaken for a version.` };
  if (!versions.includes(version)) return { ok: false, message: `There is no version ${version}; the versions are ${versions.join(', ') || 'none yet'}.` };
  const from = aliases[alias];
  const action = from === undefined ? 'alias-set' : 'alias-move';
  return { ok: true, action, ...(from !== undefined ? { from } : {}), to: version, aliases: { ...aliases, [alias]: version }, unchanged: from === version };
}

export function removeAlias(aliases: AliasMap, alias: string): AliasChange {
  const from = aliases[alias];
  if (from === undefined) return { ok: false, message: `There is no alias '${alias}'.` };
  const rest: Record<string, number> = { ...aliases };
  delete rest[alias];
  return { ok: true, action: 'alias-remove', from, aliases: rest, unchanged: false };
}

/** The protected aliases by default (the `mlops.registry.protectedAliases` setting or `--protected` replace it). */
export const defaultProtectedAliases: readonly string[] = ['production'];
