import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_DRIFT_SETTINGS } from '../../../src/core/monitor/driftReport';
import { DriftInputError } from '../../../src/core/monitor/driftInputError';
import { runDriftCheck } from '../../../src/node/monitor/driftCheck';
import { csv, folderWith } from './driftFiles';

const good = csv(['x', 'color'], [[1, 'red'], [2, 'blue'], [3, 'red'], [4, 'green']]);

async function refusal(files: Record<string, string>): Promise<DriftInputError> {
  const dir = folderWith(files);
  try {
    await runDriftCheck({ reference: path.join(dir, 'ref.csv'), live: path.join(dir, files['live.csv'] !== undefined ? 'live.csv' : 'live.jsonl'), shownReference: 'ref.csv', shownLive: 'live', settings: DEFAULT_DRIFT_SETTINGS });
  } catch (error) {
    assert.ok(error instanceof DriftInputError, `expected a DriftInputError, got ${String(error)}`);
    assert.ok(/^[^\n]+\.$/.test(error.message), `expected one sentence, got: ${error.message}`);
    return error;
  }
  assert.fail('expected the check to refuse the input, but it produced a report');
}

describe('drift check: bad input gets one sentence each', () => {
  it('an empty reference file', async () => {
    const e = await refusal({ 'ref.csv': '', 'live.csv': good });
    assert.equal(e.code, 'EMPTY_FILE', e.message);
    assert.match(e.message, /ref\.csv has no data rows/);
  });
  it('a live file with a header only', async () => {
    const e = await refusal({ 'ref.csv': good, 'live.csv': 'x,color\n' });
    assert.equal(e.code, 'EMPTY_FILE', e.message);
    assert.match(e.message, /live has no data rows/);
  });
  it('a 1-row sample', async () => {
    const e = await refusal({ 'ref.csv': good, 'live.csv': csv(['x', 'color'], [[1, 'red']]) });
    assert.equal(e.code, 'TOO_FEW_ROWS', e.message);
    assert.match(e.message, /only 1 row/);
  });
  it('mismatched columns', async () => {
    const e = await refusal({ 'ref.csv': good, 'live.csv': csv(['x', 'colour'], [[1, 'red'], [2, 'red']]) });
    assert.equal(e.code, 'COLUMN_MISMATCH', e.message);
    assert.equal(e.message, 'The columns do not match: live lacks "color" and has "colour" that ref.csv does not.');
  });
  it('NaN in a numeric column', async () => {
    const e = await refusal({ 'ref.csv': csv(['x'], [[1], ['NaN'], [3]]), 'live.csv': csv(['x'], [[1], [2]]) });
    assert.equal(e.code, 'NAN_VALUE', e.message);
    assert.equal(e.message, 'Column "x" of ref.csv has a missing or NaN value at row 2; drop or fill such rows first.');
  });
  it('a non-numeric value in a numeric column', async () => {
    const e = await refusal({ 'ref.csv': good, 'live.csv': csv(['x', 'color'], [[1, 'red'], ['abc', 'red']]) });
    assert.equal(e.code, 'NOT_NUMERIC', e.message);
    assert.equal(e.message, 'Column "x" is numeric in the reference but row 2 of live has "abc".');
  });
  it('a line that is not JSON', async () => {
    const e = await refusal({ 'ref.csv': good, 'live.jsonl': '{"x": 1, "color": "red"}\n{"x": 2,\n' });
    assert.equal(e.code, 'BAD_LINE', e.message);
    assert.match(e.message, /Line 2 of .* is not valid JSON/);
  });
  it('a constant column is a note, and the rest of the report is computed', async () => {
    const dir = folderWith({ 'ref.csv': csv(['k', 'x'], [[5, 1], [5, 2], [5, 3]]), 'live.csv': csv(['k', 'x'], [[5, 1], [5, 2], [5, 3]]) });
    const { report } = await runDriftCheck({ reference: path.join(dir, 'ref.csv'), live: path.join(dir, 'live.csv'), settings: DEFAULT_DRIFT_SETTINGS });
    const k = report.features.find((f) => f.name === 'k');
    assert.ok(k?.notes.some((n) => n.startsWith('constant in the reference')), `expected a constant-column note on k, got ${JSON.stringify(k?.notes)}`);
    assert.equal(report.features.length, 2);
    assert.equal(report.drifted, false);
  });
});
