import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RunInfo } from '../../../webview-ui/compare/protocol';
import { bestRunIds, compareSummary, formatNumber, gateCell, hasGateColumn, metricColumns, metricGoal, paramColumns, sortRuns } from '../../../webview-ui/compare/tables';

const run = (id: string, finalMetrics: RunInfo['finalMetrics'], params: RunInfo['params'] = {}): RunInfo => ({
  id, name: id, experiment: 'e', colour: '#3a85e0', status: 'finished', params, finalMetrics,
  isSweepChild: true, parentId: 'sweep', startTime: null,
});

describe('metricGoal', () => {
  it('minimises losses, errors, latencies and times; maximises the rest', () => {
    for (const m of ['loss', 'val_loss', 'eval/mse', 'RMSE', 'p99LatencyMs', 'train-time', 'error_rate', 'perplexity', 'wer']) {
      assert.equal(metricGoal(m), 'minimize', m);
    }
    for (const m of ['accuracy', 'val_acc', 'f1', 'auc', 'reward', 'lossless_ratio', 'episode_reward_mean']) {
      assert.equal(metricGoal(m), 'maximize', m);
    }
  });

  it('lets the host’s goal win over the name', () => {
    assert.equal(metricGoal('loss', 'maximize'), 'maximize');
    assert.equal(metricGoal('score', 'minimize'), 'minimize');
  });
});

describe('bestRunIds', () => {
  const runs = [run('a', { loss: 0.3, acc: 0.9 }), run('b', { loss: 0.1, acc: 0.95 }), run('c', { loss: 0.1, acc: null }), run('d', {})];

  it('picks the best per goal and every run on a tie', () => {
    assert.deepEqual([...bestRunIds(runs, 'loss', 'minimize')].sort(), ['b', 'c']);
    assert.deepEqual([...bestRunIds(runs, 'acc', 'maximize')], ['b']);
  });

  it('ignores missing and null values, and never reads inherited keys', () => {
    assert.deepEqual([...bestRunIds(runs, 'f1', 'maximize')], []);
    assert.deepEqual([...bestRunIds(runs, 'constructor', 'maximize')], []);
    assert.deepEqual([...bestRunIds([], 'loss', 'minimize')], []);
  });
});

describe('paramColumns', () => {
  const runs = [
    run('a', {}, { lr: '0.1', batch: 32, seed: 42, opt: 'adam' }),
    run('b', {}, { lr: 0.01, batch: 32, seed: 42, opt: 'adam', warmup: true }),
    run('c', {}, { lr: '0.01', batch: 32, seed: 42, opt: 'adam' }),
  ];
  const names = ['batch', 'lr', 'opt', 'seed', 'warmup'];

  it('shows only params that differ; a param some runs lack differs', () => {
    assert.deepEqual(paramColumns(runs, names, false), ['lr', 'warmup']);
  });

  it('treats 0.01 and "0.01" as the same setting', () => {
    assert.deepEqual(paramColumns(runs.slice(1), names, false), ['warmup']);
  });

  it('shows everything with showAll, and nothing differs for a single run', () => {
    assert.deepEqual(paramColumns(runs, names, true), names);
    assert.deepEqual(paramColumns(runs.slice(0, 1), names, false), []);
  });
});

describe('formatNumber', () => {
  it('keeps integers, rounds to 5 significant digits, uses exponents at the extremes', () => {
    assert.equal(formatNumber(42), '42');
    assert.equal(formatNumber(0.123456789), '0.12346');
    assert.equal(formatNumber(1234.56789), '1234.6');
    assert.equal(formatNumber(0.00001234), '1.234e-5');
    assert.equal(formatNumber(3e12), '3e+12');
    assert.equal(formatNumber(0), '0');
    assert.equal(formatNumber(NaN), 'NaN');
  });
});

describe('sortRuns', () => {
  const runs = [run('r10', { loss: 0.2 }, { lr: '0.1' }), run('r2', { loss: 0.1 }, { lr: '0.01' }), run('r1', {}, { lr: 'auto' })];

  it('sorts names naturally', () => {
    assert.deepEqual(sortRuns(runs, { kind: 'name' }, false).map((r) => r.id), ['r1', 'r2', 'r10']);
  });

  it('puts the best value first for a metric and runs without a value last, either direction', () => {
    assert.deepEqual(sortRuns(runs, { kind: 'metric', name: 'loss' }, false, 'minimize').map((r) => r.id), ['r2', 'r10', 'r1']);
    assert.deepEqual(sortRuns(runs, { kind: 'metric', name: 'loss' }, true, 'minimize').map((r) => r.id), ['r10', 'r2', 'r1']);
  });

  it('sorts numeric params as numbers', () => {
    assert.deepEqual(sortRuns(runs.slice(0, 2), { kind: 'param', name: 'lr' }, false).map((r) => r.id), ['r2', 'r10']);
  });
});

describe('metricColumns and the header summary', () => {
  it('counts in the header exactly the metrics the Metrics table lists', () => {
    // The iris example: per-epoch charts of train/loss and train/accuracy (state.metrics), and
    // final values of those plus test/accuracy, f1_macro and latency_ms from eval.json.
    const finals = { 'train/loss': 0.05, 'train/accuracy': 0.983, 'test/accuracy': 0.9, f1_macro: 0.89, latency_ms: 0.01 };
    const runs = [run('a', finals), run('b', { ...finals, extra: 1 })];
    const columns = metricColumns(['train/accuracy', 'train/loss'], runs);
    // Chart order first, then the final-only metrics sorted.
    assert.deepEqual(columns, ['train/accuracy', 'train/loss', 'extra', 'f1_macro', 'latency_ms', 'test/accuracy']);
    assert.equal(compareSummary(runs.length, columns.length), '2 runs · 6 metrics');
    assert.equal(compareSummary(1, 1), '1 run · 1 metric');
  });

  it('leaves out a charted metric no run has a final value for, as the table does', () => {
    assert.deepEqual(metricColumns(['loss', 'acc'], [run('a', { acc: 0.5 })]), ['acc']);
  });
});

describe('the Gates column', () => {
  const gated = (id: string, gates: RunInfo['gates']): RunInfo => ({ ...run(id, {}), ...(gates ? { gates } : {}) });

  it('appears only when some run carries gate results', () => {
    assert.equal(hasGateColumn([gated('a', undefined), gated('b', [])]), false);
    assert.equal(hasGateColumn([gated('a', undefined), gated('b', [{ expression: 'acc >= 0.9', actual: 0.95, passed: true }])]), true);
  });

  it('says passed, or failed with each failing gate and the run\'s value, and lists every gate on hover', () => {
    const passing = gateCell(gated('a', [{ expression: 'acc >= 0.9', actual: 0.95, passed: true }]));
    assert.deepEqual(passing, { state: 'passed', text: 'passed', title: '✓ acc >= 0.9: 0.95' });
    const failing = gateCell(gated('b', [
      { expression: 'acc >= 0.9', actual: 0.8999999, passed: false },
      { expression: 'f1 >= 0.85', actual: 0.9, passed: true },
      { expression: 'auc > 0.8', actual: null, passed: false },
    ]));
    assert.deepEqual(failing, {
      state: 'failed',
      text: 'failed: acc >= 0.9 (0.8999999), auc > 0.8 (not recorded)',
      title: '✗ acc >= 0.9: 0.8999999\n✓ f1 >= 0.85: 0.9\n✗ auc > 0.8: not recorded',
    });
    assert.deepEqual(gateCell(gated('c', undefined)), { state: 'none', text: '—', title: undefined });
  });
});
