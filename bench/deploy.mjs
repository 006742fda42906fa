// bench/deploy: serving and switching on the real Docker engine, loopback only.
//   - our server (python/mlops_serve.py) vs the same model behind a bare http.server handler
//     (bench/deploy/bare_server.py, Nagle off too): p50/p99 latency and requests/s, direct
//   - the same through the nginx router vs direct
//   - a blue-green switch under load: how long deploy() takes, when v2 answers first, failed requests
// Each load: LOAD_SECONDS of keep-alive POSTs from WORKERS sequential clients after a warm-up.
// Usage: node bench/deploy.mjs   (builds dist/ when missing; MLOPS_BASE_IMAGE, MLOPS_ROUTER_IMAGE)
import { Buffer } from 'node:buffer';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (!existsSync(join(root, 'dist', 'docker.js'))) spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit', cwd: root });
const docker = createRequire(import.meta.url)(join(root, 'dist', 'docker.js'));

const base = process.env.MLOPS_BASE_IMAGE ?? 'local/mlops-base:bookworm';
process.env.MLOPS_ROUTER_IMAGE ??= base;
const LOAD_SECONDS = 5;
const WORKERS = 2;
const labels = { 'mlops.test': 'bench-deploy' };
const engine = docker.openEngine({ env: {} });
const example = { columns: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'], data: [[1, 1, 1, 1]] };
const model = (bias) => JSON.stringify({ ...JSON.parse(readFileSync(join(root, 'test/fixtures/serving/linear_model.json'), 'utf8')), bias });

async function build(tag, bias) {
  const dockerfile = [
    `FROM ${base}`, 'WORKDIR /app',
    'ENV MLOPS_MODEL_PATH=/app/model.json MLOPS_MODEL_MODULE=/app/flavor.py MLOPS_HOST=127.0.0.1',
    'COPY mlops_serve.py bare_server.py flavor.py model.json /app/',
    'CMD ["python3", "/app/mlops_serve.py"]', '',
  ].join('\n');
  await docker.buildImage({
    engine, tag, dockerfile, labels,
    contextFiles: [
      { path: 'mlops_serve.py', source: join(root, 'python/mlops_serve.py') },
      { path: 'bare_server.py', source: join(root, 'bench/deploy/bare_server.py') },
      { path: 'flavor.py', source: join(root, 'test/fixtures/serving/linear_flavor.py') },
      { path: 'model.json', contents: model(bias) },
    ],
  });
}

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

/** Keep-alive POSTs until stopped; latencies in ms, answers, failures and retried resets. */
function load(port) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: WORKERS });
  const body = JSON.stringify({ dataframe_split: example });
  const result = { latencies: [], answers: [], failed: [], retried: 0, started: performance.now() };
  let stopped = false;
  const one = () => new Promise((resolve) => {
    const t0 = performance.now();
    let answered = false;
    const req = http.request({ host: '127.0.0.1', port, path: '/invocations', method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
      answered = true;
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ ms: performance.now() - t0, status: res.statusCode, text: Buffer.concat(chunks).toString(), at: performance.now() }));
    });
    req.on('error', (e) => resolve({ error: e.message, unanswered: !answered && (e.code === 'ECONNRESET' || e.message === 'socket hang up') }));
    req.end(body);
  });
  const worker = async () => {
    while (!stopped) {
      let r = await one();
      // Reset before any answer (a reload closing the connection): retried, at most twice, counted.
      for (let i = 0; i < 2 && r.error && r.unanswered; i++) { result.retried++; r = await one(); }
      if (r.error || r.status !== 200) { result.failed.push(r.error ?? `HTTP ${r.status}`); continue; }
      result.latencies.push(r.ms);
      result.answers.push({ at: r.at, prediction: JSON.parse(r.text).predictions[0] });
    }
  };
  const done = Promise.all(Array.from({ length: WORKERS }, worker));
  return { result, async stop() { stopped = true; await done; agent.destroy(); result.seconds = (performance.now() - result.started) / 1000; return result; } };
}

async function measure(port) {
  const warm = load(port);
  await sleep(1000);
  await warm.stop();
  const run = load(port);
  await sleep(LOAD_SECONDS * 1000);
  const r = await run.stop();
  const sorted = [...r.latencies].sort((a, b) => a - b);
  const q = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  return { p50: q(0.5), p99: q(0.99), rps: r.latencies.length / r.seconds, failed: r.failed.length, n: r.latencies.length };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const fmt = (m) => `p50 ${m.p50.toFixed(2)} ms  p99 ${m.p99.toFixed(2)} ms  ${Math.round(m.rps)} req/s  (${m.n} requests, ${m.failed} failed)`;

async function runServer(name, cmd, port) {
  const started = await docker.runContainer(engine, { image: 'mlops-bench/deploy:v1', name, labels, env: { MLOPS_PORT: String(port), MLOPS_HOST: '127.0.0.1' }, cmd, restartPolicy: 'no' });
  await docker.waitUntilReady(engine, started.id, { pingUrl: `http://127.0.0.1:${port}/ping`, timeoutMs: 60_000 });
  return started;
}

try {
  await build('mlops-bench/deploy:v1', 0.5);
  await build('mlops-bench/deploy:v2', 1000.5);

  const oursPort = await freePort();
  const ours = await runServer(`mlops-bench-ours-${process.pid}`, undefined, oursPort);
  const oursDirect = await measure(oursPort);
  await docker.removeContainer(engine, ours.id);
  const barePort = await freePort();
  const bare = await runServer(`mlops-bench-bare-${process.pid}`, ['python3', '/app/bare_server.py'], barePort);
  const bareDirect = await measure(barePort);
  await docker.removeContainer(engine, bare.id);
  console.log(`our server, direct:          ${fmt(oursDirect)}`);
  console.log(`bare http.server, direct:    ${fmt(bareDirect)}`);

  const deployment = `bench-${process.pid}`;
  const routerPort = await freePort();
  const common = { engine, model: 'linear', deployment, port: routerPort, example, extraLabels: labels, strategy: 'blue-green' };
  await docker.deploy({ ...common, image: 'mlops-bench/deploy:v1', version: 'v1', run: 'bench-v1' });
  const state = (await docker.listDeployments(engine)).find((d) => d.deployment === deployment);
  const v1Port = state.versions[0].port;
  const viaRouter = await measure(routerPort);
  const direct = await measure(v1Port);
  console.log(`our server, through router:  ${fmt(viaRouter)}`);
  console.log(`our server, direct (same):   ${fmt(direct)}`);

  const client = load(routerPort);
  await sleep(1000);
  const t0 = performance.now();
  await docker.deploy({ ...common, image: 'mlops-bench/deploy:v2', version: 'v2', run: 'bench-v2' });
  const deployMs = performance.now() - t0;
  await sleep(500);
  const switched = await client.stop();
  const firstV2 = switched.answers.find((a) => a.prediction === 2111.5);
  const lastV1 = [...switched.answers].reverse().find((a) => a.prediction === 1111.5);
  console.log(`blue-green switch under load: deploy() ${(deployMs / 1000).toFixed(2)} s (start, health, contract check, reload, drain ${3} s, stop);`
    + ` first v2 answer after ${firstV2 ? ((firstV2.at - t0) / 1000).toFixed(2) : '-'} s, last v1 answer after ${lastV1 ? ((lastV1.at - t0) / 1000).toFixed(2) : '-'} s;`
    + ` ${switched.answers.length} answered, ${switched.failed.length} failed${switched.failed.length ? ` (${switched.failed[0]})` : ''}, ${switched.retried} retried after a reload closed their connection before any answer`);
  await docker.undeploy(engine, deployment);

  console.log(`router overhead, p50: ${viaRouter.p50.toFixed(2)} ms vs ${direct.p50.toFixed(2)} ms = ${(viaRouter.p50 / direct.p50).toFixed(2)}×`);
  console.log(`deploy: serving p50 ${oursDirect.p50.toFixed(2)} ms vs bare http.server ${bareDirect.p50.toFixed(2)} ms = ${(oursDirect.p50 / bareDirect.p50).toFixed(2)}×`);
} finally {
  await docker.removeContainersByLabel(engine, labels);
  await docker.removeImagesByLabel(engine, labels);
}
