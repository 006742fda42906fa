import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { labelLines, LineBuffer, sweepChildLabel, sweepProgress } from '../../../src/core/runner/sweepOutput';

describe('sweep output: every line says which child wrote it', () => {
  it('labels a child by its number and params', () => {
    assert.equal(sweepChildLabel(2, { 'train.lr': 0.1, 'train.l2': 0 }), '#3 lr=0.1 l2=0');
    assert.equal(sweepChildLabel(0, {}), '#1');
  });

  it('prefixes every line of a child\'s text, and leaves a plain run\'s text alone', () => {
    assert.equal(labelLines('#3 lr=0.1', '[train] epoch 1\n[train] epoch 2\n'), '[#3 lr=0.1] [train] epoch 1\n[#3 lr=0.1] [train] epoch 2\n');
    assert.equal(labelLines('#1', '▶ evaluate: python3 evaluate.py\n'), '[#1] ▶ evaluate: python3 evaluate.py\n');
    assert.equal(labelLines('#1', 'no newline'), '[#1] no newline');
    assert.equal(labelLines(undefined, 'epoch 1\nepo'), 'epoch 1\nepo');
  });

  it('cuts chunks into whole lines, holding a partial line until it ends', () => {
    const lines = new LineBuffer();
    assert.deepEqual(lines.push('epoch 1\nepo'), ['epoch 1\n']);
    assert.deepEqual(lines.push('ch 2\n'), ['epoch 2\n']);
    assert.deepEqual(lines.push('last'), []);
    assert.deepEqual(lines.flush(), ['last\n']);
    assert.deepEqual(lines.flush(), []);
  });

  it('counts finished children for the progress notification', () => {
    assert.equal(sweepProgress(2, 6), '2 of 6 runs done');
    assert.equal(sweepProgress(0, 1), '0 of 1 run done');
  });
});
