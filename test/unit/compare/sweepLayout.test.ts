import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RunInfo } from '../../../webview-ui/compare/protocol';
import {
  MISSING_CATEGORY, axisTickLabels, distanceToRun, distinctLabels, fitText, metricAxis, niceTicks, paramAxis, parallelAxes,
} from '../../../webview-ui/compare/sweepLayout';

const run = (id: string, params: RunInfo['params'], loss?: number): RunInfo => ({
  id, name: id, experiment: 'e', colour: '#3a85e0', status: 'finished', params, finalMetrics: loss === undefined ? {} : { loss },
  isSweepChild: true, parentId: 's', startTime: null,
});

const runs = [
  run('a', { lr: '0.1', opt: 'sgd', layers: 2 }, 0.5),
  run('b', { lr: '0.001', opt: 'adam', layers: 4 }, 0.2),
  run('c', { lr: '0.01', layers: 3 }, 0.3),
];

// 13 runs: one more distinct value than a categorical axis takes.
const many = (values: number[]): RunInfo[] => values.map((v, i) => run(`r${i}`, { p: v }));

describe('sweep axes', () => {
  it('puts a learning-rate sweep over decades on a log axis', () => {
    // 1e-4 … 1e-1 in 13 steps: 13 distinct values, so a numeric axis; 1000× range, so log.
    const lrs = [1e-4, 2e-4, 3e-4, 5e-4, 1e-3, 2e-3, 3e-3, 5e-3, 1e-2, 2e-2, 3e-2, 5e-2, 1e-1];
    const axis = paramAxis(many(lrs), 'p');
    assert.equal(axis.scale, 'log');
    assert.equal(axis.positions.get('r0'), 0);
    assert.equal(axis.positions.get('r12'), 1);
    // 1e-3 is one decade up of three: log10(1e-3) = -3, (-3 - -4) / (-1 - -4) = 1/3.
    assert.ok(Math.abs((axis.positions.get('r4') as number) - 1 / 3) < 1e-12, `1e-3 at ${axis.positions.get('r4')}, expected 1/3`);
    assert.deepEqual(axis.ticks.map((t) => t.label), ['1e-4', '0.001', '0.01', '0.1']);
  });

  it('keeps a narrow numeric range with many values linear', () => {
    const axis = paramAxis(many([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]), 'p');
    assert.equal(axis.scale, 'linear');
    // 7 is halfway from 1 to 13.
    assert.equal(axis.positions.get('r6'), 0.5);
  });

  it('gives a numeric param with few values one tick per value, in numeric order, evenly spaced', () => {
    const axis = paramAxis(runs, 'lr');
    assert.equal(axis.scale, 'category');
    assert.deepEqual(axis.categories, ['0.001', '0.01', '0.1']);
    assert.deepEqual(axis.ticks, [{ at: 0, label: '0.001' }, { at: 0.5, label: '0.01' }, { at: 1, label: '0.1' }]);
    assert.equal(axis.positions.get('b'), 0);
    assert.equal(axis.positions.get('c'), 0.5);
    assert.equal(axis.positions.get('a'), 1);
    // The iris sweep's l2 (0 and 0.001 over six runs) reads "0 0.001", not "0 0 0 0.001".
    const l2 = paramAxis([0, 0.001, 0, 0.001, 0, 0.001].map((v, i) => run(`s${i}`, { 'train.l2': v })), 'train.l2');
    assert.deepEqual(l2.ticks.map((t) => t.label), ['0', '0.001']);
    assert.equal(l2.labels.get('s1'), '0.001');
  });

  it('leaves runs without a numeric param off its axis', () => {
    const axis = paramAxis([...runs, run('d', { opt: 'sgd' })], 'layers');
    assert.deepEqual(axis.categories, ['2', '3', '4']);
    assert.equal(axis.positions.has('d'), false);
  });

  it('makes text params categorical, with a category for runs that lack the param', () => {
    const axis = paramAxis(runs, 'opt');
    assert.equal(axis.scale, 'category');
    // localeCompare order: letters after punctuation, so the em dash (U+2014) of a missing value comes first.
    assert.deepEqual(axis.categories, [MISSING_CATEGORY, 'adam', 'sgd']);
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

describe('distinctLabels', () => {
  it('prints each value as briefly as it can while neighbours differ', () => {
    assert.deepEqual(distinctLabels([0.0001, 0.0005, 0.001, 0.01]), ['0.0001', '0.0005', '0.001', '0.01']);
    // 0.1 + 0.2 is 0.30000000000000004 in binary floating point; it is 0.3 to the user.
    assert.deepEqual(distinctLabels([0.1, 0.1 + 0.2, 0.5]), ['0.1', '0.3', '0.5']);
    assert.deepEqual(distinctLabels([0, 100, 150]), ['0', '100', '150']);
  });

  it('adds digits only where two neighbours would print the same', () => {
    // At 5 significant digits 1.000001 and 1.000002 both print "1"; 7 digits tell them apart.
    assert.deepEqual(distinctLabels([0.5, 1.000001, 1.000002, 3]), ['0.5', '1.000001', '1.000002', '3']);
    assert.deepEqual(distinctLabels([123456, 123457]), ['123456', '123457']);
  });
});

describe('parallel axis tick labels', () => {
  // A fake font: 6 px per character.
  const measure = (s: string): number => 6 * s.length;

  it('sit left of the axis line, centred on their tick, on a box wide enough for the text', () => {
    const labels = axisTickLabels([{ at: 0, label: '0' }, { at: 1, label: '0.001' }], 100, 40, 200, measure, 14, 60);
    // Tick at 0 → y = 40 + 200 = 240, at 1 → y = 40. "0.001" is 30 px, plus 2 px padding each side.
    assert.deepEqual(labels.map((l) => [l.text, l.textY]), [['0', 240], ['0.001', 40]]);
    const top = labels[1]!;
    assert.deepEqual(top.box, { x: 100 - 3 - 34, y: 33, width: 34, height: 14 });
    assert.ok(top.box.x + top.box.width <= 100, `box ends at ${top.box.x + top.box.width}, past the axis at 100`);
  });

  it('drops labels whose boxes would overlap, and cuts long ones to the width', () => {
    // On a 100 px axis ticks 0.05 apart are 5 px apart: only every third 14 px box fits.
    const ticks = Array.from({ length: 21 }, (_, i) => ({ at: i / 20, label: String(i) }));
    const labels = axisTickLabels(ticks, 100, 0, 100, measure, 14, 60);
    assert.deepEqual(labels.map((l) => l.text), ['0', '3', '6', '9', '12', '15', '18']);
    for (let i = 1; i < labels.length; i++) {
      assert.ok(labels[i]!.box.y + 14 <= labels[i - 1]!.box.y, `label ${labels[i]!.text} overlaps ${labels[i - 1]!.text}`);
    }
    assert.equal(fitText('a_very_long_param_value', 60, measure), 'a_very_lo…');
  });
});
