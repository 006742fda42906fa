import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatMetricValue, gateLines, groupDescription, runRow } from '../../../src/extension/experiments/runLabels';

describe('Experiments tree rows', () => {
  it('counts a group\'s runs with thousands separators, and says how many a filter shows', () => {
    assert.equal(groupDescription(3334, 3334, false), '3,334 runs');
    assert.equal(groupDescription(1, 1, false), '1 run');
    assert.equal(groupDescription(69, 3334, true), '69 of 3,334 runs');
    assert.equal(groupDescription(0, 12, true), '0 of 12 runs');
  });

  it('writes metric values in at most three significant digits', () => {
    assert.equal(formatMetricValue(0.9666666), '0.967');
    assert.equal(formatMetricValue(0.9), '0.9');
    assert.equal(formatMetricValue(1), '1');
    assert.equal(formatMetricValue(12.3456), '12.3');
    assert.equal(formatMetricValue(0.05), '0.05');
    assert.equal(formatMetricValue(12345.6), '12,346');
    assert.equal(formatMetricValue(0.000012345), '1.23e-5');
    assert.equal(formatMetricValue(-0.4567), '-0.457');
  });

  it('labels a run with its name and puts the key metric, by its short name, in the description', () => {
    assert.deepEqual(runRow({ name: 'pipeline (lr=0.3)', metrics: { 'test/accuracy': 0.9666666, loss: 0.2 } }, 'test/accuracy'),
      { label: 'pipeline (lr=0.3)', description: 'accuracy 0.967' });
    assert.deepEqual(runRow({ name: 'pipeline', starred: true, metrics: { accuracy: 0.9 } }, 'accuracy'),
      { label: 'pipeline', description: '★ · accuracy 0.9' });
    assert.deepEqual(runRow({ name: 'pipeline', metrics: {} }, undefined), { label: 'pipeline', description: '' });
  });

  it('labels a sweep "sweep ×N" and names the swept params in the description', () => {
    assert.deepEqual(runRow({ name: 'sweep of 6 (train.lr, train.l2)', metrics: {} }, undefined),
      { label: 'sweep ×6', description: 'lr, l2' });
    assert.deepEqual(runRow({ name: 'sweep of 3 (lr)', metrics: { accuracy: 0.95 } }, 'accuracy'),
      { label: 'sweep ×3', description: 'accuracy 0.95 · lr' });
  });
});

describe('a run\'s gates in its tooltip', () => {
  it('lists each gate ✓ or ✗ with the run\'s value, under a heading that says whether they passed', () => {
    assert.deepEqual(gateLines([
      { expression: 'test/accuracy >= 0.9', metric: 'test/accuracy', actual: 0.866667, passed: false },
      { expression: 'test/f1_macro >= 0.85', metric: 'test/f1_macro', actual: 0.878788, passed: true },
      { expression: 'auc > 0.8', metric: 'auc', actual: 'missing', passed: false },
    ]), {
      heading: 'Gates failed: 2 of 3',
      lines: ['✗ test/accuracy >= 0.9: 0.866667', '✓ test/f1_macro >= 0.85: 0.878788', '✗ auc > 0.8: not recorded'],
      passed: false,
    });
    assert.equal(gateLines([{ expression: 'acc >= 0.9', metric: 'acc', actual: 0.9, passed: true }])?.heading, 'Gates passed');
  });

  it('says nothing for a run without stored gates', () => {
    assert.equal(gateLines(undefined), undefined);
    assert.equal(gateLines([]), undefined);
  });
});
