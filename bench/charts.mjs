// bench/charts: how fast the Compare Runs panel puts a big comparison on screen, against bare
// uPlot and Chart.js drawing the same data, and how big the panel's bundle is.
//   - the REAL production bundle (compare.js + compare.css) in a page shaped like the webview
//     (same CSP, root element and nonce'd scripts; only acquireVsCodeApi is stubbed);
//   - init with 100 runs × 10,000 steps of one metric (1M points); the clock (charts/clock.js)
//     runs from posting the message until the frame after uPlot's draw hook has been painted;
//   - bare uPlot (charts/uplot.html): the same points, one chart of the same canvas size, in a
//     page of the same shape, with none of the panel's code (the floor the panel is held to);
//   - Chart.js 4 (devDependency, never bundled) drawing the same points on its documented fast
//     path (charts/chartjs.html: parsing: false, normalized: true, animation off, no points, fixed
//     tick rotation), without decimation and with its decimation plugin (min-max; LTTB with the
//     default samples = canvas width, one point per pixel column). Not given scale min/max nor
//     spanGaps: true, since the panel computes its ranges and honours gaps itself;
//   - every timed first paint runs under a Chromium trace, which also gives its main-thread CPU
//     time: on a shared machine that figure moves far less than the wall clock;
//   - live: one `append` with a point for each of the 100 runs (as the host batches them) until the chart has redrawn.
// Each measurement uses a fresh page; every round times each page once, in turn, so the ratios
// compare figures taken under the same load. Medians of the rounds. Numbers only: nothing here asserts.
// Usage: node bench/charts.mjs [--runs N] [--no-build] [--serve] [--profile]
//   --serve    only starts the page server and prints the harness URL (manual / e2e use).
//   --profile  also traces one first paint of the panel, bare uPlot and Chart.js + LTTB (Chromium
//              performance trace over CDP) and prints where the main thread's time went, the
//              garbage collections, and the panel's functions with the most self time.
/* global window -- page.evaluate callbacks run inside the page */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import { startServer } from './charts/server.mjs';
import { traceTimed } from './charts/trace.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const runs = Number(option('--runs', 5));
const RUNS = 100, STEPS = 10_000;
const VIEWPORT = { width: 1280, height: 800 };

/** The production bundle: scripts/build.mjs --production, unless another entry point breaks it. */
async function productionBundle() {
  const dist = join(root, 'dist', 'webview');
  if (args.includes('--no-build')) return { dir: dist, note: 'dist/webview (existing build, --no-build)' };
  const started = Date.now() - 1000;
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--production'], { cwd: root, encoding: 'utf8' });
  const fresh = (f) => existsSync(f) && statSync(f).mtimeMs >= started;
  if (build.status === 0 && fresh(join(dist, 'compare.js'))) return { dir: dist, note: 'dist/webview (scripts/build.mjs --production)' };
  // The build script bundles everything at once, so an unrelated broken entry point stops it
  // before the webview is written. Build this one entry with the script's production options.
  const dir = join(root, 'out', 'bench', 'webview');
  await esbuild.build({
    entryPoints: ['webview-ui/compare/main.ts'], outfile: join(dir, 'compare.js'), absWorkingDir: root,
    bundle: true, minify: true, sourcemap: false, legalComments: 'none', logLevel: 'warning',
    platform: 'browser', format: 'iife', target: 'chrome120',
  });
  const why = (build.stderr.match(/ERROR: .*/) ?? ['unknown error'])[0];
  return { dir, note: `out/bench/webview (scripts/build.mjs failed elsewhere: ${why}; same esbuild options, this entry only)` };
}

/** The same entry with the production options but readable names, for --profile's function list. */
async function readableBundle() {
  const dir = join(root, 'out', 'bench', 'webview-profile');
  await esbuild.build({
    entryPoints: ['webview-ui/compare/main.ts'], outdir: dir, entryNames: 'compare', absWorkingDir: root,
    bundle: true, minify: false, sourcemap: false, legalComments: 'none', logLevel: 'warning',
    platform: 'browser', format: 'iife', target: 'chrome120',
  });
  return dir;
}

const bundle = await productionBundle();
const server = await startServer(root, bundle.dir);

if (args.includes('--serve')) {
  console.log(`Compare panel harness: ${server.url}/harness.html   (bench page: ${server.url}/webview.html)`);
  console.log('Ctrl+C to stop.');
  await new Promise(() => {});
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--js-flags=--expose-gc'],
});
const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });

async function open(path, base = server.url) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(`${base}${path}`);
  return { page, errors };
}

async function webviewPage(base) {
  const { page, errors } = await open('/webview.html', base);
  await page.waitForFunction(() => window.vscodeStub.posts.some((m) => m.type === 'ready'));
  const points = await page.evaluate((o) => window.bench.prepare(o), { runs: RUNS, steps: STEPS, metrics: ['loss'], live: true });
  await page.evaluate(() => window.gc?.());
  return { page, errors, points };
}

async function preparedPage(path, prepare) {
  const { page, errors } = await open(path);
  await page.evaluate((o) => window.bench.prepare(o), prepare);
  await page.evaluate(() => window.gc?.());
  return { page, errors };
}

const samples = { post: [], dispatch: [], append: [], uplot: [], cjs: [], cjsMinMax: [], cjsLttb: [] };
/** Main-thread CPU time of the same measurements (from a trace: time actually run, not waited for a core). */
const cpu = { post: [], dispatch: [], uplot: [], cjs: [], cjsMinMax: [], cjsLttb: [] };
/** Times one first paint under a trace; records wall-clock and main-thread CPU time under `key`. */
async function timed(key, page, run) {
  const { result, breakdown } = await traceTimed(context, page, run);
  samples[key].push(result);
  cpu[key].push(breakdown.cpuMs ?? NaN);
}
let size, points = 0;
const problems = new Set();
const violations = new Set();
const comparison = { runs: RUNS, steps: STEPS, metrics: ['loss'] };
const timeUplot = (page) => page.evaluate(([w, h]) => window.bench.timeInit(w, h), [size?.width ?? 1200, size?.height ?? 260]);
const timeChartJs = (page, decimation) => page.evaluate(([w, h, d]) => window.bench.timeInit(w, h, d), [size?.width ?? 1200, size?.height ?? 260, decimation]);
for (let i = 0; i < runs; i++) {
  for (const via of ['postMessage', 'dispatch']) {
    const w = await webviewPage();
    points = w.points;
    await timed(via === 'postMessage' ? 'post' : 'dispatch', w.page, () => w.page.evaluate((v) => window.bench.timeInit(v), via));
    size ??= await w.page.evaluate(() => window.bench.chartSize());
    if (via === 'dispatch') {
      for (let k = 0; k < 3; k++) samples.append.push(await w.page.evaluate(() => window.bench.timeAppend()));
    }
    const posts = await w.page.evaluate(() => window.vscodeStub.posts.filter((m) => m.type === 'error').map((m) => m.message));
    for (const p of [...posts, ...w.errors]) problems.add(p);
    for (const v of await w.page.evaluate(() => window.vscodeStub.violations)) violations.add(v);
    await w.page.close();
  }
  {
    const { page, errors } = await preparedPage('/uplot.html', comparison);
    await timed('uplot', page, () => timeUplot(page));
    for (const e of errors) problems.add(`bare uPlot page: ${e}`);
    await page.close();
  }
  for (const [key, decimation] of [['cjs', false], ['cjsMinMax', 'min-max'], ['cjsLttb', 'lttb']]) {
    const { page, errors } = await preparedPage('/chartjs.html', comparison);
    await timed(key, page, () => timeChartJs(page, decimation));
    for (const e of errors) problems.add(`Chart.js page: ${e}`);
    await page.close();
  }
}

const traces = [];
if (args.includes('--profile')) {
  const w = await webviewPage();
  traces.push(['Compare panel', await traceTimed(context, w.page, () => w.page.evaluate(() => window.bench.timeInit('postMessage')))]);
  await w.page.close();
  // The function list comes from a second trace of an unminified build (a sampling profiler slows
  // what it samples, so its figure is not comparable with the others).
  const readable = await startServer(root, await readableBundle());
  const r = await webviewPage(readable.url);
  traces.push(['Compare panel, unminified build, CPU profiler on', await traceTimed(context, r.page, () => r.page.evaluate(() => window.bench.timeInit('postMessage')), { cpuProfile: true })]);
  await r.page.close();
  await readable.close();
  const u = await preparedPage('/uplot.html', comparison);
  traces.push(['bare uPlot', await traceTimed(context, u.page, () => timeUplot(u.page))]);
  await u.page.close();
  const c = await preparedPage('/chartjs.html', comparison);
  traces.push(['Chart.js + LTTB', await traceTimed(context, c.page, () => timeChartJs(c.page, 'lttb'))]);
  await c.page.close();
}
const version = browser.version();
await browser.close();
await server.close();

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(1).padStart(7)} ms`;
const spread = (xs) => `(min ${Math.min(...xs).toFixed(1)}, max ${Math.max(...xs).toFixed(1)})`;
const line = (label, xs, extra = '') => console.log(`  ${label.padEnd(58)}median ${ms(median(xs))}  ${spread(xs).padEnd(24)}${extra}`);
const cpuLine = (label, key, extra = '') => console.log(`  ${label.padEnd(58)}median ${ms(median(cpu[key]))}  ${spread(cpu[key]).padEnd(24)}${extra}`);
const ours = median(samples.post);
const base = median(samples.uplot);
const lttb = median(samples.cjsLttb);
const ratio = (xs) => `${(median(xs) / ours).toFixed(1)}× ours`;
/** Median over the rounds of a ratio taken within one round (same load on both sides). */
const pairedRatio = (num, den) => median(num.map((x, k) => x / (den[k] ?? NaN)));
const times = (r) => `${r.toFixed(2)}×`;

console.log(`bench/charts — Chromium ${version} headless, no GPU, ${VIEWPORT.width}×${VIEWPORT.height} @1x, chart ${size?.width}×${size?.height} px`);
console.log(`  ${RUNS} runs × ${STEPS.toLocaleString('en')} steps of one metric = ${points.toLocaleString('en')} points; median of ${runs} rounds, a fresh page each`);
console.log(`  clock: data handed over → the frame after the chart's draw is painted (bench/charts/clock.js)`);
console.log(`  bundle: ${bundle.note}`);
line('Compare panel (uPlot): init posted → chart on screen', samples.post);
line('  same, init dispatched without postMessage\'s clone', samples.dispatch);
line('bare uPlot: new uPlot → on screen (same points and size)', samples.uplot, `ours ${times(ours / base)} of it; per round ${times(pairedRatio(samples.post, samples.uplot))}  goal <= 1.5×`);
line('Chart.js: new Chart → on screen (no decimation)', samples.cjs, ratio(samples.cjs));
line('Chart.js with decimation: min-max', samples.cjsMinMax, ratio(samples.cjsMinMax));
line('Chart.js with decimation: lttb', samples.cjsLttb, `${ratio(samples.cjsLttb)}; per round ${times(pairedRatio(samples.cjsLttb, samples.post))}  goal >= 4×`);
console.log('  main-thread CPU time of the same first paints (what the page ran, not the wait for a core on a shared machine):');
cpuLine('  Compare panel', 'post');
cpuLine('  bare uPlot', 'uplot', `ours ${times(median(cpu.post) / median(cpu.uplot))} of it; per round ${times(pairedRatio(cpu.post, cpu.uplot))}`);
cpuLine('  Chart.js (no decimation)', 'cjs', `${times(median(cpu.cjs) / median(cpu.post))} ours`);
cpuLine('  Chart.js + LTTB', 'cjsLttb', `${times(median(cpu.cjsLttb) / median(cpu.post))} ours; per round ${times(pairedRatio(cpu.cjsLttb, cpu.post))}`);
line('Live: one append of 100 runs’ points → chart redrawn', samples.append, `target <= 500 ms  ${median(samples.append) <= 500 ? 'OK' : 'OVER'}`);

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
let gzTotal = 0;
for (const f of ['compare.js', 'compare.css']) {
  const file = join(bundle.dir, f);
  if (!existsSync(file)) { console.log(`  ${f}: missing`); continue; }
  const body = readFileSync(file);
  const gz = gzipSync(body, { level: 9 }).length;
  gzTotal += gz;
  console.log(`  ${('bundle ' + f).padEnd(58)}${kb(body.length).padStart(10)} raw, ${kb(gz)} gzipped`);
}
console.log(`  ${'bundle js + css gzipped'.padEnd(58)}${kb(gzTotal).padStart(10)}       target <= 150 KB  ${gzTotal <= 150 * 1024 ? 'OK' : 'OVER'}`);
console.log(`  CSP violations in the webview page: ${violations.size}${violations.size ? `\n    ${[...violations].join('\n    ')}` : ''}`);
if (problems.size > 0) console.log(`  page errors:\n    ${[...problems].join('\n    ')}`);

for (const [name, { result, breakdown, functions }] of traces) {
  if (breakdown.error) { console.log(`  profile of ${name}: ${breakdown.error}`); continue; }
  const kinds = Object.entries(breakdown.cpuByKind).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ');
  console.log(`  profile of ${name}: ${result.toFixed(1)} ms under the tracer, main thread CPU ${breakdown.cpuMs.toFixed(1)} ms: ${kinds}; GC ${breakdown.gc.minor} minor + ${breakdown.gc.major} major, ${breakdown.gc.ms.toFixed(1)} ms (wall)`);
  if (functions) for (const [fn, t] of functions) console.log(`      ${t.toFixed(1).padStart(6)} ms self  ${fn}`);
}
console.log(`charts: ${ours.toFixed(0)} ms vs Chart.js + LTTB ${lttb.toFixed(0)} ms = ${(lttb / ours).toFixed(1)}×`);
console.log(`charts: ${ours.toFixed(0)} ms vs bare uPlot ${base.toFixed(0)} ms = ${(ours / base).toFixed(2)}×`);
