// Reads MLflow's file-store registry (`mlruns/models/`) read-only; see core/registry/mlflowRegistryFormat.ts.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { mlflowRegisteredModel, parseMlflowAlias, parseMlflowModelVersion } from '../../core/registry/mlflowRegistryFormat';
import type { ModelVersionSummary, RegisteredModel } from '../../core/registry/registryModel';

async function text(file: string): Promise<string | undefined> {
  try {
    return await fs.promises.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

async function dirs(dir: string): Promise<string[]> {
  try {
    return (await fs.promises.readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch {
    return [];
  }
}

/** The registered models of one `mlruns` folder (none when it has no `models/`). */
export async function readMlflowRegistry(mlrunsDir: string): Promise<RegisteredModel[]> {
  const modelsDir = path.join(mlrunsDir, 'models');
  const models: RegisteredModel[] = [];
  for (const folder of (await dirs(modelsDir)).sort()) {
    const dir = path.join(modelsDir, folder);
    const meta = await text(path.join(dir, 'meta.yaml'));
    if (meta === undefined) continue;
    const versions: ModelVersionSummary[] = [];
    for (const v of await dirs(dir)) {
      if (!v.startsWith('version-')) continue;
      const vText = await text(path.join(dir, v, 'meta.yaml'));
      const parsed = vText === undefined ? undefined : parseMlflowModelVersion(vText, v);
      if (parsed) versions.push(parsed);
    }
    const aliases: Record<string, number> = {};
    let aliasFiles: string[] = [];
    try {
      aliasFiles = (await fs.promises.readdir(path.join(dir, 'aliases'), { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
    } catch {
      aliasFiles = [];
    }
    for (const alias of aliasFiles.sort()) {
      const value = parseMlflowAlias((await text(path.join(dir, 'aliases', alias))) ?? '');
      if (value !== undefined) aliases[alias] = value;
    }
    models.push(mlflowRegisteredModel(meta, folder, versions, aliases));
  }
  return models;
}
