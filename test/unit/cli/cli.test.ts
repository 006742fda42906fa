import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const root = path.resolve(__dirname, '..', '..', '..', '..');
const cli = path.join(root, 'dist', 'cli.js');
const mlops = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 300_000 }); // a hung CLI fails the test instead of hanging the tier

describe('mlops CLI (the built dist/cli.js, as a shell user runs it)', () => {
  it('prints the package version with --version', () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
    const result = mlops('--version');
    assert.equal(result.status, 0);
    assert.equal(result.stdout.trim(), version);
  });

  it('prints usage with --help and with no arguments', () => {
    for (const args of [['--help'], []]) {
      const result = mlops(...args);
      assert.equal(result.status, 0);
      assert.match(result.stdout, /Usage: mlops <command>/);
    }
  });

  it('rejects an unknown command with one sentence and exit code 2', () => {
    const result = mlops('frobnicate');
    assert.equal(result.status, 2);
    assert.equal(result.stderr.trim(), "mlops: unknown command 'frobnicate'. Run 'mlops --help' to see the commands.");
  });

  it('is declared as the `mlops` bin with a node shebang', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    assert.equal(pkg.bin.mlops, './dist/cli.js');
    assert.ok(fs.readFileSync(cli, 'utf8').startsWith('#!/usr/bin/env node\n'));
  });
});
