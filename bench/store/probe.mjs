// One measurement in a fresh process (no in-memory cache), printed as JSON on the last line.
//   probe.mjs list <storeDir>              RunStore.listRuns()
//   probe.mjs list-floor <storeDir>        read the same bytes: every index file + the runs folder listing
//   probe.mjs histories <storeDir> <ids.json> [metrics]   RunStore.loadHistories(ids)
//   probe.mjs histories-floor <storeDir> <ids.json>       read the same history.bin files whole
import { readdir, readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { compiled } from './common.mjs';

const [mode, dir, idsFile, metrics] = process.argv.slice(2);
const started = performance.now();

if (mode === 'list') {
  const { RunStore } = compiled('src/node/runs/runStore.js');
  const loaded = performance.now();
  const store = await RunStore.open(dir);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const runs = await store.listRuns();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  const withMetrics = runs.filter((r) => Object.keys(r.metrics).length === 20).length;
  // The tree lists again on every index change: the same store object reads only what is new.
  const t1 = performance.now();
  await store.listRuns();
  const relistMs = performance.now() - t1;
  console.log(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, runs: runs.length, withMetrics, relistMs, moduleMs: loaded - started }));
} else if (mode === 'list-floor') {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const indexDir = join(dir, 'index');
  const names = await readdir(indexDir);
  const sizes = await Promise.all(names.map(async (n) => (await readFile(join(indexDir, n))).length));
  const bytes = sizes.reduce((a, b) => a + b, 0);
  const folders = await readdir(join(dir, 'runs'));
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  console.log(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, bytes, folders: folders.length }));
} else if (mode === 'histories') {
  const { RunStore } = compiled('src/node/runs/runStore.js');
  const ids = JSON.parse(readFileSync(idsFile, 'utf8'));
  const store = await RunStore.open(dir);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const histories = await store.loadHistories(ids, metrics ? { metrics: metrics.split(',') } : {});
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  let points = 0;
  for (const h of histories) for (const s of Object.values(h.series)) points += s.values.length;
  const t1 = performance.now();
  await store.loadHistories(ids, metrics ? { metrics: metrics.split(',') } : {});
  console.log(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, points, warmMs: performance.now() - t1 }));
} else if (mode === 'histories-floor') {
  const ids = JSON.parse(readFileSync(idsFile, 'utf8'));
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const sizes = await Promise.all(ids.map(async (id) => (await readFile(join(dir, 'runs', id, 'history.bin'))).length));
  const bytes = sizes.reduce((a, b) => a + b, 0);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  console.log(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, bytes }));
} else {
  throw new Error(`unknown probe mode ${mode}`);
}
