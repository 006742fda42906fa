// Where the registry lives beside the run store: `<workspace>/.mlops/registry/` (docs/registry.md).
import * as path from 'node:path';

export const registryFiles = {
  folder: 'registry',
  audit: 'audit.jsonl',
  lock: '.lock',
  versions: 'versions',
  aliases: 'aliases.json',
  meta: 'meta.json',
  artifact: 'artifact',
} as const;

/** `<storeDir>/registry`, where storeDir is the run store's folder (`<workspace>/.mlops`). */
export function registryDir(storeDir: string): string {
  return path.join(storeDir, registryFiles.folder);
}

export function auditFile(registry: string): string {
  return path.join(registry, registryFiles.audit);
}

/** One lock for the whole registry: version numbers, aliases and the audit trail change together. */
export function lockFile(registry: string): string {
  return path.join(registry, registryFiles.lock);
}

export function modelDir(registry: string, model: string): string {
  return path.join(registry, model);
}

export function versionDir(registry: string, model: string, version: number): string {
  return path.join(registry, model, registryFiles.versions, String(version));
}
