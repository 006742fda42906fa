import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RunInfo } from '../../../webview-ui/compare/protocol';
import { MISSING_CATEGORY, distanceToRun, metricAxis, niceTicks, paramAxis, parallelAxes } from '../../../webview-ui/compare/sweepLayout';

const run = (id: string, params: RunInfo['params'], loss?: number): RunInfo => ({
  id, name: id, experiment: 'e', colour: '#3a85e0', status: 'finished', params, finalMetrics: loss === undefined ? {} : { loss },
  isSweepChild: true, parentId: 's', startTime: null,
});

const runs = [
  run('a', { lr: '0.1', opt: 'sgd', layers: 2 }, 0.5),
  run('b', { lr: '0.001', opt: 'adam', layers: 4 }, 0.2),
  run('c', { lr: '0.01', layers: 3 }, 0.3),
];

describe('sweep axes', () => {
  it('puts a learning-rate sweep over decades on a log axis', () => {
    const axis = paramAxis(runs, 'lr');
    assert.equal(axis.scale, 'log');
    assert.equal(axis.positions.get('b'), 0);
    assert.equal(axis.positions.get('a'), 1);
    assert.equal(axis.positions.get('c'), 0.5);
  });

  it('keeps a narrow numeric range linear', () => {
    const axis = paramAxis(runs, 'layers');
    assert.equal(axis.scale, 'linear');
    assert.equal(axis.positions.get('c'), 0.5);
  });

  it('makes text params categorical, with a category for runs that lack the param', () => {
    const axis = paramAxis(runs, 'opt');
    assert.equal(axis.scale, 'category');
    assert.deepEqual(axis.categories, ['adam', 'sgd', MISSING_CATEGORY].sort((x, y) => x.localeCompare(y, undefined, { numeric: true })));
    assert.equal(axis.labels.get('c'), MISSING_CATEGORY);
  });

  it('orients the metric axis so the better end is on top', () => {
    const loss = metricAxis(runs, 'loss', 'minimize');
    assert.equal(loss.positions.get('b'), 1);
    assert.equal(loss.positions.get('a'), 0);
    assert.equal(metricAxis(runs, 'loss', 'maximize').positions.get('a'), 1);
    assert.equal(metricAxis(runs, 'f1', 'maximize').positions.size, 0);
  });

  it('lays out params then the metric, and finds the run under the pointer', () => {
    const axes = parallelAxes(runs, ['lr', 'layers'], 'loss', 'minimize');
    assert.deepEqual(axes.map((a) => a.key), ['lr', 'layers', 'loss']);
    const xs = [0, 100, 200];
    // Run b goes from lr at the bottom (y=100) to layers at the top (y=0), run a the other way:
    // a quarter of the way across, b is at y=75 and a at y=25.
    assert.equal(distanceToRun(axes, 'b', xs, 0, 100, 25, 75), 0);
    assert.equal(distanceToRun(axes, 'a', xs, 0, 100, 25, 75), 50);
  });
});

describe('niceTicks', () => {
  it('picks round steps inside the range', () => {
    assert.deepEqual(niceTicks(0, 1, 5), [0, 0.2, 0.4, 0.6, 0.8, 1]);
    assert.deepEqual(niceTicks(3, 3), [3]);
  });
});
