// The shipped server's lifecycle: loading, keep-alive, graceful stop on SIGTERM, startup errors.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { fixtures, invoke, linearEnv, serverScript, startServer, tempDir, waitFor, type Served } from './serveProcess';

const echoEnv = (modelPath: string) => ({ MLOPS_MODEL_MODULE: path.join(fixtures, 'echo_flavor.py'), MLOPS_MODEL_PATH: modelPath });

describe('mlops_serve: lifecycle', () => {
  const servers: Served[] = [];
  after(() => servers.forEach((s) => s.kill()));

  it('answers 503 on /ping, /health and /invocations while the model loads, then 200', async () => {
    const gate = path.join(tempDir(), 'model-ready'); // the echo module's load() waits for this file
    const served = await startServer(echoEnv(gate), { waitReady: false });
    servers.push(served);
    assert.equal((await fetch(`${served.url}/ping`)).status, 503, '/ping while loading');
    const health = await fetch(`${served.url}/health`);
    assert.deepEqual({ status: health.status, body: await health.json() }, { status: 503, body: { status: 'loading' } });
    const early = await invoke(served, { instances: [[1]] });
    assert.deepEqual({ status: early.status, code: early.body.error_code }, { status: 503, code: 'TEMPORARILY_UNAVAILABLE' });

    fs.writeFileSync(gate, '');
    await waitFor('/ping never turned 200 after the model loaded', served, async () => ((await fetch(`${served.url}/ping`)).status === 200 ? true : undefined));
    assert.deepEqual(await (await fetch(`${served.url}/health`)).json(), { status: 'ok' });
  });

  it('keeps the connection alive between requests (HTTP/1.1)', async () => {
    const served = await startServer(linearEnv());
    servers.push(served);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const post = () => new Promise<{ reused: boolean; body: string }>((resolve, reject) => {
      const request = http.request(`${served.url}/invocations`, { method: 'POST', agent, headers: { 'Content-Type': 'application/json' } }, (response) => {
        let body = '';
        response.on('data', (c: Buffer) => { body += c.toString(); });
        response.on('end', () => resolve({ reused: request.reusedSocket, body }));
      });
      request.on('error', reject);
      request.end(JSON.stringify({ instances: [[1, 2, 3, 4]] }));
    });
    try {
      const first = await post();
      const second = await post();
      assert.equal(first.body, '{"predictions": [4321.5]}');
      assert.equal(second.body, '{"predictions": [4321.5]}');
      assert.equal(second.reused, true, 'the second request should reuse the first one\'s connection');
    } finally {
      agent.destroy();
    }
  });

  it('on SIGTERM finishes the request in flight, then exits 0', async () => {
    const dir = tempDir();
    const ready = path.join(dir, 'model-ready');
    fs.writeFileSync(ready, '');
    const release = path.join(dir, 'release'); // predict() waits for this file
    const served = await startServer(echoEnv(ready));
    servers.push(served);
    const inFlight = invoke(served, { dataframe_records: [{ wait_for: release }] });
    await waitFor('predict() never started', served, () => fs.existsSync(`${release}.started`) || undefined);

    served.proc.kill('SIGTERM');
    await waitFor('did not wait for the request in flight after SIGTERM', served, () => /waiting for 1 request\(s\) in flight/.test(served.stderr()) || undefined);
    fs.writeFileSync(release, '');
    const answer = await inFlight;
    assert.deepEqual({ status: answer.status, body: answer.body }, { status: 200, body: { predictions: [['wait_for']] } });
    assert.deepEqual(await served.exited, { code: 0, signal: null }, 'the server should exit 0 after SIGTERM');
  });

  it('stops with exit code 1 and says why when the module breaks the flavor contract', () => {
    // The timeout only turns a server that keeps running into a failure.
    const result = spawnSync('python3', [serverScript], {
      env: { PATH: process.env.PATH, MLOPS_HOST: '127.0.0.1', MLOPS_PORT: '0', MLOPS_REQUEST_LOG: '', MLOPS_MODEL_MODULE: path.join(fixtures, 'no_predict_flavor.py') },
      encoding: 'utf8', timeout: 30_000,
    });
    assert.equal(result.status, 1, `expected exit code 1, got ${result.status}`);
    assert.match(result.stderr.trim().split('\n').pop() ?? '', /^mlops_serve: could not load the model: RuntimeError: .*no_predict_flavor\.py has no predict\(\) function/);
  });

  it('refuses to start without a model module, in one line', () => {
    const result = spawnSync('python3', [serverScript], { env: { PATH: process.env.PATH, MLOPS_MODEL_MODULE: path.join(tempDir(), 'missing.py') }, encoding: 'utf8' });
    assert.equal(result.status, 2, `expected exit code 2, got ${result.status}`);
    const lines = result.stderr.trim().split('\n');
    assert.equal(lines.length, 1, `expected one line on stderr, got ${lines.length}`);
    assert.match(lines[0] ?? '', /^mlops_serve: the model module .*missing\.py does not exist$/);
  });
});
