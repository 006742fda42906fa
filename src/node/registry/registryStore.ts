// The registry's files: versions (immutable, artifact copied in) and aliases per model, with every
// change appended to the audit trail under the same lock (docs/registry.md).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AuditAction } from '../../core/registry/auditChain';
import type { FailingGate } from '../../core/deploy/gateCheck';
import { decideGates, isProtected, type OverrideRequest } from '../../core/registry/gatePolicy';
import { isSafeName } from '../../core/registry/modelRef';
import { findIdentical, nextVersion, removeAlias, setAlias, type AliasMap, type ModelVersion, type RegisteredModel } from '../../core/registry/registryModel';
import { isNotFound, writeFileAtomicSync } from '../runs/atomicFile';
import { hashPath } from '../hashing/sha256';
import { appendAuditLocked, withRegistryLock } from './auditLog';
import { modelDir, registryFiles, versionDir } from './registryLayout';

export type RegistryErrorCode = 'bad-input' | 'not-found' | 'refused' | 'changed';

export class RegistryError extends Error {
  override readonly name = 'RegistryError';
  constructor(readonly code: RegistryErrorCode, message: string) {
    super(message);
  }
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw new RegistryError('changed', `${file} is not valid JSON; it was edited by hand.`);
  }
}

export function readVersions(registry: string, model: string): ModelVersion[] {
  let names: string[];
  try {
    names = fs.readdirSync(path.join(modelDir(registry, model), registryFiles.versions));
  } catch (error) {
    if (isNotFound(error)) return [];
    throw error;
  }
  return names.filter((n) => /^[1-9][0-9]*$/.test(n))
    .map((n) => readJson<ModelVersion>(path.join(versionDir(registry, model, Number(n)), registryFiles.meta)))
    .filter((v): v is ModelVersion => v !== undefined)
    .sort((a, b) => a.version - b.version);
}

export function readAliases(registry: string, model: string): AliasMap {
  return readJson<AliasMap>(path.join(modelDir(registry, model), registryFiles.aliases)) ?? {};
}

export function listOwnModels(registry: string): RegisteredModel[] {
  let names: string[];
  try {
    names = fs.readdirSync(registry, { withFileTypes: true }).filter((e) => e.isDirectory() && isSafeName(e.name)).map((e) => e.name);
  } catch (error) {
    if (isNotFound(error)) return [];
    throw error;
  }
  return names.sort().map((name) => ({
    name,
    source: 'mlops' as const,
    aliases: readAliases(registry, name),
    versions: readVersions(registry, name).map((v) => ({
      version: v.version, runId: v.runId, artifactHash: v.artifactHash, description: v.description, created: v.created,
      gatesPassed: v.gates.passed, ...(v.gateOverride ? { gateOverride: v.gateOverride } : {}),
    })),
  })).filter((m) => m.versions.length > 0);
}

export interface NewVersion {
  readonly model: string;
  /** The artifact to copy in (file or folder) and the hash the run recorded for it. */
  readonly artifact: string;
  readonly recordedHash: string;
  readonly sourcePath: string;
  readonly runId: string;
  readonly experiment: string;
  readonly params: ModelVersion['params'];
  readonly metrics: ModelVersion['metrics'];
  readonly gitCommit?: string;
  readonly data: ModelVersion['data'];
  readonly description: string;
  readonly who: string;
  readonly failingGates: readonly FailingGate[];
  readonly override: OverrideRequest;
  readonly now?: Date;
}

export type RegisterResult = { readonly status: 'registered' | 'identical'; readonly version: ModelVersion };

/**
 * Registers a version. The artifact is copied into a staging folder first (slow, outside the
 * lock) and its copy hashed, so the version holds exactly what the run recorded; under the lock
 * the number is picked, the staging folder renamed into place and the trail appended.
 */
export async function registerVersion(registry: string, input: NewVersion): Promise<RegisterResult> {
  if (!isSafeName(input.model)) throw new RegistryError('bad-input', `'${input.model}' is not a model name (letters, digits, '.', '_', '-'; 64 at most).`);
  const already = findIdentical(readVersions(registry, input.model), input.recordedHash);
  if (already) return { status: 'identical', version: already };
  const decision = decideGates(`register run ${input.runId} as ${input.model}`, input.failingGates, input.override);
  if (!decision.allowed) throw new RegistryError('refused', decision.message);

  const modelFolder = modelDir(registry, input.model);
  fs.mkdirSync(path.join(modelFolder, registryFiles.versions), { recursive: true });
  const staging = fs.mkdtempSync(path.join(modelFolder, '.staging-'));
  try {
    const artifactName = path.basename(input.artifact);
    const copy = path.join(staging, registryFiles.artifact, artifactName);
    fs.mkdirSync(path.dirname(copy), { recursive: true });
    fs.cpSync(input.artifact, copy, { recursive: true, verbatimSymlinks: true });
    const hashed = await hashPath(copy);
    if (!hashed || hashed.hash !== input.recordedHash) {
      throw new RegistryError('changed', `${input.sourcePath} has changed since run ${input.runId} recorded it; re-run the pipeline or register the latest run.`);
    }
    return withRegistryLock(registry, () => {
      const versions = readVersions(registry, input.model);
      const raced = findIdentical(versions, input.recordedHash);
      if (raced) return { status: 'identical' as const, version: raced };
      const number = nextVersion(versions.map((v) => v.version));
      const version: ModelVersion = {
        model: input.model, version: number, artifactHash: hashed.hash, artifactKind: hashed.kind,
        artifactPath: `${registryFiles.artifact}/${artifactName}`, sourcePath: input.sourcePath,
        runId: input.runId, experiment: input.experiment, params: input.params, metrics: input.metrics,
        ...(input.gitCommit ? { gitCommit: input.gitCommit } : {}), data: input.data, description: input.description,
        created: (input.now ?? new Date()).toISOString(), who: input.who,
        gates: { passed: input.failingGates.length === 0, failing: input.failingGates },
        ...(decision.override ? { gateOverride: decision.override } : {}),
      };
      fs.chmodSync(staging, 0o755);
      writeFileAtomicSync(path.join(staging, registryFiles.meta), `${JSON.stringify(version, null, 2)}\n`);
      fs.renameSync(staging, versionDir(registry, input.model, number));
      const base = { when: version.created, who: input.who, model: input.model, version: number, artifactHash: hashed.hash };
      if (decision.override) appendAuditLocked(registry, { ...base, action: 'gate-override', from: `run ${input.runId}`, to: `${input.model}:${number}`, reason: overrideReason(decision.override.reason, decision.override.failing) });
      appendAuditLocked(registry, { ...base, action: 'register', from: `run ${input.runId}`, to: `${input.model}:${number}`, reason: decision.override?.reason ?? (input.description || null) });
      return { status: 'registered' as const, version };
    });
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

function overrideReason(reason: string, failing: readonly FailingGate[]): string {
  return `${reason} (failing: ${failing.map((g) => `${g.expression}${g.actual === undefined ? ' not recorded' : ` was ${g.actual}`}`).join(', ')})`;
}

export interface AliasRequest {
  readonly model: string;
  readonly alias: string;
  readonly who: string;
  readonly override: OverrideRequest;
  readonly protectedAliases: readonly string[];
  readonly now?: Date;
}

export interface AliasResult {
  readonly action: AuditAction;
  readonly from?: number;
  readonly to?: number;
  readonly unchanged: boolean;
}

/** Points an alias at a version. A protected alias only goes to a version whose run passed its gates, unless overridden with a reason. */
export function setModelAlias(registry: string, request: AliasRequest & { readonly version: number }): AliasResult {
  return withRegistryLock(registry, () => {
    const versions = readVersions(registry, request.model);
    if (versions.length === 0) throw new RegistryError('not-found', `There is no registered model '${request.model}'; \`mlops models\` lists them.`);
    const aliases = readAliases(registry, request.model);
    const change = setAlias(aliases, request.alias, request.version, versions.map((v) => v.version));
    if (!change.ok) throw new RegistryError(/no version/i.test(change.message) ? 'not-found' : 'bad-input', change.message);
    if (change.unchanged) return { action: change.action, ...(change.from !== undefined ? { from: change.from } : {}), to: request.version, unchanged: true };
    const target = versions.find((v) => v.version === request.version)!;
    const failing = isProtected(request.alias, request.protectedAliases) ? target.gates.failing : [];
    const decision = decideGates(`move the protected alias ${request.alias} to ${request.model}:${request.version}`, failing, request.override);
    if (!decision.allowed) throw new RegistryError('refused', decision.message);
    writeFileAtomicSync(path.join(modelDir(registry, request.model), registryFiles.aliases), `${JSON.stringify(change.aliases, null, 2)}\n`);
    const when = (request.now ?? new Date()).toISOString();
    const base = { when, who: request.who, model: request.model, version: request.version, artifactHash: target.artifactHash };
    const from = change.from !== undefined ? `${request.alias}=${change.from}` : null;
    const to = `${request.alias}=${request.version}`;
    if (decision.override) appendAuditLocked(registry, { ...base, action: 'gate-override', from, to, reason: overrideReason(decision.override.reason, decision.override.failing) });
    appendAuditLocked(registry, { ...base, action: change.action, from, to, reason: decision.override?.reason ?? null });
    return { action: change.action, ...(change.from !== undefined ? { from: change.from } : {}), to: request.version, unchanged: false };
  });
}

export function removeModelAlias(registry: string, request: Omit<AliasRequest, 'override' | 'protectedAliases'>): AliasResult {
  return withRegistryLock(registry, () => {
    const change = removeAlias(readAliases(registry, request.model), request.alias);
    if (!change.ok) throw new RegistryError('not-found', `${change.message.replace(/\.$/, '')} on the model '${request.model}'.`);
    const target = readVersions(registry, request.model).find((v) => v.version === change.from);
    writeFileAtomicSync(path.join(modelDir(registry, request.model), registryFiles.aliases), `${JSON.stringify(change.aliases, null, 2)}\n`);
    appendAuditLocked(registry, {
      when: (request.now ?? new Date()).toISOString(), who: request.who, action: 'alias-remove', model: request.model,
      version: change.from ?? null, from: `${request.alias}=${change.from}`, to: null, reason: null, artifactHash: target?.artifactHash ?? null,
    });
    return { action: 'alias-remove', ...(change.from !== undefined ? { from: change.from } : {}), unchanged: false };
  });
}
