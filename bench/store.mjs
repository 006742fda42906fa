// bench/store: the run store at scale. Generates 10,000 runs × 20 metrics × 1,000 steps
// (200M points) in a temp folder in the store's own format, then measures, each in a fresh node
// process after dropping the OS page cache ("cold"):
//   - listRuns() of all runs with their final metrics          target <= 1.5× its floor
//   - loadHistories() of 100 runs (all 20 metrics)             target <= 1.5× its floor
// and, for each, the floor: a fresh process reading the same bytes the store reads with readFile
// (listing: every file in index/ and the runs/ folder listing; histories: the same history.bin
// files whole). Samples alternate store, floor, store, floor… so load from other processes
// falls on both alike; the ratio is of the two medians.
// Usage: node bench/store.mjs [--runs N] [--metrics M] [--steps S] [--dir PATH (kept)] [--repeat K] [--build]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropCaches, fmt, median, probe, root } from './store/common.mjs';
import { generateStore } from './store/generate.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
};
const runs = Number(arg('runs', 10_000));
const metrics = Number(arg('metrics', 20));
const steps = Number(arg('steps', 1_000));
const repeat = Number(arg('repeat', 7));
const keep = arg('dir', undefined);
const dir = keep ?? mkdtempSync(join(tmpdir(), 'mlops-bench-store-'));
const probeScript = join(root, 'bench', 'store', 'probe.mjs');

let ids;
const idsFile = join(dir, 'bench-ids.json');
if (keep && existsSync(idsFile)) {
  ids = JSON.parse(readFileSync(idsFile, 'utf8'));
  console.log(`reusing the store in ${dir} (${ids.length} runs)`);
} else {
  const t0 = Date.now();
  const generated = generateStore(dir, { runs, metrics, steps });
  spawnSync('sync');
  ids = generated.ids;
  writeFileSync(idsFile, JSON.stringify(ids));
  console.log(`generated ${runs} runs × ${metrics} metrics × ${steps} steps (${(runs * metrics * steps / 1e6).toFixed(0)}M points) in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${(generated.bytes / 1e9).toFixed(2)} GB on disk, index ${(generated.baseBytes / 1e6).toFixed(1)} MB base.json + ${(generated.segmentBytes / 1e3).toFixed(0)} kB written since its compaction`);
}

// 100 runs spread over the whole store, as a chart comparing runs picks them.
const picked = Array.from({ length: 100 }, (_, i) => ids[Math.floor((i * 7919) % ids.length)]);
const pickedFile = join(dir, 'bench-picked.json');
writeFileSync(pickedFile, JSON.stringify(picked));

/** Alternates the store's probe and its floor's, each cold, `repeat` times. */
function coldPairs(ours, floor) {
  const a = [];
  const b = [];
  for (let i = 0; i < repeat; i++) {
    dropCaches();
    a.push(probe(probeScript, ours));
    dropCaches();
    b.push(probe(probeScript, floor));
  }
  return [a, b];
}

const [list, listFloor] = coldPairs(['list', dir], ['list-floor', dir]);
const [hist, histFloor] = coldPairs(['histories', dir, pickedFile], ['histories-floor', dir, pickedFile]);
const hist3 = [];
for (let i = 0; i < Math.min(repeat, 3); i++) {
  dropCaches();
  hist3.push(probe(probeScript, ['histories', dir, pickedFile, 'loss,accuracy,metric_5']));
}

const ms = (samples) => median(samples.map((s) => s.ms));
const spread = (samples) => `(min ${Math.min(...samples.map((s) => s.ms)).toFixed(0)}, max ${Math.max(...samples.map((s) => s.ms)).toFixed(0)})`;
const listMs = ms(list);
const listFloorMs = ms(listFloor);
const histMs = ms(hist);
const histFloorMs = ms(histFloor);
console.log('');
console.log(`cold = a fresh node process per sample, OS page cache dropped before it (sync; echo 3 > /proc/sys/vm/drop_caches); median of ${repeat}, store and floor samples alternating`);
console.log(`listRuns, ${list[0].runs} runs (${list[0].withMetrics} with all ${metrics} final metrics):  ${fmt(listMs)} ${spread(list)}, CPU ${fmt(median(list.map((s) => s.cpuMs)))}`);
console.log(`  floor: readFile of every file in index/ (${(listFloor[0].bytes / 1e6).toFixed(1)} MB: base.json and the segments, what listRuns reads) + readdir of runs/ (${listFloor[0].folders} folders):  ${fmt(listFloorMs)} ${spread(listFloor)}, CPU ${fmt(median(listFloor.map((s) => s.cpuMs)))}`);
console.log(`  module load ${fmt(median(list.map((s) => s.moduleMs)))} before that, not counted; listing again in the same process (incremental index read): ${fmt(median(list.map((s) => s.relistMs)))}`);
console.log(`loadHistories, 100 runs × ${metrics} metrics (${(hist[0].points / 1e6).toFixed(1)}M points):  ${fmt(histMs)} ${spread(hist)}, CPU ${fmt(median(hist.map((s) => s.cpuMs)))}   warm ${fmt(median(hist.map((s) => s.warmMs)))}`);
console.log(`  floor: readFile of the same 100 history.bin files whole (${(histFloor[0].bytes / 1e6).toFixed(1)} MB, what loadHistories reads):  ${fmt(histFloorMs)} ${spread(histFloor)}, CPU ${fmt(median(histFloor.map((s) => s.cpuMs)))}`);
console.log(`loadHistories, 100 runs × 3 metrics (${(hist3[0].points / 1e6).toFixed(2)}M points):  ${fmt(ms(hist3))}   warm ${fmt(median(hist3.map((s) => s.warmMs)))}`);

if (!keep) rmSync(dir, { recursive: true, force: true });
console.log(`store histories: ${histMs.toFixed(0)} ms vs floor ${histFloorMs.toFixed(0)} ms = ${(histMs / histFloorMs).toFixed(2)}×`);
console.log(`store: ${listMs.toFixed(0)} ms vs floor ${listFloorMs.toFixed(0)} ms = ${(listMs / listFloorMs).toFixed(2)}×`);
