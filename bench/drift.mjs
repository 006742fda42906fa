// bench/drift: `mlops drift`'s engine on 1,000,000 live rows × 20 features against a
// 100,000-row reference (CSV, generated once into a temp folder; features f0, f5, f10 shifted),
// each run in a fresh node process: the full report's time and peak RSS without the cached
// reference profile (3 runs, median), then again with it (profile reuse, 2 runs, median); then
// the same statistics (KS with p-value, PSI and Jensen-Shannon on reference deciles, Wasserstein)
// with numpy/scipy (/usr/bin/python3, Debian) on the same files. The out/ build is refreshed
// first when a monitor source is newer. Goal: full report <= 2 s and <= 500 MB peak.
// Usage: node bench/drift.mjs [--build]
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { compiled, root } from './store/common.mjs';

const FEATURES = 20;
const REF_ROWS = 100_000;
const LIVE_ROWS = 1_000_000;
const SHIFTED = new Set([0, 5, 10]);

if (process.argv[2] === '--probe') {
  const [, , , reference, live, cacheDir] = process.argv;
  const { runDriftCheck } = compiled('src/node/monitor/driftCheck.js');
  const { DEFAULT_DRIFT_SETTINGS } = compiled('src/core/monitor/driftReport.js');
  const start = performance.now();
  const result = await runDriftCheck({ reference, live, cacheDir, settings: { ...DEFAULT_DRIFT_SETTINGS, method: 'ks' } });
  const ms = performance.now() - start;
  console.log(JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024, fromCache: result.profileFromCache, drifted: result.report.features.filter((f) => f.drifted).map((f) => f.name) }));
  process.exit(0);
}

/** True when a monitor source (or its CLI user) is newer than its compiled file in out/. */
function staleBuild() {
  for (const folder of ['src/core/monitor', 'src/node/monitor']) {
    for (const name of readdirSync(join(root, folder)).filter((n) => n.endsWith('.ts'))) {
      const built = join(root, 'out', folder, name.replace(/\.ts$/, '.js'));
      if (!existsSync(built) || statSync(built).mtimeMs < statSync(join(root, folder, name)).mtimeMs) return true;
    }
  }
  return false;
}
if (staleBuild() && !process.argv.includes('--build')) process.argv.push('--build');
compiled('src/node/monitor/driftCheck.js');
const dir = mkdtempSync(join(tmpdir(), 'mlops-bench-drift-'));
let seed = 12345;
// mulberry32: an LCG's successive draws are correlated, which Box-Muller turns into fake drift.
const uniform = () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
};
const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());

async function writeCsv(file, rows, shift) {
  const out = createWriteStream(file);
  out.write(`${Array.from({ length: FEATURES }, (_, i) => `f${i}`).join(',')}\n`);
  let chunk = '';
  for (let r = 0; r < rows; r++) {
    const cells = new Array(FEATURES);
    for (let f = 0; f < FEATURES; f++) cells[f] = (normal() + (SHIFTED.has(f) ? shift : 0)).toFixed(5);
    chunk += `${cells.join(',')}\n`;
    if (chunk.length > 1 << 20) { if (!out.write(chunk)) await new Promise((ok) => out.once('drain', ok)); chunk = ''; }
  }
  out.write(chunk);
  await new Promise((ok) => out.end(ok));
}

const reference = join(dir, 'reference.csv');
const live = join(dir, 'live.csv');
const t = performance.now();
await writeCsv(reference, REF_ROWS, 0);
await writeCsv(live, LIVE_ROWS, 0.05);
console.log(`data: ${REF_ROWS.toLocaleString('en')} reference rows, ${LIVE_ROWS.toLocaleString('en')} live rows × ${FEATURES} features in ${dir} (${((performance.now() - t) / 1000).toFixed(1)} s to write)`);

const probe = (cacheDir) => {
  const res = spawnSync(process.execPath, [new URL(import.meta.url).pathname, '--probe', reference, live, cacheDir], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (res.status !== 0) throw new Error(`probe failed: ${res.stderr}`);
  return JSON.parse(res.stdout.trim().split('\n').pop());
};
const median = (runs, key) => runs.map((r) => r[key]).sort((a, b) => a - b)[Math.floor(runs.length / 2)];
console.log(`machine: ${availableParallelism()} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} (other jobs make every figure slower and noisier)`);
const colds = [1, 2, 3].map((k) => probe(join(dir, `cache-${k}`)));
const warms = [1, 2].map(() => probe(join(dir, 'cache-1')));
const coldMs = median(colds, 'ms');
const warmMs = median(warms, 'ms');
const fmt = (ms) => (ms / 1000).toFixed(2);
console.log(`ours, profile computed: ${fmt(coldMs)} s (runs ${colds.map((r) => fmt(r.ms)).join(', ')}), peak RSS ${Math.max(...colds.map((r) => r.maxRssMb)).toFixed(0)} MB (goal <= 2 s, <= 500 MB); drifted: ${colds[0].drifted.join(', ')}`);
console.log(`ours, profile reused:   ${fmt(warmMs)} s (runs ${warms.map((r) => fmt(r.ms)).join(', ')}), peak RSS ${Math.max(...warms.map((r) => r.maxRssMb)).toFixed(0)} MB (from cache: ${warms.every((r) => r.fromCache)})`);

const SCRIPT = `
import sys, time, json, resource
import numpy as np
from scipy import stats
from scipy.spatial import distance
t0 = time.perf_counter()
ref = np.loadtxt(sys.argv[1], delimiter=',', skiprows=1)
live = np.loadtxt(sys.argv[2], delimiter=',', skiprows=1)
t1 = time.perf_counter()
out = []
extra = 0.0
for f in range(ref.shape[1]):
    r = stats.ks_2samp(ref[:, f], live[:, f])
    edges = np.quantile(ref[:, f], np.arange(1, 10) / 10)
    a = np.bincount(np.searchsorted(edges, ref[:, f], side='left'), minlength=10) / len(ref)
    b = np.bincount(np.searchsorted(edges, live[:, f], side='left'), minlength=10) / len(live)
    e0 = time.perf_counter()
    js = distance.jensenshannon(a, b, base=2)
    w = stats.wasserstein_distance(ref[:, f], live[:, f]) / max(np.std(ref[:, f]), 0.001)
    extra += time.perf_counter() - e0
    a = np.where(a == 0, 1e-4, a); b = np.where(b == 0, 1e-4, b)
    out.append([float(r.statistic), float(r.pvalue), float(np.sum((b - a) * np.log(b / a))), float(js), float(w)])
t2 = time.perf_counter()
print(json.dumps({'load': t1 - t0, 'stats': t2 - t1, 'jsW': extra, 'maxRssMb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
`;
const py = spawnSync('/usr/bin/python3', ['-c', SCRIPT, reference, live], { encoding: 'utf8' });
rmSync(dir, { recursive: true, force: true });
if (py.status !== 0) {
  console.log(`scipy: failed (${py.stderr.trim().split('\n').pop()})`);
  process.exit(1);
}
const s = JSON.parse(py.stdout.trim().split('\n').pop());
const total = s.load + s.stats;
console.log(`scipy: load ${s.load.toFixed(2)} s (numpy.loadtxt) + statistics ${s.stats.toFixed(2)} s = ${total.toFixed(2)} s, peak RSS ${s.maxRssMb.toFixed(0)} MB`);
console.log(`scipy statistics: KS + PSI ${(s.stats - s.jsW).toFixed(2)} s, Jensen-Shannon + Wasserstein ${s.jsW.toFixed(2)} s (load + KS + PSI alone: ${(total - s.jsW).toFixed(2)} s)`);
console.log(`side by side: ours ${fmt(coldMs)} s (${fmt(warmMs)} s with the cached profile) vs scipy ${total.toFixed(2)} s`);
console.log(`drift: ${fmt(coldMs)} s vs scipy ${total.toFixed(2)} s = ${(total / (coldMs / 1000)).toFixed(1)}×`);
