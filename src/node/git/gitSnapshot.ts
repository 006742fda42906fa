import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import { RunStoreError } from '../../core/runs/runErrors';
import type { GitInfo } from '../../core/runs/runModel';

/** The empty tree's id: what a repository without commits is diffed against. */
const emptyTree = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

export interface GitSnapshot {
  readonly info: GitInfo;
  /** `git diff --binary` from the commit to the working tree, untracked files included. */
  readonly patch: Buffer;
}

export interface CaptureOptions {
  /** Untracked files bigger than this are left out of the patch (listed in info.skipped). 1 MiB by default. */
  readonly maxUntrackedBytes?: number;
}

const unsafeForSimpleGit = /^(git_.*|editor|visual|pager|prefix|ssh_askpass)$/i;

function git(dir: string, indexFile?: string): SimpleGit {
  const g = simpleGit({ baseDir: dir, trimmed: false, allowEnvironment: ['GIT_INDEX_FILE'] });
  if (!indexFile) return g;
  // GIT_INDEX_FILE points git at a private index, so the user's staging area is never touched.
  // simple-git refuses an explicit environment holding variables that can make git run other
  // programs (GIT_*, EDITOR, VISUAL, PAGER, PREFIX, SSH_ASKPASS); the extension host has EDITOR
  // set, and none of them matter to the plumbing we call, so they are left out.
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined && !unsafeForSimpleGit.test(key)) env[key] = value;
  return g.env({ ...env, GIT_INDEX_FILE: indexFile });
}

async function tempDir(): Promise<string> {
  return fs.promises.mkdtemp(path.join(os.tmpdir(), 'mlops-git-'));
}

/** The repository's top folder, or undefined when `dir` is not inside a git work tree. */
export async function repositoryRoot(dir: string): Promise<string | undefined> {
  try {
    const top = (await git(dir).revparse(['--show-toplevel'])).trim();
    return top || undefined;
  } catch {
    return undefined;
  }
}

async function headCommit(g: SimpleGit): Promise<string | undefined> {
  try {
    return (await g.revparse(['--verify', '-q', 'HEAD'])).trim() || undefined;
  } catch {
    return undefined; // no commits yet
  }
}

/**
 * Writes the working tree (tracked changes, deletions and untracked files not ignored) into a
 * private index and returns the tree id, without touching the user's index. Untracked files over
 * the size limit are left out and returned in `skipped`.
 */
async function workingTree(top: string, scratch: string, maxUntrackedBytes: number): Promise<{ tree: string; skipped: string[] }> {
  const indexFile = path.join(scratch, 'index');
  const realIndex = (await git(top).revparse(['--git-path', 'index'])).trim();
  // Starting from a copy of the real index keeps its stat data, so `git add` re-reads only changed files.
  try {
    await fs.promises.copyFile(path.resolve(top, realIndex), indexFile);
  } catch {
    // A repository without an index yet: start empty.
  }
  const g = git(top, indexFile);
  const head = await headCommit(g);
  if (head) await g.raw(['read-tree', '--reset', 'HEAD']).catch(() => undefined);
  else await g.raw(['read-tree', '--empty']);
  await g.raw(['add', '--update', '--', '.']);
  // The store folder is never code, even where .gitignore does not say so.
  const untracked = (await g.raw(['ls-files', '--others', '--exclude-standard', '--exclude=.mlops', '-z'])).split('\0').filter(Boolean);
  const skipped: string[] = [];
  const wanted: string[] = [];
  for (const rel of untracked) {
    const stat = await fs.promises.lstat(path.join(top, rel)).catch(() => undefined);
    if (!stat) continue;
    if (stat.isFile() && stat.size > maxUntrackedBytes) skipped.push(rel);
    else wanted.push(rel);
  }
  // In batches: a command line has a length limit.
  for (let i = 0; i < wanted.length; i += 500) await g.raw(['add', '--', ...wanted.slice(i, i + 500)]);
  const tree = (await g.raw(['write-tree'])).trim();
  return { tree, skipped };
}

async function diffToFile(g: SimpleGit, from: string, to: string, file: string, extra: string[] = []): Promise<Buffer> {
  // --output keeps git's bytes as they are; text through a pipe would be decoded as UTF-8.
  await g.raw(['diff', '--binary', '--full-index', '--no-color', '--no-ext-diff', '--no-renames', ...extra, `--output=${file}`, from, to]);
  return fs.promises.readFile(file);
}

/**
 * The code state of a run: commit, branch, dirty flag, and a patch that turns the commit into
 * the working tree exactly (modified, added, deleted and untracked files, modes, binary files).
 * Ignored files and `.mlops/` folders are not part of it. Undefined when `dir` is not in a git repository.
 */
export async function captureGit(dir: string, options: CaptureOptions = {}): Promise<GitSnapshot | undefined> {
  const top = await repositoryRoot(dir);
  if (!top) return undefined;
  const scratch = await tempDir();
  try {
    const g = git(top);
    const commit = await headCommit(g);
    let branch: string | undefined;
    try {
      branch = (await g.raw(['symbolic-ref', '--short', '-q', 'HEAD'])).trim() || undefined;
    } catch {
      branch = undefined; // detached HEAD
    }
    const { tree, skipped } = await workingTree(top, scratch, options.maxUntrackedBytes ?? 1 << 20);
    const patch = await diffToFile(g, commit ?? emptyTree, tree, path.join(scratch, 'patch'));
    return {
      info: { commit, branch, dirty: patch.length > 0 || skipped.length > 0, patchBytes: patch.length, ...(skipped.length > 0 ? { skipped } : {}) },
      patch,
    };
  } catch (error) {
    throw new RunStoreError('git-failed', `Could not record the git state of ${top}: ${(error as Error).message}`, { cause: error });
  } finally {
    await fs.promises.rm(scratch, { recursive: true, force: true });
  }
}

/** Applies a recorded patch to the working tree of the repository containing `dir`. */
export async function applyPatch(dir: string, patch: Buffer): Promise<void> {
  if (patch.length === 0) return;
  const top = await repositoryRoot(dir);
  if (!top) throw new RunStoreError('not-a-repo', `${dir} is not inside a git repository.`);
  const scratch = await tempDir();
  try {
    const file = path.join(scratch, 'run.patch');
    await fs.promises.writeFile(file, patch);
    await git(top).raw(['apply', '--binary', '--whitespace=nowarn', file]);
  } catch (error) {
    throw new RunStoreError('patch-failed', `The recorded changes do not apply to ${top}: ${(error as Error).message}`, { cause: error });
  } finally {
    await fs.promises.rm(scratch, { recursive: true, force: true });
  }
}

export interface FileChange {
  readonly path: string;
  /** git's letters: A added, D deleted, M modified, T type changed. */
  readonly status: string;
}

export interface CodeDiff {
  /** A patch (git diff --binary) that turns the current working tree into the run's code. */
  readonly patch: Buffer;
  readonly files: readonly FileChange[];
}

/** The run's code as a tree: its commit with its patch applied, in a private index. */
async function runTree(top: string, scratch: string, commit: string | undefined, patch: Buffer): Promise<string> {
  const g = git(top, path.join(scratch, 'run-index'));
  if (commit) await g.raw(['read-tree', commit]);
  else await g.raw(['read-tree', '--empty']);
  if (patch.length > 0) {
    const file = path.join(scratch, 'run.patch');
    await fs.promises.writeFile(file, patch);
    await g.raw(['apply', '--cached', '--binary', '--whitespace=nowarn', file]);
  }
  return (await g.raw(['write-tree'])).trim();
}

/**
 * What "Restore code of this run" would change: the diff from the current working tree to the
 * run's commit + patch, and the files it touches. Empty when the code is the same.
 */
export async function diffRunCode(dir: string, run: { commit?: string; patch: Buffer }): Promise<CodeDiff> {
  const top = await repositoryRoot(dir);
  if (!top) throw new RunStoreError('not-a-repo', `${dir} is not inside a git repository.`);
  const scratch = await tempDir();
  try {
    const g = git(top);
    let target: string;
    try {
      target = await runTree(top, scratch, run.commit, run.patch);
    } catch (error) {
      throw new RunStoreError('patch-failed', `The run's commit ${run.commit ?? '(none)'} is missing or its patch does not apply: ${(error as Error).message}`, { cause: error });
    }
    const { tree: current } = await workingTree(top, scratch, Number.MAX_SAFE_INTEGER);
    const patch = await diffToFile(g, current, target, path.join(scratch, 'diff'));
    const names = await g.raw(['diff', '--name-status', '-z', '--no-renames', current, target]);
    const parts = names.split('\0').filter(Boolean);
    const files: FileChange[] = [];
    for (let i = 0; i + 1 < parts.length; i += 2) files.push({ status: parts[i]!, path: parts[i + 1]! });
    return { patch, files };
  } finally {
    await fs.promises.rm(scratch, { recursive: true, force: true });
  }
}

/** Makes the working tree the run's code (commit + patch), leaving HEAD and the index alone. */
export async function restoreRunCode(dir: string, run: { commit?: string; patch: Buffer }): Promise<CodeDiff> {
  const diff = await diffRunCode(dir, run);
  await applyPatch(dir, diff.patch);
  return diff;
}
