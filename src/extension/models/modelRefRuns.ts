import * as path from 'node:path';
import { engine } from '../engine';
import { findPipelines } from '../pipeline/pipelineFiles';
import { registryOf } from './modelActions';

/** A registered version offered where runs are picked: its reference and its source run. */
export interface RegisteredRunItem {
  readonly label: string;
  readonly description: string;
  readonly ref: string;
  readonly runId: string;
}

async function registryFolders(): Promise<string[]> {
  return [...new Set((await findPipelines()).map((u) => path.dirname(u.fsPath)))].sort();
}

/** Every registered version in the workspace as `model@alias` (aliases first) and `model:version`. */
export async function registeredRunItems(): Promise<RegisteredRunItem[]> {
  const items: RegisteredRunItem[] = [];
  for (const dir of await registryFolders()) {
    try {
      for (const m of engine().listOwnModels(registryOf(dir))) {
        for (const [alias, n] of Object.entries(m.aliases).sort(([a], [b]) => a.localeCompare(b))) {
          const v = m.versions.find((x) => x.version === n);
          if (v?.runId) items.push({ label: `$(tag) ${m.name}@${alias}`, description: `version ${n} · run ${v.runId.slice(0, 8)}`, ref: `${m.name}@${alias}`, runId: v.runId });
        }
        for (const v of [...m.versions].sort((a, b) => b.version - a.version)) {
          if (v.runId) items.push({ label: `$(package) ${m.name}:${v.version}`, description: `run ${v.runId.slice(0, 8)}`, ref: `${m.name}:${v.version}`, runId: v.runId });
        }
      }
    } catch {
      // A registry that cannot be read offers nothing; the runs are still there to pick.
    }
  }
  return items;
}

/**
 * The source run of `model@alias` / `model:version`, looked up in every registry of the workspace;
 * anything else is taken as a run id as it is. An unknown reference throws one sentence.
 */
export async function runIdOfRef(text: string): Promise<string> {
  const e = engine();
  if (!e.looksLikeModelRef(text)) return text;
  let firstError: Error | undefined;
  for (const dir of await registryFolders()) {
    try {
      return e.lookupModelRef(registryOf(dir), text).version.runId;
    } catch (error) {
      firstError ??= error instanceof Error ? error : new Error(String(error));
    }
  }
  throw firstError ?? new Error(`There is no pipeline in this workspace, so there is no registry to find ${text} in.`);
}
