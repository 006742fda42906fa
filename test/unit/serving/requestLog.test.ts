// The shipped server's request log: one JSON line per /invocations request, rotated by size.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { fixtures, invoke, linearEnv, startServer, tempDir, waitFor, type Served } from './serveProcess';

interface LogLine { ts: string; request_id: string; inputs: unknown; outputs: unknown; status: number; latency_ms: number }

const readLines = (file: string): LogLine[] =>
  fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as LogLine) : [];

describe('mlops_serve: the request log', () => {
  const servers: Served[] = [];
  after(() => servers.forEach((s) => s.kill()));

  it('appends each request with its inputs as rows, outputs, request id, status and latency', async () => {
    const file = path.join(tempDir(), 'logs', 'requests.jsonl');
    const served = await startServer({ ...linearEnv(), MLOPS_REQUEST_LOG: file });
    servers.push(served);
    const answer = await invoke(served, { instances: [[1, 2, 3, 4]] }, 'application/json', { 'X-Request-Id': 'log-1' });
    assert.equal(answer.headers.get('x-request-id'), 'log-1', 'the answer echoes X-Request-Id');
    await invoke(served, { instances: 'none' }, 'application/json', { 'X-Request-Id': 'log-2' });
    const unnamed = await invoke(served, { instances: [[4, 3, 2, 1]] });

    const lines = await waitFor('did not log 3 lines', served, () => { const l = readLines(file); return l.length >= 3 ? l : undefined; });
    const [first, second, third] = lines;
    assert.deepEqual(
      { request_id: first?.request_id, inputs: first?.inputs, outputs: first?.outputs, status: first?.status },
      // List rows are named by the model's FEATURES.
      { request_id: 'log-1', inputs: [{ sepal_length: 1, sepal_width: 2, petal_length: 3, petal_width: 4 }], outputs: [4321.5], status: 200 },
    );
    assert.match(first?.ts ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/, `ts is not ISO-8601: ${first?.ts}`);
    assert.equal(typeof first?.latency_ms, 'number');
    assert.deepEqual({ id: second?.request_id, status: second?.status, inputs: second?.inputs }, { id: 'log-2', status: 422, inputs: null });
    const generated = unnamed.headers.get('x-request-id');
    assert.match(generated ?? '', /^[0-9a-f]{32}$/, 'a request without X-Request-Id gets a generated one');
    assert.equal(third?.request_id, generated, 'the generated id is the one in the log');
  });

  it('names list rows "0", "1", … when the module declares no FEATURES', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'requests.jsonl');
    const gate = path.join(dir, 'model-ready');
    fs.writeFileSync(gate, '');
    const served = await startServer({ MLOPS_MODEL_MODULE: path.join(fixtures, 'echo_flavor.py'), MLOPS_MODEL_PATH: gate, MLOPS_REQUEST_LOG: file });
    servers.push(served);
    const answer = await invoke(served, { dataframe_split: { data: [[7, 8]] } });
    assert.deepEqual(answer.body, { predictions: [['0', '1']] }, `got ${answer.text}`);
    const [line] = await waitFor('did not log the request', served, () => { const l = readLines(file); return l.length ? l : undefined; });
    assert.deepEqual(line?.inputs, [{ 0: 7, 1: 8 }]);
  });

  it('rotates at the size cap and keeps only the configured number of old files', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'requests.jsonl');
    const maxBytes = 1200;
    const served = await startServer({ ...linearEnv(), MLOPS_REQUEST_LOG: file, MLOPS_REQUEST_LOG_MAX_BYTES: String(maxBytes), MLOPS_REQUEST_LOG_KEEP: '2' });
    servers.push(served);
    const total = 30;
    for (let i = 0; i < total; i++) {
      const answer = await invoke(served, { instances: [[i, 0, 0, 0]] }, 'application/json', { 'X-Request-Id': `rot-${i}` });
      assert.equal(answer.status, 200);
    }
    await waitFor(`did not log rot-${total - 1}`, served, () => readLines(file).some((l) => l.request_id === `rot-${total - 1}`) || undefined);

    assert.deepEqual(fs.readdirSync(dir).sort(), ['requests.jsonl', 'requests.jsonl.1', 'requests.jsonl.2'], 'expected the log and exactly 2 rotated files');
    for (const name of fs.readdirSync(dir)) {
      const size = fs.statSync(path.join(dir, name)).size;
      assert.ok(size <= maxBytes, `${name} is ${size} bytes, over the ${maxBytes}-byte cap`);
    }
    // Oldest to newest: .2, .1, then the live file; ids consecutive up to the last request, the oldest dropped.
    const ids = [`${file}.2`, `${file}.1`, file].flatMap((f) => readLines(f).map((l) => Number(l.request_id.slice(4))));
    assert.ok(ids.length < total && ids.length > 2, `expected the oldest lines dropped, found ${ids.length} of ${total}`);
    assert.deepEqual(ids, Array.from({ length: ids.length }, (_, i) => total - ids.length + i), `ids out of order: ${ids.join(',')}`);
  });
});
