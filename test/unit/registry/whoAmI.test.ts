import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as os from 'node:os';
import { describe, it } from 'node:test';
import { whoAmI } from '../../../src/node/registry/whoAmI';
import { tempDir } from '../runs/tempDir';

describe('whoAmI (who an audit entry is by)', () => {
  it("is the repository's git user.name and user.email", () => {
    const repo = tempDir('mlops-who-');
    execFileSync('git', ['init', '-q', repo]);
    execFileSync('git', ['-C', repo, 'config', 'user.name', 'Grace Hopper']);
    execFileSync('git', ['-C', repo, 'config', 'user.email', 'grace@navy.example']);
    assert.equal(whoAmI(repo), 'Grace Hopper <grace@navy.example>');
  });

  it('is the OS user outside a repository when git has no user', () => {
    const dir = tempDir('mlops-who-');
    const env = { ...process.env };
    // No global git identity for this check: point HOME and XDG at the empty temp folder.
    process.env.HOME = dir;
    process.env.XDG_CONFIG_HOME = dir;
    process.env.GIT_CONFIG_NOSYSTEM = '1';
    try {
      assert.equal(whoAmI(dir), os.userInfo().username);
    } finally {
      process.env = env;
    }
  });
});
