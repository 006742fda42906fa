// bench/docker part 1: building the iris example's serving image.
//   - a cold build (no cache) through dockerode (dockerize(): context planned, tarred and sent by
//     us) vs `docker build --no-cache` on the same folder, Dockerfile, .dockerignore and labels:
//     medians of N alternating runs, and their ratio (goal <= 1.1);
//   - the build context bytes sent;
//   - the image size added on top of the base (goal <= 5 MB);
//   - a rebuild after a model-only change (re-train with another lr), cache on (goal <= 3 s).
// Everything it creates is labelled mlops.test=bench-docker and removed at the end.
// Usage: node bench/docker.mjs [--runs N]   (builds dist/ first; needs a running engine)
// Base image: MLOPS_BASE_IMAGE, else local/mlops-base:bookworm when present, else python:3.12-slim.
import { spawnSync } from 'node:child_process';
import { cpSync, copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const runsAt = process.argv.indexOf('--runs');
const runs = runsAt >= 0 ? Number(process.argv[runsAt + 1]) : 3;
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs wants a positive whole number, got ${process.argv[runsAt + 1]}`);
const label = 'mlops.test=bench-docker';
const cleanEnv = { ...process.env };
delete cleanEnv.DOCKER_HOST;
delete cleanEnv.DOCKER_CONTEXT;

function sh(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { encoding: 'utf8', env: cleanEnv, maxBuffer: 64 << 20, ...options });
  if (result.status !== 0) throw new Error(`${cmd} ${args.slice(0, 3).join(' ')} failed: ${(result.stderr || result.stdout || '').trim().split('\n').pop()}`);
  return result.stdout.trim();
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
const mb = (bytes) => `${(bytes / 1e6).toFixed(2)} MB`;

sh('node', ['scripts/build.mjs'], { cwd: root });
const require = createRequire(import.meta.url);
const docker = require(join(root, 'dist', 'docker.js'));
const base = process.env.MLOPS_BASE_IMAGE
  ?? (spawnSync('docker', ['image', 'inspect', 'local/mlops-base:bookworm'], { env: cleanEnv }).status === 0 ? 'local/mlops-base:bookworm' : 'python:3.12-slim');

const dir = mkdtempSync(join(tmpdir(), 'mlops-bench-docker-'));
const engine = docker.openEngine({ env: {} });
try {
  cpSync(join(root, 'examples', 'iris'), dir, { recursive: true });
  for (const generated of ['.mlops', 'models', 'metrics', 'data/prepared', 'Dockerfile', '.dockerignore']) rmSync(join(dir, generated), { recursive: true, force: true });
  sh('git', ['init', '-q'], { cwd: dir });
  sh('git', ['add', '-A'], { cwd: dir });
  sh('git', ['-c', 'user.email=bench@example.com', '-c', 'user.name=bench', 'commit', '-qm', 'iris'], { cwd: dir });
  sh('node', [join(root, 'dist', 'cli.js'), 'run'], { cwd: dir });
  const pipelineFile = join(dir, 'mlops.yaml');
  const labels = { 'mlops.test': 'bench-docker' };

  // The first build writes the Dockerfile and .dockerignore the reference build then uses.
  const firstBuild = await docker.dockerize({ engine, pipelineFile, base, labels });
  // The docker CLI sends the folder, so the shipped server must be in it (ours adds it itself).
  copyFileSync(join(root, 'python', 'mlops_serve.py'), join(dir, 'mlops_serve.py'));
  const labelArgs = Object.entries(sh('docker', ['image', 'inspect', '--format', '{{json .Config.Labels}}', firstBuild.tag]) ? JSON.parse(sh('docker', ['image', 'inspect', '--format', '{{json .Config.Labels}}', firstBuild.tag])) : {})
    .filter(([key]) => key.startsWith('mlops.') || key.startsWith('org.opencontainers.'))
    .flatMap(([key, value]) => ['--label', `${key}=${value}`]);

  const ours = [];
  const reference = [];
  for (let i = 0; i < runs; i++) {
    let started = performance.now();
    await docker.dockerize({ engine, pipelineFile, base, labels, noCache: true });
    ours.push(performance.now() - started);
    started = performance.now();
    sh('docker', ['build', '-q', '--no-cache', '--network', 'host', '-t', `${firstBuild.tag}-ref`, ...labelArgs, '--label', label, '.'], { cwd: dir, env: { ...cleanEnv, DOCKER_BUILDKIT: '0' } });
    reference.push(performance.now() - started);
  }
  rmSync(join(dir, 'mlops_serve.py'));

  const size = (ref) => Number(sh('docker', ['image', 'inspect', '--format', '{{.Size}}', ref]));
  const added = size(firstBuild.tag) - size(base);

  sh('node', [join(root, 'dist', 'cli.js'), 'run', '-P', 'train.lr=0.4', '--force'], { cwd: dir });
  const rebuildStarted = performance.now();
  const rebuilt = await docker.dockerize({ engine, pipelineFile, base, labels });
  const rebuildMs = performance.now() - rebuildStarted;

  const ratio = median(ours) / median(reference);
  console.log(`base image: ${base}; ${runs} alternating cold builds each (medians)`);
  console.log(`build context sent: ${firstBuild.contextBytes} bytes (${(firstBuild.contextBytes / 1024).toFixed(1)} KiB)`);
  console.log(`image size added on top of the base: ${mb(added)} (goal <= 5 MB)`);
  console.log(`rebuild after a model-only change (${rebuilt.tag}, cache on): ${seconds(rebuildMs)} (goal <= 3 s)`);
  console.log(`cold builds: ours ${ours.map(seconds).join(', ')}; docker build ${reference.map(seconds).join(', ')}`);
  console.log(`docker: ${seconds(median(ours))} vs docker build ${seconds(median(reference))} = ${ratio.toFixed(2)}×`);
} finally {
  const images = spawnSync('docker', ['images', '-q', '--filter', `label=${label}`], { encoding: 'utf8', env: cleanEnv }).stdout.trim().split('\n').filter(Boolean);
  if (images.length > 0) spawnSync('docker', ['rmi', '-f', ...new Set(images)], { env: cleanEnv });
  rmSync(dir, { recursive: true, force: true });
}
