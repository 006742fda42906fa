// bench/activation: how long MLOps Workbench takes to activate in the real VS Code extension
// host, and how big its bundles are. Targets: activation <= 50 ms, extension bundle <= 1 MB.
// Usage: node bench/activation.mjs [--runs N]   (builds the production bundle and the .vsix first)
import { spawnSync } from 'node:child_process';
import * as esbuild from 'esbuild';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadHarness, root } from '../scripts/loadHarness.mjs';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1] || 7);
if (spawnSync('npm', ['run', '--silent', 'package'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] }).status !== 0) process.exit(1);
const probe = join(root, 'out', 'bench', 'activationProbe.js');
await esbuild.build({ entryPoints: [join(root, 'bench', 'activationProbe.ts')], outfile: probe, bundle: true, platform: 'node', format: 'cjs', external: ['vscode'], logLevel: 'warning' });

const { startVscodeServer } = await loadHarness('vscodeServer');
const { launchChromium } = await loadHarness('browser');
const browser = await launchChromium();
const samples = [];
let vscodeVersion = '';
for (let i = 0; i < runs; i++) {
  // An empty folder: nothing there triggers activation before the probe measures it.
  const workspace = mkdtempSync(join(tmpdir(), 'mlops-bench-ws-'));
  const results = join(workspace, '..', `mlops-bench-${process.pid}-${i}.json`);
  const server = await startVscodeServer({ workspace, extensionDevelopmentPath: root, extensionTestsPath: probe, env: { MLOPS_BENCH_RESULTS: results } });
  const page = await browser.newPage();
  await page.goto(server.url);
  const deadline = Date.now() + 120_000;
  while (!existsSync(results) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  await page.close();
  await server.stop();
  if (!existsSync(results)) throw new Error('activation probe did not report');
  const sample = JSON.parse(readFileSync(results, 'utf8'));
  rmSync(results); rmSync(workspace, { recursive: true, force: true });
  if (sample.wasActive) throw new Error('extension was already active before the probe ran');
  vscodeVersion = sample.vscodeVersion;
  samples.push(sample);
}
await browser.close();

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const size = (file) => ({ raw: statSync(file).size, gzip: gzipSync(readFileSync(file)).length });
const ext = size(join(root, 'dist', 'extension.js'));
const webviewDir = join(root, 'dist', 'webview');
const webviews = existsSync(webviewDir) ? readdirSync(webviewDir).filter((f) => f.endsWith('.js')) : [];
const vsix = statSync(join(root, 'dist', 'mlops-workbench.vsix')).size;

const loadMs = median(samples.map((s) => s.loadAndActivateMs));
console.log(`bench/activation — VS Code ${vscodeVersion} server, Node extension host, ${runs} cold starts`);
console.log(`  load + activate() (extensions.activate)  median ${loadMs.toFixed(1)} ms   (min ${Math.min(...samples.map((s) => s.loadAndActivateMs)).toFixed(1)}, max ${Math.max(...samples.map((s) => s.loadAndActivateMs)).toFixed(1)})   target <= 50 ms  ${loadMs <= 50 ? 'OK' : 'OVER'}`);
console.log(`  activate() body                          median ${median(samples.map((s) => s.activateBodyMs)).toFixed(2)} ms`);
console.log(`  dist/extension.js                        ${kb(ext.raw)} (${kb(ext.gzip)} gzipped)   target <= 1024 KB  ${ext.raw <= 1024 * 1024 ? 'OK' : 'OVER'}`);
const engine = size(join(root, 'dist', 'engine.js'));
console.log(`  dist/engine.js (loaded on first use)     ${kb(engine.raw)} (${kb(engine.gzip)} gzipped)`);
for (const f of webviews) {
  const s = size(join(webviewDir, f));
  console.log(`  dist/webview/${f.padEnd(27)}${kb(s.raw)} (${kb(s.gzip)} gzipped)`);
}
if (webviews.length === 0) console.log('  webview bundles                          none yet');
console.log(`  dist/mlops-workbench.vsix                ${kb(vsix)}`);
