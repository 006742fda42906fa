// bench/runner: the runner's overhead per stage beyond the command itself (target <= 50 ms).
// A pipeline of N independent-in-sequence stages, each `python3 -c pass` (a realistic
// minimal command), run through runInWorkspace (recording into a real store, hashing deps,
// capturing git) against spawning the same commands directly, one after another.
// Usage: node bench/runner.mjs [--stages N] [--repeats R]
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The number after `name`, or the fallback when the flag is absent (indexOf -1 would read argv[0]). */
function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} wants a positive whole number, got ${process.argv[i + 1]}`);
  return value;
}
const stages = arg('--stages', 20);
const repeats = arg('--repeats', 5);
const root = join(import.meta.dirname, '..');
const bundle = join(root, 'out', 'bench', 'runnerEntry.cjs');
await esbuild.build({ entryPoints: [join(root, 'src', 'node', 'runner', 'workspaceRuns.ts')], outfile: bundle, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning' });
const { runInWorkspace } = createRequire(import.meta.url)(bundle);

const command = ['python3', '-c', 'pass'];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function project() {
  const dir = mkdtempSync(join(tmpdir(), 'mlops-bench-runner-'));
  writeFileSync(join(dir, 'input.txt'), 'data\n');
  const lines = ['name: bench', 'stages:'];
  for (let i = 0; i < stages; i++) {
    // Each stage reads the previous one's output, so they run one after another like the direct loop.
    lines.push(`  s${i}:`, `    cmd: [${command.map((c) => JSON.stringify(c)).join(', ')}, "${i}"]`, `    deps: [${i === 0 ? 'input.txt' : `out${i - 1}.txt`}]`);
    lines.push(`    outs: [out${i}.txt]`);
  }
  writeFileSync(join(dir, 'mlops.yaml'), `${lines.join('\n')}\n`);
  return dir;
}

// The stages must write their outs; a tiny wrapper keeps the command itself as cheap as `pass`.
command.splice(2, 1, 'import sys; open(f"out{sys.argv[1]}.txt", "w").write("x")');

const direct = [];
const runner = [];
for (let r = 0; r < repeats; r++) {
  const dir = project();
  let t0 = performance.now();
  for (let i = 0; i < stages; i++) spawnSync(command[0], [...command.slice(1), String(i)], { cwd: dir });
  direct.push(performance.now() - t0);
  t0 = performance.now();
  const outcome = await runInWorkspace({ pipelineFile: join(dir, 'mlops.yaml'), force: true, maxParallel: 1 });
  runner.push(performance.now() - t0);
  if (outcome.status !== 'finished') throw new Error(`bench pipeline ${outcome.status}: ${JSON.stringify(outcome.failure)}`);
  rmSync(dir, { recursive: true, force: true });
}
const d = median(direct);
const m = median(runner);
const perStage = (m - d) / stages;
console.log(`bench/runner — ${stages} stages of \`${command.join(' ')}\`, median of ${repeats}`);
console.log(`  commands spawned directly   ${d.toFixed(0)} ms  (${(d / stages).toFixed(1)} ms per stage)`);
console.log(`  mlops runner (recorded run) ${m.toFixed(0)} ms  (${(m / stages).toFixed(1)} ms per stage)`);
console.log(`  runner overhead per stage   ${perStage.toFixed(1)} ms   target <= 50 ms  ${perStage <= 50 ? 'OK' : 'OVER'}`);
console.log(`runner: ${m.toFixed(0)} ms vs commands spawned directly ${d.toFixed(0)} ms = ${(m / d).toFixed(2)}×`);
