import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkGates, describeFailingGates, evaluateGates, runGateResult } from '../../../src/core/deploy/gateCheck';

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

describe('gate outcomes stored with a run', () => {
  it('lists every gate with its metric, the run\'s value and whether it held', () => {
    assert.deepEqual(evaluateGates(['test/accuracy >= 0.9', 'test/f1_macro >= 0.85'], { 'test/accuracy': 0.866667, 'test/f1_macro': 0.878788 }), [
      { expression: 'test/accuracy >= 0.9', metric: 'test/accuracy', actual: 0.866667, passed: false },
      { expression: 'test/f1_macro >= 0.85', metric: 'test/f1_macro', actual: 0.878788, passed: true },
    ]);
  });

  it('stores an unrecorded or non-finite metric as "missing", failing its gate', () => {
    assert.deepEqual(evaluateGates([{ metric: 'auc', op: '>', value: 0.8 }, { metric: 'loss', op: '<', value: 1 }], { loss: NaN }), [
      { expression: 'auc > 0.8', metric: 'auc', actual: 'missing', passed: false },
      { expression: 'loss < 1', metric: 'loss', actual: 'missing', passed: false },
    ]);
  });

  it('prefers the stored result while the gates are the same, and judges again once they changed', () => {
    // The stored outcome says failed although the metrics pass: only a stored result can say that.
    const run = { metrics: { acc: 0.95 }, gates: [{ expression: 'acc >= 0.9', metric: 'acc', actual: 0.5, passed: false }] };
    assert.deepEqual(runGateResult(['acc >= 0.9'], run), { passed: false, failing: [{ expression: 'acc >= 0.9', actual: 0.5 }] });
    assert.deepEqual(runGateResult([{ metric: 'acc', op: '>=', value: 0.99 }], run), { passed: false, failing: [{ expression: 'acc >= 0.99', actual: 0.95 }] });
    assert.deepEqual(runGateResult(['acc >= 0.9'], { metrics: { acc: 0.95 } }), { passed: true, failing: [] }, 'a run without stored gates is judged now');
  });
});
