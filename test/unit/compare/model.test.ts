import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CompareModel } from '../../../webview-ui/compare/model';
import { packState, toMetricHistory, unpackState, type CompareState, type RunInfo } from '../../../webview-ui/compare/protocol';

const run = (id: string, over: Partial<RunInfo> = {}): RunInfo => ({
  id, name: id, experiment: 'e', colour: '#3a85e0', status: 'finished', params: {}, finalMetrics: {},
  isSweepChild: false, parentId: null, startTime: null, ...over,
});

const state = (): CompareState => ({
  runs: [run('a', { finalMetrics: { loss: 0.2, zeta: 1 } }), run('b', { colour: 'red', finalMetrics: { acc: 0.9 } })],
  metrics: ['acc', 'loss'],
  histories: {
    loss: { a: toMetricHistory([0, 1], [2, 1], [5000, 6000]), ghost: toMetricHistory([0], [1], [0]) },
    acc: { b: toMetricHistory([0], [0.5], [7000]) },
    constructor: { a: toMetricHistory([0], [3], [4000]) },
  },
  primaryMetric: 'loss',
  goals: {},
});

describe('CompareModel', () => {
  it('puts the primary metric’s chart first and adds metrics that only appear in histories', () => {
    assert.deepEqual(new CompareModel(state()).metrics, ['loss', 'acc', 'constructor']);
  });

  it('looks up names like "constructor" or "toString" as data, not as Object.prototype members', () => {
    const m = new CompareModel(state());
    assert.deepEqual([...(m.history('constructor', 'a')?.values ?? [])], [3]);
    assert.equal(m.history('toString', 'a'), undefined);
    assert.equal(m.run('hasOwnProperty'), undefined);
    assert.equal(m.history('loss', 'ghost'), undefined, 'histories of runs that are not compared are dropped');
  });

  it('replaces a colour that is not #rrggbb with a palette colour', () => {
    const m = new CompareModel(state());
    assert.equal(m.run('a')?.colour, '#3a85e0');
    assert.match(m.run('b')?.colour ?? '', /^#[0-9a-f]{6}$/);
  });

  it('appends live points, growing the arrays, and reports a new metric', () => {
    const m = new CompareModel(state());
    for (let i = 2; i < 200; i++) assert.equal(m.append('a', 'loss', toMetricHistory([i], [1 / i], [6000 + i])), 'appended');
    const h = m.history('loss', 'a');
    assert.equal(h?.steps.length, 200);
    assert.equal(m.historyLength('loss', 'a'), 200);
    assert.equal(h?.steps[199], 199);
    assert.equal(h?.values[0], 2);
    assert.equal(m.append('b', 'val_loss', toMetricHistory([0, 1], [1, 0.5], [1, 2])), 'newMetric');
    assert.deepEqual(m.metrics.slice(-1), ['val_loss']);
    assert.equal(m.append('b', 'val_loss', toMetricHistory([2], [0.4], [3])), 'appended');
    assert.equal(m.append('nobody', 'loss', toMetricHistory([0], [0], [0])), 'ignored');
  });

  it('appends to histories unpacked from one buffer without touching the series next to them', () => {
    // Both histories are views onto the same buffer, side by side: a write past the end of the
    // first would land in the second.
    const s = state();
    s.histories = { loss: { a: toMetricHistory([0, 1], [2, 1], [5000, 6000]) }, acc: { b: toMetricHistory([0], [0.5], [7000]) } };
    const m = new CompareModel(unpackState(packState(s)));
    assert.equal(m.history('loss', 'a')?.values.buffer, m.history('acc', 'b')?.values.buffer, 'views onto one buffer');
    m.append('a', 'loss', toMetricHistory([2, 3], [0.5, 0.25], [7000, 8000]));
    assert.deepEqual([...(m.history('loss', 'a')?.values ?? [])], [2, 1, 0.5, 0.25]);
    assert.deepEqual([...(m.history('acc', 'b')?.steps ?? [])], [0]);
    assert.deepEqual([...(m.history('acc', 'b')?.values ?? [])], [0.5]);
    assert.deepEqual([...(m.history('acc', 'b')?.timestamps ?? [])], [7000]);
  });

  it('keeps points when spare capacity is reserved for a live run', () => {
    const m = new CompareModel(state());
    m.reserve('a', 1000);
    m.append('a', 'loss', toMetricHistory([2], [0.5], [7000]));
    assert.deepEqual([...(m.history('loss', 'a')?.values ?? [])], [2, 1, 0.5]);
  });

  it('updates known runs only', () => {
    const m = new CompareModel(state());
    assert.equal(m.updateRun(run('a', { status: 'failed' })), true);
    assert.equal(m.run('a')?.status, 'failed');
    assert.equal(m.updateRun(run('zzz')), false);
  });

  it('takes the relative-time origin from the run start, else its earliest point', () => {
    const s = state();
    s.runs[1] = run('b', { startTime: 100 });
    const m = new CompareModel(s);
    assert.equal(m.timeOrigin('a'), 4000);
    assert.equal(m.timeOrigin('b'), 100);
  });

  it('orders metrics-table columns by chart order, then the rest by name', () => {
    assert.deepEqual(new CompareModel(state()).finalMetricNames(), ['loss', 'acc', 'zeta']);
  });
});
