// The shipped server (python/mlops_serve.py) speaks MLflow's scoring protocol: each request shape,
// each refusal, /version and /metrics, against the real server started with python3.
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { invoke, linearEnv, startServer, waitFor, type Served } from './serveProcess';

// Two iris-like rows and their scores under the linear fixture (0.5 + 1·a + 10·b + 100·c + 1000·d).
const COLUMNS = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'];
const ROW_A = [1, 2, 3, 4];
const ROW_B = [4, 3, 2, 1];
const EXPECTED = [4321.5, 1234.5];
const LIMIT = 1000;

const record = (row: number[]) => Object.fromEntries(COLUMNS.map((c, i) => [c, row[i]]));

/** Sends raw bytes and returns everything the server answers until it closes the connection. */
function rawExchange(served: Served, bytes: string): Promise<string> {
  const port = Number(new URL(served.url).port);
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(bytes));
    let answer = '';
    socket.on('data', (chunk) => { answer += chunk.toString(); });
    socket.on('end', () => { socket.destroy(); resolve(answer); });
    socket.on('error', reject);
  });
}

describe('mlops_serve: the scoring protocol', () => {
  let served: Served;
  before(async () => {
    served = await startServer({
      ...linearEnv(), MLOPS_MAX_BODY_BYTES: String(LIMIT),
      MLOPS_MODEL_NAME: 'iris-classifier', MLOPS_MODEL_VERSION: '3', MLOPS_RUN_ID: 'run-42', MLOPS_GIT_COMMIT: 'abc1234',
    });
  });
  after(() => served?.kill());

  it('answers every JSON shape and CSV with the same predictions', async () => {
    // Columns in another order than the model's, to show values are matched by name.
    const shuffled = ['petal_width', 'sepal_length', 'petal_length', 'sepal_width'];
    const bodies: Record<string, unknown> = {
      'dataframe_split': { dataframe_split: { columns: shuffled, data: [[4, 1, 3, 2], [1, 4, 2, 3]] } },
      'dataframe_split with index': { dataframe_split: { columns: COLUMNS, index: [10, 11], data: [ROW_A, ROW_B] } },
      'dataframe_split without columns': { dataframe_split: { data: [ROW_A, ROW_B] } },
      'dataframe_records': { dataframe_records: [record(ROW_A), record(ROW_B)] },
      'instances as lists': { instances: [ROW_A, ROW_B] },
      'instances as objects': { instances: [record(ROW_A), record(ROW_B)] },
      'inputs as a list': { inputs: [ROW_A, ROW_B] },
      'inputs as columns': { inputs: { sepal_length: [1, 4], sepal_width: [2, 3], petal_length: [3, 2], petal_width: [4, 1] } },
    };
    for (const [shape, body] of Object.entries(bodies)) {
      const answer = await invoke(served, body);
      assert.equal(answer.status, 200, `${shape}: expected 200, got ${answer.status} ${answer.text}`);
      assert.deepEqual(answer.body, { predictions: EXPECTED }, `${shape}: expected predictions ${JSON.stringify(EXPECTED)}, got ${answer.text}`);
    }
    const csv = await invoke(served, `${COLUMNS.join(',')}\n${ROW_A.join(',')}\n${ROW_B.join(',')}\n`, 'text/csv');
    assert.deepEqual(csv.body, { predictions: EXPECTED }, `CSV: expected predictions ${JSON.stringify(EXPECTED)}, got ${csv.status} ${csv.text}`);
  });

  it('passes params to a predict() that takes them', async () => {
    const answer = await invoke(served, { dataframe_records: [record(ROW_A)], params: { offset: 1 } });
    assert.deepEqual(answer.body, { predictions: [4322.5] }, `expected 4322.5 with offset 1, got ${answer.text}`);
  });

  it('answers 400 BAD_REQUEST to a body that is not JSON', async () => {
    const answer = await invoke(served, '{"instances": [', 'application/json');
    assert.equal(answer.status, 400, `expected 400, got ${answer.status} ${answer.text}`);
    assert.equal(answer.body.error_code, 'BAD_REQUEST');
    assert.match(answer.body.message ?? '', /not valid JSON/);
  });

  it('answers 415 to a content type other than JSON or CSV, naming both', async () => {
    const answer = await invoke(served, 'sepal_length=1', 'application/x-www-form-urlencoded');
    assert.equal(answer.status, 415, `expected 415, got ${answer.status} ${answer.text}`);
    assert.match(answer.body.message ?? '', /application\/json.*text\/csv/);
  });

  it('answers 422 INVALID_PARAMETER_VALUE naming the field of a wrong shape', async () => {
    const cases: [unknown, string][] = [
      [{ dataframe_split: { columns: COLUMNS, data: 'rows' } }, 'dataframe_split.data must be a list of rows'],
      [{ dataframe_split: { columns: COLUMNS, data: [ROW_A, 5] } }, 'dataframe_split.data[1] must be a list of values'],
      [{ dataframe_records: [record(ROW_A), { sepal_length: 1, sepal_width: 2, petal_length: 3 }] }, 'dataframe_records[1] has no value for petal_width'],
      [{ instances: [[1, 2, 3]] }, 'instances[0] has 3 values but the model expects 4'],
      [{ inputs: { sepal_length: [1, 2], sepal_width: 2 } }, 'inputs.sepal_width must be a list of values'],
      [{ data: [ROW_A] }, 'exactly one of the fields dataframe_split, dataframe_records, instances, inputs'],
      [{ instances: [ROW_A], params: [1] }, 'params must be an object'],
    ];
    for (const [body, field] of cases) {
      const answer = await invoke(served, body);
      assert.equal(answer.status, 422, `${JSON.stringify(body)}: expected 422, got ${answer.status} ${answer.text}`);
      assert.equal(answer.body.error_code, 'INVALID_PARAMETER_VALUE');
      assert.ok(answer.body.message?.includes(field), `expected a message with "${field}", got ${JSON.stringify(answer.body.message)}`);
    }
  });

  it('answers 413 with the limit in the message for a body over the limit', async () => {
    const big = { instances: Array.from({ length: 100 }, () => ROW_A) };
    assert.ok(JSON.stringify(big).length > LIMIT);
    const answer = await invoke(served, big);
    assert.equal(answer.status, 413, `expected 413, got ${answer.status} ${answer.text}`);
    assert.match(answer.body.message ?? '', new RegExp(`limit of ${LIMIT} bytes`), `the message should state the limit: ${answer.text}`);
    // The server still answers afterwards.
    assert.equal((await invoke(served, { instances: [ROW_A] })).status, 200);
  });

  // The timeout only turns a hang into a failure: the server would wait for the body forever.
  it('refuses a too-large Content-Length before the body arrives', { timeout: 30_000 }, async () => {
    // No body is ever sent: a server that tried to read it first would never answer.
    const answer = await rawExchange(served, 'POST /invocations HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 1000000000\r\n\r\n');
    assert.match(answer, /^HTTP\/1\.1 413 /, `expected a 413 status line, got ${JSON.stringify(answer.slice(0, 80))}`);
    assert.match(answer, new RegExp(`limit of ${LIMIT} bytes`));
  });

  it('caps a chunked body at the limit too', async () => {
    const chunk = 'x'.repeat(600);
    const chunks = [chunk, chunk, chunk].map((c) => `${c.length.toString(16)}\r\n${c}\r\n`).join('');
    const answer = await rawExchange(served, `POST /invocations HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n${chunks}0\r\n\r\n`);
    assert.match(answer, /^HTTP\/1\.1 413 /, `expected a 413 status line, got ${JSON.stringify(answer.slice(0, 80))}`);
  });

  it('answers a chunked body under the limit', async () => {
    const body = JSON.stringify({ instances: [ROW_A] });
    const answer = await rawExchange(served, `POST /invocations HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`);
    assert.match(answer, /^HTTP\/1\.1 200 /, `expected 200, got ${JSON.stringify(answer.slice(0, 80))}`);
    assert.ok(answer.endsWith('{"predictions": [4321.5]}'), `expected the prediction, got ${JSON.stringify(answer.slice(-60))}`);
  });

  it('answers 500 with one sentence, no traceback, when predict() fails, and logs the traceback', async () => {
    const answer = await invoke(served, { dataframe_records: [{ ...record(ROW_A), sepal_width: 'wide' }] }, 'application/json', { 'X-Request-Id': 'fails-1' });
    assert.equal(answer.status, 500, `expected 500, got ${answer.status} ${answer.text}`);
    assert.equal(answer.body.error_code, 'INTERNAL_ERROR');
    const message = answer.body.message ?? '';
    assert.match(message, /^The model failed to predict \(ValueError: sepal_width is not a number: 'wide'\)\.$/, `got ${JSON.stringify(message)}`);
    assert.ok(!/Traceback|File "/.test(answer.text), `the answer leaks a traceback: ${answer.text.slice(0, 120)}`);
    await waitFor('did not log the traceback of request fails-1', served, () => /request fails-1: predict\(\) failed\nTraceback/.test(served.stderr()) || undefined);
  });

  it('answers /version from the environment', async () => {
    const response = await fetch(`${served.url}/version`);
    assert.deepEqual(await response.json(), { model: 'iris-classifier', version: '3', run: 'run-42', commit: 'abc1234' });
  });

  it('answers /health and an unknown path as JSON', async () => {
    const health = await fetch(`${served.url}/health`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: 'ok' });
    const missing = await fetch(`${served.url}/predict`);
    assert.equal(missing.status, 404);
    assert.equal(((await missing.json()) as { error_code: string }).error_code, 'ENDPOINT_NOT_FOUND');
  });

  it('counts requests and errors in /metrics, with a well-formed latency histogram', async () => {
    const scrape = async () => {
      const response = await fetch(`${served.url}/metrics`);
      assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
      return response.text();
    };
    const value = (text: string, series: string) => {
      const line = text.split('\n').find((l) => l.startsWith(`${series} `));
      return line === undefined ? 0 : Number(line.slice(series.length + 1));
    };
    const before = await scrape();
    for (let i = 0; i < 3; i++) await invoke(served, { instances: [ROW_A] });
    await invoke(served, { instances: 'none' });
    const text = await scrape();

    const ok = 'mlops_requests_total{path="/invocations",code="200"}';
    const refused = 'mlops_requests_total{path="/invocations",code="422"}';
    assert.equal(value(text, ok) - value(before, ok), 3, `${ok} should grow by 3`);
    assert.equal(value(text, refused) - value(before, refused), 1, `${refused} should grow by 1`);
    const errors = 'mlops_request_errors_total{path="/invocations"}';
    assert.equal(value(text, errors) - value(before, errors), 1, `${errors} should grow by 1`);
    assert.equal(value(text, 'mlops_requests_in_progress'), 1, 'only the scrape itself is in progress');
    assert.match(text, /^mlops_model_info\{model="iris-classifier",version="3",run="run-42",commit="abc1234"\} 1$/m);

    // Exposition format: every line is a comment or `name{labels} value`.
    for (const line of text.trimEnd().split('\n')) {
      assert.match(line, /^(# (HELP|TYPE) \w+ .+|[a-z_]+(\{[a-z_]+="[^"]*"(,[a-z_]+="[^"]*")*\})? -?[0-9.e+-]+)$/, `not Prometheus text: ${line}`);
    }
    assert.match(text, /^# TYPE mlops_request_duration_seconds histogram$/m);
    const buckets = [...text.matchAll(/^mlops_request_duration_seconds_bucket\{le="([^"]+)"\} (\d+)$/gm)].map((m) => [m[1], Number(m[2])] as const);
    assert.ok(buckets.length >= 2, 'expected histogram buckets');
    assert.equal(buckets.at(-1)?.[0], '+Inf', 'the last bucket is le="+Inf"');
    for (let i = 1; i < buckets.length; i++) {
      assert.ok(Number(buckets[i]![0]) > Number(buckets[i - 1]![0]) || buckets[i]![0] === '+Inf', `bucket bounds out of order at ${buckets[i]![0]}`);
      assert.ok(buckets[i]![1] >= buckets[i - 1]![1], `buckets are not cumulative at le=${buckets[i]![0]}`);
    }
    const count = value(text, 'mlops_request_duration_seconds_count');
    assert.equal(buckets.at(-1)?.[1], count, 'the +Inf bucket equals _count');
    assert.equal(count - value(before, 'mlops_request_duration_seconds_count'), 4, '_count should grow by the 4 invocations');
    assert.ok(value(text, 'mlops_request_duration_seconds_sum') > value(before, 'mlops_request_duration_seconds_sum'), '_sum should grow');
  });
});
