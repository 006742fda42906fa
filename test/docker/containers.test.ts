import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { copyFileIntoContainer, execInContainer, streamLogs, type LogSource } from '../../src/node/docker/containerIo';
import { listContainers, removeContainer, runContainer, stopContainer, waitUntilReady, type StartedContainer } from '../../src/node/docker/containers';
import { EngineError } from '../../src/node/docker/engineErrors';
import { baseImage, dockerCli, freePort, localEngine, removeTestObjectsAfter, testLabels, waitFor } from './dockerTestKit';

const engine = localEngine();
removeTestObjectsAfter(engine);

describe('a served container on host networking', () => {
  const labels = { ...testLabels, 'mlops.test.case': 'served', 'mlops.role': 'primary', 'mlops.colour': 'blue' };
  let port = 0;
  let started: StartedContainer;
  before(async () => {
    port = await freePort();
    started = await runContainer(engine, {
      image: baseImage,
      name: `mlops-test-served-${process.pid}`,
      labels,
      env: { MLOPS_TEST_PORT: String(port) },
      cmd: ['sh', '-c', 'mkdir -p /srv && exec python3 -u -m http.server "$MLOPS_TEST_PORT" --bind 127.0.0.1 --directory /srv'],
      healthcheck: { test: ['CMD', 'python3', '-c', `import urllib.request; urllib.request.urlopen("http://127.0.0.1:${port}/")`], intervalMs: 500, timeoutMs: 2000, retries: 20 },
    });
  });

  it('becomes healthy and answers on 127.0.0.1 from the host', async () => {
    assert.equal(await waitUntilReady(engine, started.id, { timeoutMs: 60_000 }), 'healthy');
    const response = await fetch(`http://127.0.0.1:${port}/`);
    assert.equal(response.status, 200);
    assert.equal(dockerCli('inspect', '--format', '{{.HostConfig.NetworkMode}} {{.HostConfig.RestartPolicy.Name}}', started.id), 'host unless-stopped');
  });

  it('is listed by label with its labels, state, health and start time', async () => {
    const listed = await listContainers(engine, { 'mlops.test.case': 'served' });
    assert.equal(listed.length, 1, `expected one container, saw ${listed.map((c) => c.name).join(', ') || 'none'}`);
    const [info] = listed;
    assert.equal(info!.name, started.name);
    assert.equal(info!.labels['mlops.role'], 'primary');
    assert.equal(info!.labels['mlops.colour'], 'blue');
    assert.equal(info!.state, 'running');
    assert.equal(info!.health, 'healthy');
    assert.equal(info!.startedAt, dockerCli('inspect', '--format', '{{.State.StartedAt}}', started.id));
    assert.deepEqual(await listContainers(engine, { 'mlops.test.case': 'served', 'mlops.role': 'canary' }), [], 'a label value that differs should match nothing');
  });

  it('streams its log lines, stdout and stderr apart, until stopped', async () => {
    const lines: [string, LogSource][] = [];
    const logs = await streamLogs(engine, started.id, { onLine: (line, source) => lines.push([line, source]) });
    const probe = `/probe-${process.pid}`;
    await fetch(`http://127.0.0.1:${port}${probe}`);
    await waitFor(`a stderr log line for ${probe}`, () => lines.some(([line, source]) => source === 'stderr' && line.includes(`"GET ${probe} HTTP/1.1" 404`)));
    assert.ok(lines.some(([line, source]) => source === 'stdout' && line === `Serving HTTP on 127.0.0.1 port ${port} (http://127.0.0.1:${port}/) ...`),
      `no stdout line announcing the server; saw ${JSON.stringify(lines.slice(0, 3))}`);
    logs.stop();
    await logs.done;
  });

  it('runs a command inside and returns its exit code and output', async () => {
    const result = await execInContainer(engine, started.id, ['sh', '-c', 'echo to-out; echo to-err >&2; exit 3']);
    assert.deepEqual(result, { exitCode: 3, stdout: 'to-out\n', stderr: 'to-err\n' });
  });

  it('copies a file in, which the container then has and serves', async () => {
    const contents = `upstream primary { server 127.0.0.1:${port}; }\n`;
    await copyFileIntoContainer(engine, started.id, { path: '/srv/router.conf', contents });
    assert.deepEqual(await execInContainer(engine, started.id, ['cat', '/srv/router.conf']), { exitCode: 0, stdout: contents, stderr: '' });
    assert.equal(await (await fetch(`http://127.0.0.1:${port}/router.conf`)).text(), contents);
  });

  it('stops with a grace period, then is removed', async () => {
    await stopContainer(engine, started.id, { graceSeconds: 5 });
    assert.equal(dockerCli('inspect', '--format', '{{.State.Status}}', started.id), 'exited');
    await stopContainer(engine, started.id, { graceSeconds: 5 }); // stopping a stopped one is fine
    assert.equal(await removeContainer(engine, started.id), true);
    assert.deepEqual(await listContainers(engine, { 'mlops.test.case': 'served' }), []);
    assert.equal(await removeContainer(engine, started.id), false, 'removing it again should say it was not there');
  });
});

describe('waiting for containers that do not become ready', () => {
  it('reports a container that exits before it is ready, with its exit code', async () => {
    const { id } = await runContainer(engine, { image: baseImage, labels: testLabels, cmd: ['sh', '-c', 'exit 4'], restartPolicy: 'no' });
    const error = await waitUntilReady(engine, id, { timeoutMs: 60_000, pingUrl: `http://127.0.0.1:${await freePort()}/ping` }).then(
      () => assert.fail('expected waiting to fail'), (e: unknown) => e);
    assert.ok(error instanceof EngineError);
    assert.equal(error.code, 'exited');
    assert.match(error.message, /^The container \S+ stopped \(exit code 4\) before it was ready: see its logs\.$/);
  });

  it('counts a /ping that answers as ready for an image without a healthcheck', async () => {
    const port = await freePort();
    const { id } = await runContainer(engine, { image: baseImage, labels: testLabels, restartPolicy: 'no', cmd: ['python3', '-m', 'http.server', String(port), '--bind', '127.0.0.1'] });
    assert.equal(await waitUntilReady(engine, id, { timeoutMs: 60_000, pingUrl: `http://127.0.0.1:${port}/` }), 'ping');
  });

  it('gives up after its timeout when nothing answers', async () => {
    const { id } = await runContainer(engine, { image: baseImage, labels: testLabels, restartPolicy: 'no', cmd: ['sleep', '300'] });
    const error = await waitUntilReady(engine, id, { timeoutMs: 1500, pingUrl: `http://127.0.0.1:${await freePort()}/ping` }).then(
      () => assert.fail('expected waiting to time out'), (e: unknown) => e);
    assert.ok(error instanceof EngineError);
    assert.equal(error.code, 'timeout');
  });
});
