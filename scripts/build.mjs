// Bundles the extension, the CLI and one browser bundle per webview with esbuild.
// `--production` minifies and drops source maps (used by `npm run package`).
import * as esbuild from 'esbuild';
import { readdirSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
  absWorkingDir: root,
  legalComments: 'none',
};

rmSync(join(root, 'dist'), { recursive: true, force: true });

const builds = [
  esbuild.build({
    ...common,
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // dist/engine.js is required on first use (src/extension/engine.ts), not at activation.
    external: ['vscode', './engine.js'],
  }),
  esbuild.build({
    ...common,
    entryPoints: ['src/engine.ts'],
    outfile: 'dist/engine.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  }),
  esbuild.build({
    ...common,
    entryPoints: ['src/cli/cli.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    define: { MLOPS_VERSION: JSON.stringify(version) },
  }),
];

// Each webview-ui/<panel>/main.ts becomes dist/webview/<panel>.js (+ .css when it imports CSS).
const webviewRoot = join(root, 'webview-ui');
for (const panel of existsSync(webviewRoot) ? readdirSync(webviewRoot) : []) {
  const entry = join('webview-ui', panel, 'main.ts');
  if (!existsSync(join(root, entry))) continue;
  builds.push(esbuild.build({
    ...common,
    entryPoints: [entry],
    outfile: `dist/webview/${panel}.js`,
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
  }));
}

await Promise.all(builds);
