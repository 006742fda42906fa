import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { seededRandom } from '../../../src/core/runner/sweep';
import type { RunRecord } from '../../../src/core/runs/runModel';
import { RunStore } from '../../../src/node/runs/runStore';
import { expectedValue } from './storeWriterChild';
import { tempDir } from './tempDir';

const child = path.join(__dirname, 'storeWriterChild.js');
/** The kill moments come from this seed: MLOPS_TEST_SEED=<n> replays a failed run's sequence. */
const seed = Number(process.env.MLOPS_TEST_SEED ?? 20261129);

/** Resolves with `promise`, or fails saying what did not happen in time (a guard against hangs). */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms); });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function startWriter(args: string[]): { proc: ReturnType<typeof spawn>; ready: Promise<void>; exit: Promise<number | null>; stderr: () => string; created: () => string[] } {
  const proc = spawn(process.execPath, [child, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  proc.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const ready = new Promise<void>((resolve) => proc.stdout.on('data', (d: Buffer) => { stdout += d.toString(); if (stdout.includes('ready\n')) resolve(); }));
  // 'close', not 'exit': by then stdout has been read to its end.
  const exit = new Promise<number | null>((resolve) => proc.on('close', (code) => resolve(code)));
  /** The ids of the runs the writer said it created. */
  const created = () => [...stdout.matchAll(/^created (\S+)$/gm)].map((m) => m[1]!);
  return { proc, ready, exit, stderr: () => stderr, created };
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
  it(`survives kill -9 of a writer at 50 random moments (seed ${seed}): loads, shows nothing torn, marks the run killed`, async () => {
    const dir = path.join(tempDir(), '.mlops');
    const known = new Map<string, string>(); // id → last status seen for runs of dead writers
    const random = seededRandom(seed);
    for (let i = 0; i < 50; i++) {
      const delayMs = random() * 120;
      try {
        await killAndCheck(dir, delayMs, known);
      } catch (error) {
        throw new Error(`MLOPS_TEST_SEED=${seed}, kill ${i + 1} of 50 after ${delayMs.toFixed(0)} ms: ${(error as Error).message.split('\n')[0] ?? ''}`);
      }
    }
    const store = await RunStore.open(dir);
    const runs = await store.listRuns();
    assert.equal(runs.length, known.size, 'every run listed after a kill is still listed at the end');
    assert.ok(runs.some((r) => r.status === 'killed'), `no run was killed (seed ${seed})`);
    assert.ok(runs.some((r) => r.status === 'finished'), `no run finished (seed ${seed})`);
  });

  /** Starts a writer, kills it `delayMs` after it is ready, and checks what the store shows. */
  async function killAndCheck(dir: string, delayMs: number, known: Map<string, string>): Promise<void> {
    const writer = startWriter(['loop', dir]);
    try {
      await within(Promise.race([writer.ready, writer.exit]), 60_000, 'the writer to start');
    } finally {
      if (writer.proc.exitCode === null) await new Promise((resolve) => setTimeout(resolve, delayMs));
      writer.proc.kill('SIGKILL');
    }
    await within(writer.exit, 60_000, 'the killed writer to exit');
    assert.ok(writer.stderr() === '', `the writer itself failed: ${writer.stderr().trim().split('\n')[0] ?? ''}`);

    const store = await RunStore.open(dir);
    const runs = await store.listRuns();
    // A kill before createRun returns may leave no run; one the writer reported must be there.
    const missing = writer.created().filter((id) => !runs.some((r) => r.id === id));
    assert.ok(missing.length === 0, `runs the writer created are not listed: ${missing.join(', ')}`);
    const histories = await store.loadHistories(runs.map((r) => r.id));
    for (const [index, run] of runs.entries()) {
      assert.ok(['finished', 'failed', 'killed'].includes(run.status), `${run.id} is ${run.status} though every writer is dead`);
      const single = await store.getRun(run.id);
      assert.equal(single?.status, run.status, `${run.id} alone reads as ${single?.status}, listed as ${run.status}`);
      assertWholeHistory(run, histories[index]!.series, run.status !== 'killed');
      if (run.status !== 'killed') assert.equal(run.metrics.final, run.params.steps, `${run.id}'s final metric`);
      // A run once shown finished never goes back.
      const before = known.get(run.id);
      if (before && before !== 'killed') assert.equal(run.status, before, `${run.id} was ${before}, now ${run.status}`);
      known.set(run.id, run.status);
    }
    store.close();
  }

  it('eight writers at once, 10,000 metric lines each: no line lost', async () => {
    const dir = path.join(tempDir(), '.mlops');
    const writers = Array.from({ length: 8 }, () => startWriter(['count', dir, '10000']));
    // Meanwhile a reader lists and compacts the index on every call, racing the writers' appends.
    let done = false;
    const exits = Promise.all(writers.map((w) => w.exit)).finally(() => { done = true; });
    const reader = await RunStore.open(dir, { compactAfterBytes: 1 });
    let listings = 0;
    // A guard against a hung writer, not a time limit on the store: generous for a busy machine.
    const deadline = Date.now() + 300_000;
    while (!done) {
      if (Date.now() > deadline) {
        for (const w of writers) w.proc.kill('SIGKILL');
        assert.fail(`the 8 writers had not all exited after 300 s (${writers.filter((w) => w.proc.exitCode === null).length} still running)`);
      }
      for (const run of await reader.listRuns()) assert.ok(run.status === 'running' || run.status === 'finished', `${run.id} listed as ${run.status} while its writer runs`);
      listings++;
    }
    const codes = await exits;
    assert.ok(listings > 0, 'the reader never listed while the writers ran');
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
