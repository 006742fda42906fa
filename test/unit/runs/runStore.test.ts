import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { RunStore } from '../../../src/node/runs/runStore';
import { hostName } from '../../../src/node/runs/processProbe';
import { tempDir, waitFor } from './tempDir';

async function openStore(options = {}): Promise<RunStore> {
  return RunStore.open(path.join(tempDir(), '.mlops'), options);
}

/** A pid that no longer exists: a child that has exited and been reaped. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
  return Number(child.stdout.trim());
}

describe('run store', () => {
  it('records a run from creation to finish, and lists it with its final metrics', async () => {
    const store = await openStore();
    const run = await store.createRun({ name: 'baseline', experiment: 'iris', params: { train: { lr: 0.1, epochs: 3 } }, tags: ['baseline'] });
    for (let step = 1; step <= 3; step++) run.logMetrics({ loss: 1 / step, accuracy: step / 4 }, step);
    run.logParams({ seed: 7 });
    run.setStage({ name: 'train', status: 'ran', exitCode: 0, startedAt: 1, endedAt: 2, lastStderr: Array.from({ length: 30 }, (_, i) => `line ${i}`) });
    run.appendOutput('[train] epoch 1\n');
    run.setData({ 'data/iris.csv': 'abc' });
    const finished = await run.finish('finished', { accuracy: 0.9, test: { f1_macro: 0.91 }, latency_ms: 0.006 });

    assert.equal(finished.status, 'finished');
    assert.equal(finished.history, 'bin');
    const [listed] = await store.listRuns();
    assert.equal(listed?.id, run.id);
    assert.equal(listed?.name, 'baseline');
    assert.equal(listed?.experiment, 'iris');
    assert.deepEqual(listed?.params, { 'train.lr': 0.1, 'train.epochs': 3, seed: 7 });
    // Final metrics: the last logged value, overridden by the final metrics JSON (nested → dotted).
    assert.deepEqual(listed?.metrics, { loss: 1 / 3, accuracy: 0.9, 'test.f1_macro': 0.91, latency_ms: 0.006 });
    assert.deepEqual(listed?.tags, { baseline: '' });
    assert.equal(listed?.stages[0]?.lastStderr?.length, 20);
    assert.equal(listed?.stages[0]?.lastStderr?.at(-1), 'line 29');
    assert.deepEqual(listed?.data, [{ path: 'data/iris.csv', hash: 'abc' }]);
    assert.ok(listed.endedAt! >= listed.startedAt!);
    assert.equal(await store.readOutput(run.id), '[train] epoch 1\n');

    const [history] = await store.loadHistories([run.id]);
    assert.deepEqual([...history!.series.loss!.steps], [1, 2, 3]);
    assert.deepEqual([...history!.series.loss!.values], [1, 0.5, 1 / 3]);
    const [only] = await store.loadHistories([run.id], { metrics: ['accuracy'] });
    assert.deepEqual(Object.keys(only!.series), ['accuracy']);
    // The live-only files are gone once the journal is compacted.
    assert.deepEqual(fs.readdirSync(run.dir).sort(), ['history.bin', 'meta.json', 'output.log']);
    store.close();
  });

  it('shows live histories from the journal, skipping a torn last line', async () => {
    const store = await openStore();
    const run = await store.createRun({ name: 'live', experiment: 'iris' });
    run.logMetric('loss', 0.5, 0);
    run.logMetric('loss', 0.4, 1);
    fs.appendFileSync(path.join(run.dir, 'metrics.jsonl'), '{"metric":"loss","value":0.3,"st');
    const [history] = await store.loadHistories([run.id]);
    assert.deepEqual([...history!.series.loss!.values], [0.5, 0.4]);
    assert.equal((await store.getRun(run.id))?.status, 'running');
    run.dispose();
    store.close();
  });

  it('renames, tags, notes, stars; deletes to the trash, restores, empties it', async () => {
    const store = await openStore();
    const run = await store.createRun({ name: 'a', experiment: 'e' });
    await run.finish('failed');
    store.renameRun(run.id, 'renamed');
    store.tagRun(run.id, 'owner', 'ana');
    store.tagRun(run.id, 'keep');
    store.untagRun(run.id, 'keep');
    store.setNotes(run.id, 'lr too high');
    store.setStarred(run.id, true);
    const got = await store.getRun(run.id);
    assert.deepEqual([got?.name, got?.tags, got?.notes, got?.starred, got?.status], ['renamed', { owner: 'ana' }, 'lr too high', true, 'failed']);

    await store.deleteRun(run.id);
    assert.deepEqual(await store.listRuns(), []);
    assert.equal(await store.getRun(run.id), undefined);
    assert.throws(() => store.setStarred(run.id, false), { code: 'not-found' });
    assert.deepEqual((await store.listTrash()).map((t) => [t.id, t.name]), [[run.id, 'renamed']]);
    // A fresh reader (another process) agrees, through the index alone.
    const other = await RunStore.open(store.dir);
    assert.deepEqual(await other.listRuns(), []);

    await store.restoreRun(run.id);
    assert.equal((await other.listRuns())[0]?.name, 'renamed');
    await store.deleteRun(run.id);
    assert.equal(await store.emptyTrash(), 1);
    assert.deepEqual(await store.listTrash(), []);
    await assert.rejects(store.deleteRun(run.id), { code: 'not-found' });
    assert.throws(() => store.renameRun('../x', 'y'), { code: 'invalid-id' });
  });

  it('refuses to delete a run whose runner is alive', async () => {
    const store = await openStore();
    const run = await store.createRun({ name: 'a', experiment: 'e' });
    await assert.rejects(store.deleteRun(run.id), { code: 'bad-state' });
    run.dispose();
  });

  it('lists the same runs after index compaction, and without any index at all', async () => {
    const store = await openStore({ compactAfterBytes: 1 });
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const run = await store.createRun({ name: `r${i}`, experiment: 'e', params: { i } });
      run.logMetric('m', i);
      await run.finish(i % 3 === 0 ? 'failed' : 'finished');
      ids.push(run.id);
    }
    store.setStarred(ids[3]!, true);
    const before = await store.listRuns(); // compacts (threshold 1 byte)
    assert.equal(before.length, 12);
    assert.deepEqual(before.map((r) => r.id), [...ids].reverse());
    assert.ok(fs.existsSync(path.join(store.dir, 'index', 'base.json')));
    const after = await (await RunStore.open(store.dir)).listRuns();
    assert.deepEqual(after, before);
    fs.rmSync(path.join(store.dir, 'index'), { recursive: true });
    const rebuilt = await (await RunStore.open(store.dir)).listRuns();
    assert.deepEqual(rebuilt.map((r) => [r.id, r.starred, r.metrics.m]), before.map((r) => [r.id, r.starred, r.metrics.m]));
  });

  it('shows a run as killed when its runner pid is gone, and reaps it', async () => {
    const store = await openStore();
    const run = await store.createRun({ name: 'a', experiment: 'e', runner: { pid: deadPid(), host: hostName() } });
    run.logMetric('loss', 1);
    run.dispose();
    const [listed] = await store.listRuns();
    assert.equal(listed?.status, 'killed');
    assert.equal(listed?.recordedStatus, 'running');
    assert.equal((await store.getRun(run.id))?.status, 'killed');
    assert.deepEqual(await store.reapKilledRuns(), [run.id]);
    const reaped = await store.getRun(run.id);
    assert.equal(reaped?.status, 'killed');
    assert.equal(reaped?.recordedStatus, undefined);
    assert.equal(reaped?.history, 'bin');
    assert.deepEqual(reaped?.metrics, { loss: 1 });
    assert.deepEqual([...(await store.loadHistories([run.id]))[0]!.series.loss!.values], [1]);
  });

  it('trusts the lease for a runner on another host', async () => {
    const store = await openStore({ leaseTimeoutMs: 60_000 });
    const run = await store.createRun({ name: 'a', experiment: 'e', runner: { pid: 1, host: 'some-other-machine' } });
    run.dispose();
    assert.equal((await store.getRun(run.id))?.status, 'running');
    const old = new Date(Date.now() - 120_000);
    fs.utimesSync(path.join(run.dir, 'lease'), old, old);
    assert.equal((await store.getRun(run.id))?.status, 'killed');
  });

  it('queued runs start, and sweep children keep their parent', async () => {
    const store = await openStore();
    const parent = await store.createRun({ name: 'sweep', experiment: 'e' });
    const child = await store.createRun({ name: 'lr=0.1', experiment: 'e', parentId: parent.id, status: 'queued', params: { lr: 0.1 } });
    assert.equal((await store.getRun(child.id))?.status, 'queued');
    assert.equal(child.start().status, 'running');
    await child.finish('cancelled');
    await parent.finish('finished');
    const runs = await store.listRuns();
    assert.equal(runs.find((r) => r.id === child.id)?.parentId, parent.id);
    assert.equal(runs.find((r) => r.id === child.id)?.status, 'cancelled');
  });

  it('tells listeners in this process and followers in any process about new points', async () => {
    const store = await openStore();
    const run = await store.createRun({ name: 'a', experiment: 'e' });
    const seen: number[] = [];
    run.onDidLogPoints((points) => seen.push(...points.map((p) => p.value)));
    const changed: string[] = [];
    store.onDidChangeRuns((ids) => changed.push(...ids));
    const other = await RunStore.open(store.dir);
    const followed: number[] = [];
    let ended = false;
    const follower = other.followRun(run.id, { onPoints: (points) => followed.push(...points.map((p) => p.value)), onEnd: () => { ended = true; } }, 20);
    run.logMetric('loss', 3);
    run.logMetrics({ loss: 2, acc: 0.5 });
    await waitFor('the follower in the other store to get 3 points', () => followed.length === 3, () => followed);
    await run.finish('finished');
    await waitFor('the follower to see the run end', () => ended, () => ({ ended }));
    follower.dispose();
    assert.deepEqual(seen, [3, 2, 0.5]);
    assert.deepEqual(followed, [3, 2, 0.5]);
    assert.ok(changed.includes(run.id));
  });
});
