// bench/activation: how long MLOps Workbench takes to load and activate in the real VS Code
// extension host, against the floor: an empty extension (registers nothing) measured the same
// way in the same kind of host, cold starts interleaved so both see the same machine load.
// Goal: median <= 50 ms. Also prints the bundle sizes (extension bundle <= 1 MB).
// Usage: node bench/activation.mjs [--runs N] [--cpu-prof DIR]
//   --cpu-prof DIR  writes a CPU profile of each of our activations (open in Chrome DevTools)
import { spawnSync } from 'node:child_process';
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadHarness, root } from '../scripts/loadHarness.mjs';

/** The value after `--name`, or the fallback when the flag is absent or has no value. */
function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}
const runs = Number(option('runs', '15'));
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs wants a positive whole number, got ${option('runs', '')}`);
const cpuProfDir = option('cpu-prof', undefined);
if (cpuProfDir) mkdirSync(cpuProfDir, { recursive: true });
const goalMs = 50;

if (spawnSync('npm', ['run', '--silent', 'package'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] }).status !== 0) process.exit(1);
const probe = join(root, 'out', 'bench', 'activationProbe.js');
await esbuild.build({ entryPoints: [join(root, 'bench', 'activationProbe.ts')], outfile: probe, bundle: true, platform: 'node', format: 'cjs', external: ['vscode'], logLevel: 'warning' });

// The floor: an extension whose activate() returns at once, so what is left is the host's own
// cost of activating anything (the extension context, storage, RPC to the window).
const scratch = mkdtempSync(join(tmpdir(), 'mlops-bench-activation-'));
const emptyExtension = join(scratch, 'empty-extension');
mkdirSync(emptyExtension);
writeFileSync(join(emptyExtension, 'package.json'), JSON.stringify({ name: 'empty', publisher: 'mlops-bench', version: '0.0.1', main: './extension.js', engines: { vscode: '^1.100.0' } }));
writeFileSync(join(emptyExtension, 'extension.js'), 'exports.activate = () => ({ activationMs: 0 });\n');
const ours = { label: 'MLOps Workbench', path: root, id: 'mlops-workbench.mlops-workbench' };
const empty = { label: 'empty extension', path: emptyExtension, id: 'mlops-bench.empty' };

const { startVscodeServer } = await loadHarness('vscodeServer');
const { launchChromium } = await loadHarness('browser');
const browser = await launchChromium();
let vscodeVersion = '';

/** One cold start of a VS Code server and its extension host; the probe activates `extension`. */
async function coldStart(extension, i) {
  // An empty folder: nothing there triggers activation before the probe measures it.
  const workspace = mkdtempSync(join(scratch, 'ws-'));
  const results = join(scratch, `result-${i}.json`);
  const env = { MLOPS_BENCH_RESULTS: results, MLOPS_BENCH_EXTENSION: extension.id };
  if (cpuProfDir && extension === ours) env.MLOPS_BENCH_CPUPROF = resolve(cpuProfDir, `activation-${i}.cpuprofile`);
  const server = await startVscodeServer({ workspace, extensionDevelopmentPath: extension.path, extensionTestsPath: probe, env });
  try {
    const page = await browser.newPage();
    await page.goto(server.url);
    const deadline = Date.now() + 120_000;
    while (!existsSync(results) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await page.close();
  } finally {
    await server.stop();
  }
  if (!existsSync(results)) throw new Error(`activation probe did not report for the ${extension.label}`);
  const sample = JSON.parse(readFileSync(results, 'utf8'));
  rmSync(results);
  rmSync(workspace, { recursive: true, force: true });
  if (sample.wasActive) throw new Error(`the ${extension.label} was already active before the probe ran`);
  vscodeVersion = sample.vscodeVersion;
  return sample;
}

const samples = { ours: [], empty: [] };
try {
  for (let i = 0; i < runs; i++) {
    // Alternate which goes first, so a drift in machine load does not favour either.
    const order = i % 2 === 0 ? ['ours', 'empty'] : ['empty', 'ours'];
    for (const which of order) samples[which].push(await coldStart(which === 'ours' ? ours : empty, i));
  }
} finally {
  await browser.close();
  rmSync(scratch, { recursive: true, force: true });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => (x === undefined ? '?' : `${x.toFixed(1)} ms`);
const spread = (xs) => `median ${ms(median(xs))}  (min ${ms(Math.min(...xs))}, max ${ms(Math.max(...xs))})`;
const field = (which, name) => samples[which].map((s) => s[name]).filter((x) => typeof x === 'number');
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const size = (file) => ({ raw: statSync(file).size, gzip: gzipSync(readFileSync(file)).length });

const oursMs = median(field('ours', 'loadAndActivateMs'));
const emptyMs = median(field('empty', 'loadAndActivateMs'));
console.log(`bench/activation — VS Code ${vscodeVersion} server, Node extension host, ${runs} cold starts each (interleaved)`);
console.log(`  load + activate() of MLOps Workbench     ${spread(field('ours', 'loadAndActivateMs'))}   goal <= ${goalMs} ms  ${oursMs <= goalMs ? 'OK' : 'OVER'}`);
console.log(`    loading dist/extension.js              median ${ms(median(field('ours', 'codeLoadingMs')))}`);
console.log(`    loaded -> activate() called            median ${ms(median(field('ours', 'loadedToActivateCallMs')))}   (host prepares the extension context)`);
console.log(`    activate() call                        median ${ms(median(field('ours', 'activateCallMs')))}   (its body alone: ${ms(median(field('ours', 'activateBodyMs')))})`);
console.log(`  load + activate() of an empty extension  ${spread(field('empty', 'loadAndActivateMs'))}`);
console.log(`    loaded -> activate() called            median ${ms(median(field('empty', 'loadedToActivateCallMs')))}`);
const ext = size(join(root, 'dist', 'extension.js'));
console.log(`  dist/extension.js                        ${kb(ext.raw)} (${kb(ext.gzip)} gzipped)   target <= 1024 KB  ${ext.raw <= 1024 * 1024 ? 'OK' : 'OVER'}`);
for (const lazy of ['engine.js', 'docker.js']) {
  const file = join(root, 'dist', lazy);
  if (!existsSync(file)) continue;
  const s = size(file);
  console.log(`  dist/${lazy.padEnd(35)}${kb(s.raw)} (${kb(s.gzip)} gzipped)   loaded on first use`);
}
const webviewDir = join(root, 'dist', 'webview');
for (const f of existsSync(webviewDir) ? readdirSync(webviewDir).filter((n) => n.endsWith('.js')) : []) {
  const s = size(join(webviewDir, f));
  console.log(`  dist/webview/${f.padEnd(27)}${kb(s.raw)} (${kb(s.gzip)} gzipped)`);
}
console.log(`  dist/mlops-workbench.vsix                ${kb(statSync(join(root, 'dist', 'mlops-workbench.vsix')).size)}`);
if (cpuProfDir) console.log(`  CPU profiles of our activations in ${resolve(cpuProfDir)}`);
console.log(`activation: ${oursMs.toFixed(1)} ms vs empty extension ${emptyMs.toFixed(1)} ms = ${(oursMs / emptyMs).toFixed(2)}×`);
