import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { RunStore } from '../../../src/node/runs/runStore';
import { runInWorkspace } from '../../../src/node/runner/workspaceRuns';

describe('recording git state', () => {
  it('works with EDITOR, PAGER and GIT_* set, as in VS Code\'s extension host', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-git-env-'));
    fs.writeFileSync(path.join(dir, 'mlops.yaml'), 'stages:\n  s:\n    cmd: "true"\n');
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=T', ...args], { cwd: dir, encoding: 'utf8' }).trim();
    git('init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'init');
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'uncommitted\n');
    const saved = { ...process.env };
    Object.assign(process.env, { EDITOR: 'vi', VISUAL: 'vi', PAGER: 'less', GIT_PAGER: 'less' });
    try {
      const outcome = await runInWorkspace({ pipelineFile: path.join(dir, 'mlops.yaml') });
      assert.equal(outcome.status, 'finished');
      const store = await RunStore.forWorkspace(dir);
      const run = await store.getRun(outcome.runId);
      store.close();
      assert.equal(run?.git?.commit, git('rev-parse', 'HEAD'));
      assert.equal(run?.git?.dirty, true);
    } finally {
      for (const key of ['EDITOR', 'VISUAL', 'PAGER', 'GIT_PAGER']) {
        if (saved[key] === undefined) delete process.env[key]; else process.env[key] = saved[key];
      }
    }
  });
});
