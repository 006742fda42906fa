// A child process that writes to a store, for the crash and concurrency tests (not a test file).
//   node storeWriterChild.js loop <storeDir>          runs forever until killed
//   node storeWriterChild.js count <storeDir> <lines>  one run, <lines> metric lines, finish
import { RunStore } from '../../../src/node/runs/runStore';

/** Values the checker can verify: a point is whole only if value == expected(metric, step). */
export function expectedValue(metric: string, step: number): number {
  return metric === 'loss' ? 1 / (step + 1) : step * 2 + metric.length;
}

async function loop(dir: string): Promise<void> {
  // A small compaction threshold, so kills also land inside compactions.
  const store = await RunStore.open(dir, { compactAfterBytes: 4096, heartbeatMs: 50 });
  process.stdout.write('ready\n');
  for (let round = 0; ; round++) {
    const steps = 50 + (round % 3) * 40;
    const run = await store.createRun({ name: `round ${round}`, experiment: 'crash', params: { steps, writer: process.pid } });
    process.stdout.write(`created ${run.id}\n`); // the checker then expects to find it listed
    for (let step = 0; step < steps; step++) {
      run.logMetrics({ loss: expectedValue('loss', step), acc: expectedValue('acc', step) }, step);
      if (step % 10 === 0) run.setStage({ name: `stage${step}`, status: 'ran', exitCode: 0 });
      if (step % 25 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    run.appendOutput(`round ${round} done\n`);
    await run.finish(round % 4 === 3 ? 'failed' : 'finished', { final: steps });
    store.renameRun(run.id, `round ${round} (renamed)`);
    store.setStarred(run.id, true);
    if (round % 2 === 0) await store.listRuns(); // may compact the index
  }
}

async function count(dir: string, lines: number): Promise<void> {
  const store = await RunStore.open(dir);
  const run = await store.createRun({ name: `writer ${process.pid}`, experiment: 'concurrency', params: { lines } });
  for (let step = 0; step < lines; step++) run.logMetric('acc', expectedValue('acc', step), step);
  store.tagRun(run.id, 'writer', String(process.pid));
  await run.finish('finished');
  store.close();
}

if (require.main === module) {
  const [mode, dir, n] = process.argv.slice(2);
  const work = mode === 'loop' ? loop(dir!) : count(dir!, Number(n));
  work.catch((error: unknown) => {
    process.stderr.write(`${String((error as Error).stack ?? error)}\n`);
    process.exit(1);
  });
}
