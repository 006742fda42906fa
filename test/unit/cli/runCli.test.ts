import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';

const root = path.resolve(__dirname, '..', '..', '..', '..');
const cli = path.join(root, 'dist', 'cli.js');

describe('mlops run / runs / show on the example, in a shell', () => {
  let dir: string;
  const mlops = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8', timeout: 300_000 }); // a hung CLI fails the test, not the tier
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-cli-'));
    fs.cpSync(path.join(root, 'examples', 'iris'), dir, { recursive: true });
  });

  it('validates the example clean', () => {
    const result = mlops('validate');
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /no problems/);
  });

  it('runs the pipeline, then says it is up to date when nothing changed', () => {
    const first = mlops('run');
    assert.equal(first.status, 0, first.stdout + first.stderr);
    assert.match(first.stdout, /✔ prepare[\s\S]*✔ train[\s\S]*✔ evaluate[\s\S]*finished/);
    const second = mlops('run');
    assert.equal(second.status, 0);
    assert.equal(second.stdout, 'Pipeline is up to date: nothing to run (use --force to run anyway).\n');
  });

  it('exits 1 and names the failing stage when a stage fails', () => {
    const result = mlops('run', '-P', 'train.epochs=many');
    assert.equal(result.status, 1);
    assert.match(result.stderr, /Stage 'train' exited with code 2: .*invalid int value: 'many'/);
  });

  it('runs the sweep into child runs and lists and shows them', () => {
    const sweep = mlops('run', '--sweep');
    assert.equal(sweep.status, 0, sweep.stdout + sweep.stderr);
    // Children run two at a time into one output: every line of theirs names its child.
    const childLines = sweep.stdout.split('\n').filter((l) => /▶|✔|\[(prepare|train|evaluate)\]/.test(l));
    const unlabelled = childLines.filter((l) => !/^\[#[1-6] lr=0\.[135] l2=0(\.001)?\] /.test(l));
    assert.equal(unlabelled.length, 0, `${unlabelled.length} lines of sweep children have no child label, the first: ${unlabelled[0]}`);
    assert.equal(childLines.filter((l) => / ▶ evaluate: /.test(l)).length, 6, 'one labelled "▶ evaluate" per child');
    assert.match(sweep.stdout, /^sweep: 6 of 6 runs done$/m);
    const runs = JSON.parse(mlops('runs', '--format', 'json').stdout) as { id: string; name: string; parentId?: string; status: string }[];
    const parent = runs.find((r) => r.name.startsWith('sweep of 6'));
    assert.ok(parent);
    assert.equal(runs.filter((r) => r.parentId === parent.id && r.status === 'finished').length, 6);
    const shown = mlops('show', parent.id.slice(0, 12));
    assert.equal(shown.status, 0, shown.stderr);
    assert.match(shown.stdout, /status {6}finished/);
    assert.match(mlops('runs').stdout, /^ID +NAME +EXPERIMENT +STATUS/);
  });

  it('rejects a malformed -P with a usage error', () => {
    const result = mlops('run', '-P', 'no-equals-sign');
    assert.equal(result.status, 2);
    assert.match(result.stderr, /is not key=value/);
  });
});

describe('mlops run with nothing changed (as DVC: says so, records nothing)', () => {
  it('prints that the pipeline is up to date, leaves the store\'s runs as they were, and records again with --force', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-cli-uptodate-'));
    fs.writeFileSync(path.join(dir, 'mlops.yaml'), 'name: copy\nstages:\n  copy:\n    cmd: cp a.txt b.txt\n    deps: [a.txt]\n    outs: [b.txt]\n');
    fs.writeFileSync(path.join(dir, 'a.txt'), 'one\n');
    const mlops = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8', timeout: 300_000 }); // a hung CLI fails the test, not the tier
    const runCount = () => (JSON.parse(mlops('runs', '--format', 'json').stdout) as unknown[]).length;

    const first = mlops('run');
    assert.equal(first.status, 0, first.stdout + first.stderr);
    assert.equal(runCount(), 1);

    const second = mlops('run');
    assert.equal(second.status, 0, second.stderr);
    assert.equal(second.stdout, 'Pipeline is up to date: nothing to run (use --force to run anyway).\n');
    assert.equal(runCount(), 1, 'the second `mlops run` recorded a run although nothing changed');

    const stage = mlops('run', 'copy');
    assert.equal(stage.stdout, 'Stage copy and its upstream are up to date: nothing to run (use --force to run anyway).\n');
    assert.equal(runCount(), 1);

    const forced = mlops('run', '--force');
    assert.equal(forced.status, 0, forced.stdout + forced.stderr);
    assert.match(forced.stdout, /✔ copy/);
    assert.equal(runCount(), 2, '`mlops run --force` did not record a run');
  });
});
