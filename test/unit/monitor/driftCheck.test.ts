import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { commandTable } from '../../../src/cli/commandTable';
import { DEFAULT_DRIFT_SETTINGS } from '../../../src/core/monitor/driftReport';
import { PREDICTION_NAME, runDriftCheck } from '../../../src/node/monitor/driftCheck';
import { csv, folderWith } from './driftFiles';
import { normals, rng } from './seededData';

const r = rng(7);
const refRows = normals(r, 400).map((x, i) => [x.toFixed(6), (i % 3 === 0 ? 'a' : 'b'), i % 2 === 0 ? 'yes' : 'no']);
const reference = csv(['age', 'plan', 'label'], refRows);

/** Serving-log lines: requests of 4 rows each, `shift` added to age; outputs all "yes" when shifted, else alternating. */
function servingLog(rows: number, shift: number): string {
  const values = normals(r, rows, shift);
  const lines: string[] = [JSON.stringify({ ts: 't', request_id: 'bad', inputs: null, outputs: null, status: 400 })];
  for (let i = 0; i < rows; i += 4) {
    const inputs = values.slice(i, i + 4).map((age, j) => ({ age, plan: (i + j) % 3 === 0 ? 'a' : 'b' }));
    lines.push(JSON.stringify({ ts: 't', request_id: String(i), inputs, outputs: inputs.map((_, j) => (shift > 0 || j % 2 === 0 ? 'yes' : 'no')), status: 200, latency_ms: 1 }));
  }
  return lines.join('\n') + '\n';
}

describe('drift check on files', () => {
  it('reads the serving log (inputs/outputs per request) and flags the shifted feature and the outputs', async () => {
    const dir = folderWith({ 'ref.csv': reference, 'requests.jsonl': servingLog(400, 1.5) });
    const result = await runDriftCheck({ reference: path.join(dir, 'ref.csv'), live: path.join(dir, 'requests.jsonl'), settings: DEFAULT_DRIFT_SETTINGS, outputColumn: 'label' });
    assert.equal(result.liveRows, 400, `expected 400 rows from 100 requests (the refused one skipped), got ${result.liveRows}`);
    const drifted = result.report.features.filter((f) => f.drifted).map((f) => f.name).sort();
    assert.deepEqual(drifted, [PREDICTION_NAME, 'age'].sort(), `expected age and the outputs to drift, got ${drifted.join(', ')}`);
    assert.equal(result.report.features.find((f) => f.name === 'plan')?.test, 'chi-square');
  });

  it('computes the reference profile once and reuses it while the reference is unchanged', async () => {
    const dir = folderWith({ 'ref.csv': reference, 'live.jsonl': servingLog(200, 0) });
    const cacheDir = path.join(dir, '.mlops', 'drift');
    const options = { reference: path.join(dir, 'ref.csv'), live: path.join(dir, 'live.jsonl'), settings: DEFAULT_DRIFT_SETTINGS, cacheDir, outputColumn: 'label' };
    const first = await runDriftCheck(options);
    const second = await runDriftCheck(options);
    assert.equal(first.profileFromCache, false, 'the first run has no cached profile');
    assert.equal(second.profileFromCache, true, 'expected the second run to reuse the cached profile');
    assert.deepEqual(second.report, first.report, 'the cached profile gives a different report');
    fs.appendFileSync(path.join(dir, 'ref.csv'), '0.5,a,yes\n');
    assert.equal((await runDriftCheck(options)).profileFromCache, false, 'a changed reference must not use the old profile');
  });

  it('mlops drift exits 0 without drift, 1 with drift, 2 on bad input, taking files from monitor:', async () => {
    const dir = folderWith({
      'ref.csv': reference, 'same.jsonl': servingLog(400, 0), 'shifted.jsonl': servingLog(400, 2), 'bad.csv': 'nope\n1\n2\n',
      'mlops.yaml': 'stages: {}\nmonitor:\n  reference: ref.csv\n  live: shifted.jsonl\n  method: ks\n  correction: holm\n  output: label\n',
    });
    const run = async (...args: string[]) => {
      let out = '';
      let err = '';
      const code = await commandTable.drift!.run(args, { out: (t) => (out += t), err: (t) => (err += t), cwd: dir });
      return { code, out, err };
    };
    const drifted = await run();
    assert.equal(drifted.code, 1, `expected exit 1 for the shifted log, got ${drifted.code}: ${drifted.err}`);
    assert.match(drifted.out, /^age\s+ks\s.*DRIFT$/m);
    const json = await run('--current', 'same.jsonl', '--format', 'json');
    assert.equal(json.code, 0, `expected exit 0 for the same law, got ${json.code}: ${json.err}${json.out.slice(0, 300)}`);
    const parsed = JSON.parse(json.out) as { drifted: boolean; settings: { correction: string }; features: { name: string }[] };
    assert.equal(parsed.drifted, false);
    assert.equal(parsed.settings.correction, 'holm');
    const bad = await run('--current', 'bad.csv');
    assert.equal(bad.code, 2, `expected exit 2 for mismatched columns, got ${bad.code}`);
    assert.equal(bad.err, 'mlops drift: The columns do not match: bad.csv lacks "age", "plan" and has "nope" that ref.csv does not.\n');
  });
});
