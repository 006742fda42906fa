import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { RunRecord } from '../../../src/core/runs/runModel';
import { RunStore } from '../../../src/node/runs/runStore';
import { expectedValue } from './storeWriterChild';
import { tempDir } from './tempDir';

const child = path.join(__dirname, 'storeWriterChild.js');

function startWriter(args: string[]): { proc: ReturnType<typeof spawn>; ready: Promise<void>; exit: Promise<number | null>; stderr: () => string } {
  const proc = spawn(process.execPath, [child, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const ready = new Promise<void>((resolve) => proc.stdout.on('data', (d: Buffer) => { if (d.toString().includes('ready')) resolve(); }));
  const exit = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return { proc, ready, exit, stderr: () => stderr };
}

/** Every point shown is one the writer wrote whole, and steps run 0..n-1 without gaps. */
function assertWholeHistory(run: RunRecord, series: Record<string, { steps: Float64Array; values: Float64Array }>, complete: boolean): void {
  const steps = run.params.steps as number;
  for (const [metric, s] of Object.entries(series)) {
    assert.ok(metric === 'loss' || metric === 'acc', `unexpected metric ${metric} in ${run.id}`);
    for (let i = 0; i < s.steps.length; i++) {
      assert.equal(s.steps[i], i, `${run.id} ${metric} step ${i}`);
      assert.equal(s.values[i], expectedValue(metric, i), `${run.id} ${metric} value at ${i}`);
    }
    if (complete) assert.equal(s.steps.length, steps, `${run.id} ${metric} is complete`);
  }
}

describe('crash safety', () => {
  it('survives kill -9 of a writer at 50 random moments: loads, shows nothing torn, marks the run killed', async () => {
    const dir = path.join(tempDir(), '.mlops');
    const known = new Map<string, string>(); // id → last status seen for runs of dead writers
    for (let i = 0; i < 50; i++) {
      const writer = startWriter(['loop', dir]);
      await Promise.race([writer.ready, writer.exit]);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 120));
      writer.proc.kill('SIGKILL');
      await writer.exit;
      assert.equal(writer.stderr(), '', 'the writer itself did not fail');

      const store = await RunStore.open(dir);
      const runs = await store.listRuns();
      const histories = await store.loadHistories(runs.map((r) => r.id));
      for (const [index, run] of runs.entries()) {
        assert.ok(['finished', 'failed', 'killed'].includes(run.status), `${run.id} is ${run.status} though every writer is dead`);
        const single = await store.getRun(run.id);
        assert.equal(single?.status, run.status);
        assertWholeHistory(run, histories[index]!.series, run.status !== 'killed');
        if (run.status !== 'killed') assert.equal(run.metrics.final, run.params.steps);
        // A run once shown finished never goes back.
        const before = known.get(run.id);
        if (before && before !== 'killed') assert.equal(run.status, before);
        known.set(run.id, run.status);
      }
      store.close();
    }
    const store = await RunStore.open(dir);
    const runs = await store.listRuns();
    assert.ok(runs.length >= 50, `only ${runs.length} runs`);
    assert.ok(runs.some((r) => r.status === 'killed'));
    assert.ok(runs.some((r) => r.status === 'finished'));
  });

  it('eight writers at once, 10,000 metric lines each: no line lost', async () => {
    const dir = path.join(tempDir(), '.mlops');
    const writers = Array.from({ length: 8 }, () => startWriter(['count', dir, '10000']));
    // Meanwhile a reader lists and compacts the index on every call, racing the writers' appends.
    let done = false;
    const exits = Promise.all(writers.map((w) => w.exit)).finally(() => { done = true; });
    const reader = await RunStore.open(dir, { compactAfterBytes: 1 });
    let listings = 0;
    while (!done) {
      for (const run of await reader.listRuns()) assert.ok(run.status === 'running' || run.status === 'finished', run.status);
      listings++;
    }
    const codes = await exits;
    assert.ok(listings > 0);
    assert.deepEqual(codes, new Array(8).fill(0), writers.map((w) => w.stderr()).join(''));
    const store = await RunStore.open(dir);
    const runs = await store.listRuns();
    assert.equal(runs.length, 8);
    for (const run of runs) {
      assert.equal(run.status, 'finished');
      assert.equal(run.tags.writer, String(run.runner?.pid));
    }
    for (const history of await store.loadHistories(runs.map((r) => r.id))) {
      const acc = history.series.acc!;
      assert.equal(acc.values.length, 10_000);
      for (let step = 0; step < 10_000; step++) assert.equal(acc.values[step], expectedValue('acc', step));
    }
  });
});
