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

/** Native parts of dockerode's ssh support, never bundled (see the docker bundle below). */
const dockerodeExternals = ['*.node', 'cpu-features'];

/**
 * dockerode's BuildKit session (`version: '2'` builds: gRPC + protobufjs, 400 KB) loads .proto
 * files from its package folder at run time, so it cannot work from a bundle anyway; builds
 * here use the classic builder. Its two modules become stubs that say so if ever called.
 */
const withoutBuildkitSession = {
  name: 'dockerode-without-buildkit-session',
  setup(build) {
    build.onResolve({ filter: /^\.\/(session|buildkit)$/ }, (args) =>
      /[\\/]dockerode[\\/]lib$/.test(args.resolveDir) ? { path: args.path, namespace: 'buildkit-stub' } : undefined);
    build.onLoad({ filter: /.*/, namespace: 'buildkit-stub' }, () => ({
      contents: `const unavailable = () => { throw new Error('BuildKit sessions are not part of this bundle; use the classic builder.'); };
module.exports = unavailable; module.exports.followProgress = unavailable;`,
      loader: 'js',
    }));
  },
};

const builds = [
  esbuild.build({
    ...common,
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // Activation registers stand-ins only; dist/areas.js (the areas), dist/engine.js and
    // dist/docker.js are required on first use.
    external: ['vscode', './areas.js', './engine.js', './docker.js'],
  }),
  esbuild.build({
    ...common,
    entryPoints: ['src/extension/areas.ts'],
    outfile: 'dist/areas.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', './engine.js', './docker.js'],
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
    entryPoints: ['src/docker.ts'],
    outfile: 'dist/docker.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // Wherever dockerode is bundled: ssh2's optional native crypto binding and cpu-features
    // stay out (they break across Electron versions); ssh2 falls back to pure JavaScript.
    external: dockerodeExternals,
    plugins: [withoutBuildkitSession],
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
