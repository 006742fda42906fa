import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { RunRecord } from '../../../src/core/runs/runModel';
import { RunStore } from '../../../src/node/runs/runStore';
import { runInWorkspace } from '../../../src/node/runner/workspaceRuns';

// A one-stage pipeline whose final metrics come from its params: `acc` is written to m.json and
// the stage exits with `code`, so a test picks a passing, failing or crashing run.
const script = 'import json, sys\njson.dump({"acc": float(sys.argv[1])}, open("m.json", "w"))\nsys.exit(int(sys.argv[2]))\n';
const stage = '  score:\n    cmd: [python3, score.py, "${params.acc}", "${params.code}"]\n    deps: [score.py]\n    params: [acc, code]\n    metrics: m.json\n';
const gates = 'gates:\n  - acc >= 0.9\n  - loss < 0.5\n';

function project(withGates: boolean, sweep = ''): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-gates-'));
  fs.writeFileSync(path.join(dir, 'score.py'), script);
  fs.writeFileSync(path.join(dir, 'params.yaml'), 'acc: 0.95\ncode: 0\n');
  fs.writeFileSync(path.join(dir, 'mlops.yaml'), `name: gated\nparams: params.yaml\nstages:\n${stage}${withGates ? gates : ''}${sweep}`);
  return dir;
}

const meta = (dir: string, id: string) => JSON.parse(fs.readFileSync(path.join(dir, '.mlops', 'runs', id, 'meta.json'), 'utf8')) as RunRecord;

async function listed(dir: string): Promise<RunRecord[]> {
  const store = await RunStore.forWorkspace(dir);
  try {
    return await store.listRuns();
  } finally {
    store.close();
  }
}

/** Every index line ever written for a run: what readers could have seen between writes. */
function indexLines(dir: string, id: string): RunRecord[] {
  const index = path.join(dir, '.mlops', 'index');
  return fs.readdirSync(index).filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) => fs.readFileSync(path.join(index, f), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as RunRecord))
    .filter((r) => r.id === id);
}

describe('gates judged when a run finishes (real runner, real store on disk)', () => {
  it('stores each gate with the metric, the run\'s value and pass/fail in meta.json and the index', async () => {
    const dir = project(true);
    const failing = await runInWorkspace({ pipelineFile: path.join(dir, 'mlops.yaml'), overrides: { acc: 0.5 } });
    const passing = await runInWorkspace({ pipelineFile: path.join(dir, 'mlops.yaml'), overrides: { acc: 0.95 }, force: true });
    assert.equal(failing.status, 'finished', JSON.stringify(failing.failure));
    assert.deepEqual(meta(dir, failing.runId).gates, [
      { expression: 'acc >= 0.9', metric: 'acc', actual: 0.5, passed: false },
      { expression: 'loss < 0.5', metric: 'loss', actual: 'missing', passed: false },
    ]);
    assert.deepEqual(meta(dir, passing.runId).gates, [
      { expression: 'acc >= 0.9', metric: 'acc', actual: 0.95, passed: true },
      { expression: 'loss < 0.5', metric: 'loss', actual: 'missing', passed: false },
    ]);
    const runs = await listed(dir);
    assert.deepEqual(runs.find((r) => r.id === failing.runId)?.gates, meta(dir, failing.runId).gates, 'a listing shows what meta.json holds');
    // Written with the status, never after it: no reader could see the run finished without its gates.
    const finishedWithout = indexLines(dir, passing.runId).filter((r) => r.status === 'finished' && r.gates === undefined);
    assert.equal(finishedWithout.length, 0, `expected every finished index line to carry gates; ${finishedWithout.length} did not`);
  });

  it('stores nothing for a failed run or a pipeline without gates', async () => {
    const gated = project(true);
    const failed = await runInWorkspace({ pipelineFile: path.join(gated, 'mlops.yaml'), overrides: { acc: 0.95, code: 3 } });
    assert.equal(failed.status, 'failed');
    assert.equal('gates' in meta(gated, failed.runId), false, 'a failed run is not judged');

    const plain = project(false);
    const finished = await runInWorkspace({ pipelineFile: path.join(plain, 'mlops.yaml') });
    assert.equal(finished.status, 'finished', JSON.stringify(finished.failure));
    assert.equal('gates' in meta(plain, finished.runId), false, 'a pipeline without gates stores no gates');
  });

  it('judges each sweep child, not the sweep\'s parent', async () => {
    const dir = project(true, 'sweep:\n  matrix:\n    acc: [0.5, 0.95]\n');
    const sweep = await runInWorkspace({ pipelineFile: path.join(dir, 'mlops.yaml'), sweep: true });
    assert.equal(sweep.status, 'finished', JSON.stringify(sweep.failure));
    assert.equal('gates' in meta(dir, sweep.runId), false, 'the parent has no metrics to judge');
    const children = (sweep.children ?? []).map((c) => meta(dir, c.runId).gates?.find((g) => g.metric === 'acc'));
    assert.deepEqual(children.map((g) => g && [g.actual, g.passed]).sort(), [[0.5, false], [0.95, true]]);
  });
});
