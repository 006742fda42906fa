// Shared by the store and hashing benches: the compiled sources, cache dropping, child probes.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);

/** Newest modification time of the .ts files under a folder of src/. */
function newestSource(folder) {
  const abs = join(root, folder);
  if (!existsSync(abs)) return 0;
  return Math.max(0, ...readdirSync(abs).filter((n) => n.endsWith('.ts')).map((n) => statSync(join(abs, n)).mtimeMs));
}

let fresh = false;
/**
 * The tsc output of src/ (compiled on demand: `npx tsc -p tsconfig.json --outDir out`), again
 * when a source of the store (src/core/runs, src/node/runs) is newer than its output, so the
 * bench never measures stale code.
 */
export function compiled(relative) {
  const file = join(root, 'out', relative);
  const stale = !fresh && existsSync(file) && Math.max(newestSource('src/core/runs'), newestSource('src/node/runs')) > statSync(file).mtimeMs;
  if (!existsSync(file) || stale || process.argv.includes('--build')) {
    console.error('compiling with tsc (out/) ...');
    spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json', '--outDir', 'out'], { cwd: root, stdio: 'ignore' });
    fresh = true;
  }
  return require(file);
}

let dropWarned = false;
/** Empties the OS page cache, so the next read comes from the disk; false when not permitted. */
export function dropCaches() {
  spawnSync('sync');
  try {
    writeFileSync('/proc/sys/vm/drop_caches', '3');
    return true;
  } catch (error) {
    if (!dropWarned) console.log(`note: cannot drop the page cache (${error.code}); "cold" below means a fresh process only`);
    dropWarned = true;
    return false;
  }
}

/** Runs a probe in a fresh node process and returns the JSON it prints. */
export function probe(script, args) {
  const result = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (result.status !== 0) throw new Error(`probe failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop());
}

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const fmt = (ms) => `${ms.toFixed(1)} ms`;
