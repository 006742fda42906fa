import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { RunStore } from '../../../src/node/runs/runStore';
import { tempDir, writeTree } from './tempDir';

function runMeta(id: string, exp: string, status: number | string, extra = ''): string {
  return `artifact_uri: file:///x/mlruns/${exp}/${id}/artifacts\nend_time: 1700000900000\nentry_point_name: ''\nexperiment_id: '${exp}'\nlifecycle_stage: active\nrun_id: ${id}\nrun_name: run-${id}\nrun_uuid: ${id}\nsource_name: ''\nsource_type: 4\nsource_version: ''\nstart_time: 1700000000000\nstatus: ${status}\ntags: []\nuser_id: ana\n${extra}`;
}

function mlflowFixture(root: string): void {
  writeTree(root, {
    'mlruns/0/meta.yaml': "artifact_location: file:///x/mlruns/0\nexperiment_id: '0'\nlifecycle_stage: active\nname: Default\n",
    'mlruns/1/meta.yaml': "artifact_location: file:///x/mlruns/1\ncreation_time: 1700000000000\nexperiment_id: '1'\nlifecycle_stage: active\nname: iris\n",
    'mlruns/1/aaa/meta.yaml': runMeta('aaa', '1', 1),
    'mlruns/1/bbb/meta.yaml': runMeta('bbb', '1', 2),
    'mlruns/1/ccc/meta.yaml': runMeta('ccc', '1', 3),
    'mlruns/1/ddd/meta.yaml': runMeta('ddd', '1', 4).replace('end_time: 1700000900000', 'end_time: null'),
    'mlruns/1/eee/meta.yaml': runMeta('eee', '1', 3).replace('lifecycle_stage: active', 'lifecycle_stage: deleted'),
    'mlruns/1/ccc/params/lr': '0.01',
    'mlruns/1/ccc/params/optimizer': 'adam',
    'mlruns/1/ccc/params/model/depth': '3',
    'mlruns/1/ccc/metrics/loss': '1700000000001 0.9 0\n1700000000002 nan 1\n1700000000003 inf 2\n1700000000004 -inf 3\n1700000000005 0.25 4\n',
    'mlruns/1/ccc/metrics/val/acc': '1700000000010 0.5\n1700000000020 0.75\n',
    'mlruns/1/ccc/tags/mlflow.runName': 'run-ccc',
    'mlruns/1/ccc/tags/mlflow.parentRunId': 'aaa',
    'mlruns/1/ccc/tags/team': 'vision',
    'mlruns/1/ccc/tags/mlflow.source.git.commit': 'abc123',
    'mlruns/1/ccc/artifacts/model.pkl': 'pickle',
    'mlruns/1/ccc/artifacts/plots/roc.png': 'png',
    'mlruns/.trash/9/meta.yaml': "experiment_id: '9'\nname: gone\n",
    'mlruns/models/iris/meta.yaml': 'name: iris\n',
  });
}

describe('importers', () => {
  it('reads an MLflow file store: integer statuses, nan/inf, nested keys, missing steps', async () => {
    const root = tempDir();
    mlflowFixture(root);
    const store = await RunStore.forWorkspace(root);
    const runs = await store.listRuns({ includeImported: true });
    assert.deepEqual(runs.map((r) => [r.id, r.status]).sort(), [['mlflow:aaa', 'running'], ['mlflow:bbb', 'queued'], ['mlflow:ccc', 'finished'], ['mlflow:ddd', 'failed']]);
    assert.deepEqual(await store.listRuns(), [], 'imported runs only when asked for');
    const ccc = runs.find((r) => r.id === 'mlflow:ccc')!;
    assert.equal(ccc.source, 'mlflow');
    assert.equal(ccc.name, 'run-ccc');
    assert.equal(ccc.experiment, 'iris');
    assert.deepEqual(ccc.params, { lr: 0.01, optimizer: 'adam', 'model/depth': 3 });
    assert.deepEqual(ccc.metrics, { loss: 0.25, 'val/acc': 0.75 });
    assert.deepEqual(ccc.tags, { team: 'vision' });
    assert.equal(ccc.parentId, 'mlflow:aaa');
    assert.equal(ccc.git?.commit, 'abc123');
    assert.deepEqual([ccc.startedAt, ccc.endedAt], [1700000000000, 1700000900000]);
    assert.deepEqual(ccc.artifacts.map((a) => [a.path, a.kind]).sort(), [['model.pkl', 'file'], ['plots', 'dir']]);
    assert.equal(runs.find((r) => r.id === 'mlflow:ddd')?.endedAt, undefined);

    const [history] = await store.loadHistories(['mlflow:ccc']);
    const loss = history!.series.loss!;
    assert.deepEqual([...loss.steps], [0, 1, 2, 3, 4]);
    assert.ok(Number.isNaN(loss.values[1]));
    assert.deepEqual([loss.values[2], loss.values[3], loss.values[4]], [Infinity, -Infinity, 0.25]);
    assert.deepEqual([...loss.timestamps], [1700000000001, 1700000000002, 1700000000003, 1700000000004, 1700000000005]);
    assert.deepEqual([...history!.series['val/acc']!.steps], [0, 0], 'a missing step is 0');
    assert.equal((await store.getRun('mlflow:ccc'))?.name, 'run-ccc');
    assert.throws(() => store.renameRun('mlflow:ccc', 'x'), { code: 'read-only' });
  });

  it('reads a DVCLive folder: metrics.json, params.yaml, nested metric TSVs', async () => {
    const root = tempDir();
    writeTree(root, {
      'dvclive/metrics.json': JSON.stringify({ step: 2, train: { loss: 0.2 }, acc: 0.8 }),
      'dvclive/params.yaml': 'train:\n  lr: 0.05\n  epochs: 3\nmodel: resnet\n',
      'dvclive/plots/metrics/train/loss.tsv': 'timestamp\tstep\tloss\n1700000000000\t0\t0.9\n1700000001000\t1\t0.5\n1700000002000\t2\t0.2\n',
      'dvclive/plots/metrics/acc.tsv': 'step\tacc\n0\t0.5\n1\t0.7\n2\t0.8\n',
    });
    const store = await RunStore.forWorkspace(root);
    const [run] = await store.listRuns({ includeImported: true });
    assert.equal(run?.id, 'dvclive:dvclive');
    assert.equal(run?.source, 'dvclive');
    assert.deepEqual(run?.params, { 'train.lr': 0.05, 'train.epochs': 3, model: 'resnet' });
    assert.deepEqual(run?.metrics, { 'train.loss': 0.2, acc: 0.8 });
    const [history] = await store.loadHistories(['dvclive:dvclive']);
    assert.deepEqual([...history!.series['train/loss']!.values], [0.9, 0.5, 0.2]);
    assert.deepEqual([...history!.series['train/loss']!.timestamps], [1700000000000, 1700000001000, 1700000002000]);
    assert.deepEqual([...history!.series.acc!.steps], [0, 1, 2]);
    const [onlyAcc] = await store.loadHistories(['dvclive:dvclive'], { metrics: ['acc'] });
    assert.deepEqual(Object.keys(onlyAcc!.series), ['acc']);
  });

  it('lists imported runs next to its own, found below the workspace root', async () => {
    const root = tempDir();
    mlflowFixture(path.join(root, 'project'));
    const store = await RunStore.forWorkspace(root);
    const own = await store.createRun({ name: 'own', experiment: 'iris' });
    await own.finish('finished');
    const runs = await store.listRuns({ includeImported: true });
    assert.equal(runs[0]?.id, own.id);
    assert.equal(runs.filter((r) => r.source === 'mlflow').length, 4);
  });
});
