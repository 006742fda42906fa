import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';

const root = path.resolve(__dirname, '..', '..', '..', '..');
const cli = path.join(root, 'dist', 'cli.js');

interface ListedRun { readonly name: string; readonly gates?: readonly { expression: string; actual: number | string; passed: boolean }[] }

describe('mlops runs shows each run\'s gates (the built dist/cli.js, in a shell)', () => {
  let dir: string;
  const mlops = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8', timeout: 120_000 });

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-cli-gates-'));
    fs.writeFileSync(path.join(dir, 'score.py'), 'import json, sys\njson.dump({"acc": float(sys.argv[1]), "f1": float(sys.argv[1])}, open("m.json", "w"))\nsys.exit(int(sys.argv[2]))\n');
    fs.writeFileSync(path.join(dir, 'params.yaml'), 'acc: 0.95\ncode: 0\n');
    fs.writeFileSync(path.join(dir, 'mlops.yaml'), 'name: gated\nparams: params.yaml\nstages:\n  score:\n'
      + '    cmd: [python3, score.py, "${params.acc}", "${params.code}"]\n    deps: [score.py]\n    params: [acc, code]\n    metrics: m.json\n'
      + 'gates:\n  - acc >= 0.9\n  - f1 >= 0.6\n');
    for (const [acc, code] of [['0.95', '0'], ['0.7', '0'], ['0.5', '0'], ['0.95', '1']] as const) {
      const run = mlops('run', '--force', '-P', `acc=${acc}`, '-P', `code=${code}`);
      assert.equal(run.status, code === '0' ? 0 : 1, `mlops run -P acc=${acc} -P code=${code}: ${run.stderr.trim().split('\n').pop() ?? ''}`);
    }
  });

  it('has a GATES column: passed, failed N, or — for a run that was not judged', () => {
    const result = mlops('runs');
    assert.equal(result.status, 0, result.stderr);
    const lines = result.stdout.trim().split('\n');
    assert.match(lines[0]!, /^ID +NAME +EXPERIMENT +STATUS +GATES +CREATED +METRICS$/);
    const gatesOf = (name: string) => {
      const line = lines.find((l) => l.includes(`  ${name}  `));
      assert.ok(line, `expected a row named "${name}"; saw:\n${result.stdout}`);
      return line.slice(lines[0]!.indexOf('GATES'), lines[0]!.indexOf('CREATED')).trim();
    };
    assert.equal(gatesOf('pipeline (acc=0.95 code=0)'), 'passed');
    assert.equal(gatesOf('pipeline (acc=0.7 code=0)'), 'failed 1');
    assert.equal(gatesOf('pipeline (acc=0.5 code=0)'), 'failed 2');
    assert.equal(gatesOf('pipeline (acc=0.95 code=1)'), '—', 'a failed run is not judged');
  });

  it('includes every gate result in --format json', () => {
    const result = mlops('runs', '--format', 'json');
    assert.equal(result.status, 0, result.stderr);
    const runs = JSON.parse(result.stdout) as ListedRun[];
    assert.deepEqual(runs.find((r) => r.name === 'pipeline (acc=0.7 code=0)')?.gates, [
      { expression: 'acc >= 0.9', metric: 'acc', actual: 0.7, passed: false },
      { expression: 'f1 >= 0.6', metric: 'f1', actual: 0.7, passed: true },
    ]);
    assert.equal(runs.find((r) => r.name === 'pipeline (acc=0.95 code=1)')?.gates, undefined);
  });
});
