import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { FileTailer } from '../../../src/node/runs/fileTailer';
import { RunStore } from '../../../src/node/runs/runStore';
import { tempDir, waitFor, writeTree } from './tempDir';

const helperDir = path.resolve(__dirname, '..', '..', '..', '..', 'python');
const hasPython = spawnSync('python3', ['--version']).status === 0;

describe('metrics feeds', () => {
  it('the tailer delivers whole lines only, and starts over when the file is truncated', async () => {
    const file = path.join(tempDir(), 'log.jsonl');
    const seen: string[] = [];
    const tailer = new FileTailer(file, (lines) => { seen.push(...lines); }, { intervalMs: 10_000 });
    await tailer.poll(); // no file yet: nothing, no error
    fs.writeFileSync(file, 'one\ntw');
    await tailer.poll();
    assert.deepEqual(seen, ['one']);
    fs.appendFileSync(file, 'o\r\nthr');
    await tailer.poll();
    assert.deepEqual(seen, ['one', 'two']);
    fs.writeFileSync(file, 'new\n'); // rewritten from the start, shorter
    await tailer.poll();
    assert.deepEqual(seen, ['one', 'two', 'new']);
    fs.appendFileSync(file, 'last without newline');
    await tailer.stop();
    assert.deepEqual(seen, ['one', 'two', 'new', 'last without newline']);
  });

  it("follows a stage's logs file in the iris example's wide form while it grows", async () => {
    const dir = tempDir();
    const store = await RunStore.forWorkspace(dir);
    const run = await store.createRun({ name: 'iris', experiment: 'iris' });
    const live: number[] = [];
    run.onDidLogPoints((points) => live.push(...points.filter((p) => p.metric === 'loss').map((p) => p.step)));
    const logs = path.join(dir, 'metrics', 'train.jsonl');
    const stop = run.followMetrics(logs, 10);
    fs.mkdirSync(path.dirname(logs));
    fs.writeFileSync(logs, '');
    // Each step is seen while the stage runs, before stop() reads the file to its end.
    for (let step = 1; step <= 3; step++) {
      fs.appendFileSync(logs, `${JSON.stringify({ step, loss: 1 / step, accuracy: 0.3 * step, time: 1795468656.78 + step })}\n`);
      await waitFor(`step ${step} while following`, () => live.length === step, () => live);
    }
    // Step 5 torn (the stage is still writing it), in the same write as step 4: the poll that
    // delivers step 4 has seen the half line and must keep it for the rest.
    fs.appendFileSync(logs, `${JSON.stringify({ step: 4, loss: 0.25, accuracy: 0.92 })}\n{"step": 5, "loss": 0.2`);
    await waitFor('step 4 while following', () => live.includes(4), () => live);
    assert.deepEqual(live, [1, 2, 3, 4]);
    fs.appendFileSync(logs, ', "accuracy": 0.95}\n');
    await waitFor('the torn step 5, once whole, while following', () => live.includes(5), () => live);
    await stop();
    writeTree(dir, { 'metrics/eval.json': JSON.stringify({ accuracy: 0.9, f1_macro: 0.91, latency_ms: 0.006 }) });
    await run.readFinalMetrics(path.join(dir, 'metrics', 'eval.json'));
    const done = await run.finish('finished');
    assert.deepEqual(done.metrics, { loss: 0.2, accuracy: 0.9, f1_macro: 0.91, latency_ms: 0.006 });
    const [history] = await store.loadHistories([run.id]);
    assert.deepEqual([...history!.series.accuracy!.steps], [1, 2, 3, 4, 5]);
    assert.equal(history!.series.loss!.timestamps[0], 1795468657780);
  });

  it("skips a previous run's lines in a logs file, unless the stage rewrites it", async () => {
    const dir = tempDir();
    const store = await RunStore.forWorkspace(dir);
    const old = (step: number) => `${JSON.stringify({ step, loss: 9, accuracy: 0.1, time: 1700000000 + step })}\n`;
    const fresh = (step: number) => `${JSON.stringify({ step, loss: 1 / step, accuracy: 0.5, time: 1795468656 + step })}\n`;
    writeTree(dir, { 'append.jsonl': old(1) + old(2), 'rewrite.jsonl': old(1) + old(2) + old(3) });

    const appended = await store.createRun({ name: 'appends', experiment: 'e' });
    const appendedSteps: number[] = [];
    appended.onDidLogPoints((points) => appendedSteps.push(...points.filter((p) => p.metric === 'loss').map((p) => p.step)));
    const stopAppend = appended.followMetrics(path.join(dir, 'append.jsonl'), 10);
    fs.appendFileSync(path.join(dir, 'append.jsonl'), fresh(1));
    await waitFor('the appended line while following', () => appendedSteps.length > 0, () => appendedSteps);
    await stopAppend();
    await appended.finish('finished');

    const rewritten = await store.createRun({ name: 'rewrites', experiment: 'e' });
    const rewrittenSteps: number[] = [];
    rewritten.onDidLogPoints((points) => rewrittenSteps.push(...points.filter((p) => p.metric === 'loss').map((p) => p.step)));
    const stopRewrite = rewritten.followMetrics(path.join(dir, 'rewrite.jsonl'), 10);
    // Rewritten with more than before: only the changed start tells it is not an append.
    fs.writeFileSync(path.join(dir, 'rewrite.jsonl'), fresh(1) + fresh(2) + fresh(3) + fresh(4));
    await waitFor('the 4 rewritten lines while following', () => rewrittenSteps.length >= 4, () => rewrittenSteps);
    await stopRewrite();
    await rewritten.finish('finished');

    const [a, b] = await store.loadHistories([appended.id, rewritten.id]);
    assert.deepEqual([...a!.series.loss!.steps], [1]);
    assert.deepEqual([...b!.series.loss!.steps], [1, 2, 3, 4]);
    assert.deepEqual([...b!.series.accuracy!.values], [0.5, 0.5, 0.5, 0.5]);
  });

  it('records what a script logs with python/mlops_log.py through MLOPS_METRICS_FILE', { skip: !hasPython && 'python3 is not installed' }, async () => {
    const dir = tempDir();
    const store = await RunStore.forWorkspace(dir);
    const run = await store.createRun({ name: 'py', experiment: 'e' });
    const script = [
      'from mlops_log import log_param, log_params, log_metric, log_metrics',
      'log_param("lr", 0.1)',
      'log_params({"model": {"depth": 3, "name": "mlp"}})',
      'for epoch in range(5):',
      '    log_metrics({"loss": 1.0 / (epoch + 1), "acc": epoch / 5}, step=epoch)',
      'log_metric("score", float("nan"))',
      'log_metric("score", 2.5)',
    ].join('\n');
    const result = spawnSync('python3', ['-c', script], { env: { ...process.env, PYTHONPATH: helperDir, MLOPS_METRICS_FILE: run.metricsFile }, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    const done = await run.finish('finished');
    assert.deepEqual(done.params, { lr: 0.1, 'model.depth': 3, 'model.name': 'mlp' });
    const [history] = await store.loadHistories([run.id]);
    assert.deepEqual([...history!.series.loss!.steps], [0, 1, 2, 3, 4]);
    assert.deepEqual([...history!.series.acc!.values], [0, 0.2, 0.4, 0.6, 0.8]);
    assert.deepEqual([...history!.series.score!.steps], [0, 1], 'no step: the next one');
    assert.ok(Number.isNaN(history!.series.score!.values[0]));
    assert.equal(done.metrics.score, 2.5);
    assert.ok(Math.abs(history!.series.loss!.timestamps[0]! - Date.now()) < 60_000, 'timestamps are milliseconds');
  });

  it('python/mlops_log.py does nothing outside a run, with one warning', { skip: !hasPython && 'python3 is not installed' }, () => {
    const env: NodeJS.ProcessEnv = { ...process.env, PYTHONPATH: helperDir };
    delete env.MLOPS_METRICS_FILE;
    const result = spawnSync('python3', ['-c', 'from mlops_log import log_metric\nfor i in range(3): log_metric("a", i)\nprint("ok")'], { env, encoding: 'utf8' });
    assert.equal(result.status, 0);
    assert.equal(result.stdout.trim(), 'ok');
    assert.equal(result.stderr.match(/MLOPS_METRICS_FILE is not set/g)?.length, 1);
  });

  it('follows a DVCLive folder while it is written', async () => {
    const dir = tempDir();
    const store = await RunStore.forWorkspace(dir);
    const run = await store.createRun({ name: 'dvclive', experiment: 'e' });
    const dvclive = path.join(dir, 'dvclive');
    writeTree(dvclive, { 'plots/metrics/old.tsv': 'step\told\n0\t1\n' }); // an earlier run's
    const live: string[] = [];
    run.onDidLogPoints((points) => live.push(...points.map((p) => `${p.metric}@${p.step}`)));
    const stop = run.followDvclive(dvclive, 10);
    // Each row is seen while the script writes, before stop() scans the folder a last time.
    const until = (what: string, point: string) => waitFor(`${what} (${point}) while following`, () => live.includes(point), () => live);
    fs.appendFileSync(path.join(dvclive, 'plots/metrics/old.tsv'), '1\t2\n');
    await until("a new row in the earlier run's file", 'old@1');
    writeTree(dvclive, { 'plots/metrics/train/loss.tsv': 'timestamp\tstep\tloss\n1700000000000\t0\t0.9\n' });
    await until('a new file in a subfolder', 'train/loss@0');
    fs.appendFileSync(path.join(dvclive, 'plots/metrics/train/loss.tsv'), '1700000001000\t1\t0.5\n');
    await until('a row appended to it', 'train/loss@1');
    writeTree(dvclive, { 'plots/metrics/acc.tsv': 'step\tacc\n0\t0.5\n1\t0.7\n' });
    await until('a second new file', 'acc@1');
    assert.deepEqual(live, ['old@1', 'train/loss@0', 'train/loss@1', 'acc@0', 'acc@1']);
    await stop();
    await run.finish('finished');
    const [history] = await store.loadHistories([run.id]);
    assert.deepEqual([...history!.series['train/loss']!.values], [0.9, 0.5]);
    assert.deepEqual([...history!.series['train/loss']!.timestamps], [1700000000000, 1700000001000]);
    assert.deepEqual([...history!.series.acc!.steps], [0, 1]);
    assert.deepEqual([...history!.series.old!.steps], [1], "only the earlier run's file's new row");
  });
});
