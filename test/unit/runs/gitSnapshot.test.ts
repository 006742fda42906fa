import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { applyPatch, captureGit, diffRunCode, restoreRunCode } from '../../../src/node/git/gitSnapshot';
import { RunStore } from '../../../src/node/runs/runStore';
import { tempDir, writeTree } from './tempDir';

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'core.autocrlf=false', '-c', 'init.defaultBranch=main', ...args], { cwd: dir, encoding: 'utf8' });
}

/** Every file under dir (but .git) with its bytes and executable bit. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (at: string, rel: string) => {
    for (const entry of fs.readdirSync(at, { withFileTypes: true })) {
      if (entry.name === '.git') continue;
      const full = path.join(at, entry.name);
      const key = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(full, key);
      else out[key] = `${(fs.statSync(full).mode & 0o111) !== 0 ? 'x' : '-'} ${fs.readFileSync(full).toString('base64')}`;
    }
  };
  walk(dir, '');
  return out;
}

function repoWithHistory(): string {
  const dir = tempDir('mlops-git-');
  git(dir, 'init', '-q');
  writeTree(dir, {
    'train.py': 'print("train")\n',
    'no-newline.txt': 'last line without newline',
    'crlf.txt': 'a\r\nb\r\n',
    'latin1.txt': Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]),
    'image.bin': Buffer.from([0, 1, 2, 255, 0, 10, 13, 0]),
    'src/model.py': 'W = 1\n',
    'gone.txt': 'to be deleted\n',
    '.gitignore': 'data/\n',
    'data/big.csv': 'ignored\n',
  });
  fs.chmodSync(path.join(dir, 'train.py'), 0o644);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'first');
  return dir;
}

function makeChanges(dir: string): void {
  writeTree(dir, {
    'train.py': 'print("train, changed")\n',
    'no-newline.txt': 'still no newline, but different',
    'crlf.txt': 'a\r\nb changed\r\nc',
    'latin1.txt': Buffer.from([0x6e, 0x61, 0xef, 0x76, 0x65, 0x0a]),
    'image.bin': Buffer.from([9, 9, 0, 0, 255]),
    'new/untracked.py': 'x = 1\n',
    'empty.txt': '',
    'staged.txt': 'staged, then edited\n',
  });
  fs.rmSync(path.join(dir, 'gone.txt'));
  fs.chmodSync(path.join(dir, 'src/model.py'), 0o755);
  git(dir, 'add', 'staged.txt');
  fs.appendFileSync(path.join(dir, 'staged.txt'), 'more\n');
}

describe('git state of a run', () => {
  it('records a patch that restores uncommitted changes exactly, without touching the index', async () => {
    const dir = repoWithHistory();
    makeChanges(dir);
    const expected = snapshot(dir);
    const indexBefore = git(dir, 'diff', '--cached', '--binary');
    const statusBefore = git(dir, 'status', '--porcelain');

    const snap = await captureGit(dir);
    assert.ok(snap);
    assert.equal(snap.info.commit, git(dir, 'rev-parse', 'HEAD').trim());
    assert.equal(snap.info.branch, 'main');
    assert.equal(snap.info.dirty, true);
    assert.equal(snap.info.patchBytes, snap.patch.length);
    assert.equal(git(dir, 'diff', '--cached', '--binary'), indexBefore, 'the staging area is untouched');
    assert.equal(git(dir, 'status', '--porcelain'), statusBefore);

    git(dir, 'reset', '-q', '--hard');
    git(dir, 'clean', '-qfd');
    assert.notDeepEqual(snapshot(dir), expected);
    await applyPatch(dir, snap.patch);
    assert.deepEqual(snapshot(dir), expected);
  });

  it('records a clean tree as not dirty, a detached HEAD without branch, and no repository as undefined', async () => {
    const dir = repoWithHistory();
    const clean = await captureGit(path.join(dir, 'src'));
    assert.equal(clean?.info.dirty, false);
    assert.equal(clean?.patch.length, 0);
    git(dir, 'checkout', '-q', '--detach');
    assert.equal((await captureGit(dir))?.info.branch, undefined);
    assert.equal(await captureGit(tempDir('mlops-nogit-')), undefined);
  });

  it('works in a repository without commits', async () => {
    const dir = tempDir('mlops-git-');
    git(dir, 'init', '-q');
    writeTree(dir, { 'a.txt': 'hello\n' });
    const snap = await captureGit(dir);
    assert.equal(snap?.info.commit, undefined);
    fs.rmSync(path.join(dir, 'a.txt'));
    await applyPatch(dir, snap!.patch);
    assert.equal(fs.readFileSync(path.join(dir, 'a.txt'), 'utf8'), 'hello\n');
  });

  it('leaves untracked files over the size limit out and says so', async () => {
    const dir = repoWithHistory();
    writeTree(dir, { 'weights.bin': Buffer.alloc(4096, 1), 'small.txt': 'ok\n' });
    const snap = await captureGit(dir, { maxUntrackedBytes: 1024 });
    assert.deepEqual(snap?.info.skipped, ['weights.bin']);
    assert.match(snap.patch.toString(), /small\.txt/);
    assert.doesNotMatch(snap.patch.toString(), /weights\.bin/);
  });

  it("diffs a run's code against the working tree and restores it", async () => {
    const dir = repoWithHistory();
    makeChanges(dir);
    const recorded = snapshot(dir);
    const snap = (await captureGit(dir))!;
    // Work goes on: a commit, more edits, a new file.
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'second');
    writeTree(dir, { 'train.py': 'print("third version")\n', 'later.txt': 'added later\n' });

    const diff = await diffRunCode(dir, { commit: snap.info.commit, patch: snap.patch });
    assert.deepEqual(diff.files.map((f) => `${f.status} ${f.path}`).sort(), ['D later.txt', 'M train.py']);
    assert.match(diff.patch.toString(), /print\("train, changed"\)/);

    await restoreRunCode(dir, { commit: snap.info.commit, patch: snap.patch });
    assert.deepEqual(snapshot(dir), recorded);
    assert.deepEqual((await diffRunCode(dir, { commit: snap.info.commit, patch: snap.patch })).files, []);
    await assert.rejects(diffRunCode(dir, { commit: '0'.repeat(40), patch: snap.patch }), { code: 'patch-failed' });
  });

  it('is recorded with the run: git info in the summary, the patch beside it', async () => {
    const dir = repoWithHistory();
    makeChanges(dir);
    const store = await RunStore.forWorkspace(dir);
    const run = await store.createRun({ name: 'a', experiment: 'e' });
    const info = await run.recordGit(dir);
    await run.finish('finished');
    const listed = (await store.listRuns())[0]!;
    assert.deepEqual(listed.git, info);
    assert.equal(listed.git?.dirty, true);
    const patch = await store.readPatch(run.id);
    assert.equal(patch.length, info?.patchBytes);
    // .mlops/ is inside the work tree but never part of the patch.
    assert.doesNotMatch(patch.toString(), /\.mlops/);
  });
});
