// Bundles one TypeScript harness module (test/harness/*.ts) with esbuild and loads it, so plain
// scripts (npm start, bench/) share the one launcher the tests use without compiling all tests.
import * as esbuild from 'esbuild';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export async function loadHarness(name) {
  const outfile = join(root, 'out', 'scripts', `${name}.cjs`);
  await esbuild.build({
    entryPoints: [join(root, 'test', 'harness', `${name}.ts`)],
    outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20',
    packages: 'external', logLevel: 'warning',
    // paths.ts finds the repo root from its own folder; keep that true for the bundle.
    define: { __dirname: JSON.stringify(join(root, 'out', 'test', 'harness')) },
  });
  return createRequire(import.meta.url)(outfile);
}
