import * as path from 'node:path';
import { RunStoreError } from '../../core/runs/runErrors';
import { isRunId } from '../../core/runs/runId';

/** File names inside the store folder; docs/store.md describes each. */
export const storeFiles = {
  runs: 'runs',
  index: 'index',
  trash: 'trash',
  cache: 'cache',
  meta: 'meta.json',
  journal: 'metrics.jsonl',
  history: 'history.bin',
  inbox: 'inbox.jsonl',
  output: 'output.log',
  patch: 'git.patch',
  lease: 'lease',
  lock: '.lock',
} as const;

export function runFolder(storeDir: string, id: string): string {
  if (!isRunId(id)) throw new RunStoreError('invalid-id', `'${id}' is not a run id of this store.`);
  return path.join(storeDir, storeFiles.runs, id);
}
