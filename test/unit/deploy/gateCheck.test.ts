import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkGates, describeFailingGates } from '../../../src/core/deploy/gateCheck';

describe('gate check', () => {
  it('passes when every gate holds on the final metrics', () => {
    assert.deepEqual(checkGates(['test/accuracy >= 0.9', 'test/f1_macro >= 0.85'], { 'test/accuracy': 0.93, 'test/f1_macro': 0.9 }),
      { passed: true, failing: [] });
  });

  it('lists each failing gate with the value the run had', () => {
    const result = checkGates(['test/accuracy >= 0.9', 'loss < 0.2', 'latency_ms <= 5'], { 'test/accuracy': 0.85, loss: 0.1, latency_ms: 7 });
    assert.deepEqual(result, { passed: false, failing: [
      { expression: 'test/accuracy >= 0.9', actual: 0.85 },
      { expression: 'latency_ms <= 5', actual: 7 },
    ] });
    assert.equal(describeFailingGates(result.failing), 'test/accuracy >= 0.9 (was 0.85), latency_ms <= 5 (was 7)');
  });

  it('fails a gate whose metric the run did not record', () => {
    assert.deepEqual(checkGates(['auc > 0.8'], { accuracy: 1 }), { passed: false, failing: [{ expression: 'auc > 0.8', actual: undefined }] });
    assert.equal(describeFailingGates([{ expression: 'auc > 0.8', actual: undefined }]), 'auc > 0.8 (not recorded)');
  });

  it('applies each operator at its boundary', () => {
    const at = (op: string) => checkGates([`m ${op} 1`], { m: 1 }).passed;
    assert.deepEqual(['>=', '>', '<=', '<', '==', '!='].map(at), [true, false, true, false, true, false]);
  });

  it('takes gates parsed by the pipeline model too, and fails a gate that does not parse', () => {
    assert.equal(checkGates([{ metric: 'acc', op: '>', value: 0.5 }], { acc: 0.6 }).passed, true);
    assert.deepEqual(checkGates(['acc => 0.5'], { acc: 0.6 }), { passed: false, failing: [{ expression: 'acc => 0.5', actual: undefined }] });
  });

  it('passes a pipeline without gates', () => {
    assert.deepEqual(checkGates([], {}), { passed: true, failing: [] });
  });
});
