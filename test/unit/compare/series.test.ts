import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toMetricHistory } from '../../../webview-ui/compare/protocol';
import {
  buildFacet, ema, finiteExtent, formatDuration, logSafe, logTicks, nearestIndexWithin, sortByX, xExtent, yExtent,
  type Facet,
} from '../../../webview-ui/compare/series';

const f64 = (...xs: number[]): Float64Array => Float64Array.from(xs);
const close = (actual: number, expected: number, eps = 1e-9): void =>
  assert.ok(Math.abs(actual - expected) <= eps, `${actual} is not ${expected}`);

describe('ema (TensorBoard smoothing)', () => {
  it('is debiased: the first point stays where it is and a constant stays constant', () => {
    const out = ema(f64(4, 4, 4, 4), 0.9);
    for (const v of out) close(v, 4);
  });

  it('matches a hand-computed debiased average', () => {
    // By hand with w = 0.6: the running sum is s = w·s + (1 − w)·v, divided by 1 − wⁿ.
    // n=1: s = 0.4 → 0.4 / 0.4 = 1; n=2: s = 0.24 + 0.8 = 1.04 → 1.04 / 0.64 = 1.625;
    // n=3: s = 0.624 + 1.2 = 1.824 → 1.824 / 0.784 = 114/49.
    const out = ema(f64(1, 2, 3), 0.6);
    close(out[0] as number, 1);
    close(out[1] as number, 1.625);
    close(out[2] as number, 114 / 49);
  });

  it('returns a copy with weight 0 and steps over gaps without moving the average', () => {
    const input = f64(1, NaN, 3);
    const raw = ema(input, 0);
    assert.notEqual(raw, input);
    assert.deepEqual([...raw], [1, NaN, 3]);
    const out = ema(input, 0.5);
    assert.ok(Number.isNaN(out[1]));
    // The gap is skipped, so 3 is the second point: s = 0.5 → 1, then s = 0.25 + 1.5 = 1.75 → 1.75 / 0.75 = 7/3.
    close(out[2] as number, 7 / 3);
  });
});

describe('log scale', () => {
  it('logSafe turns values a log axis cannot show into gaps', () => {
    assert.deepEqual([...logSafe(f64(10, 0, -1, 0.5))], [10, NaN, NaN, 0.5]);
  });
});

describe('buildFacet (one run, one chart)', () => {
  const history = toMetricHistory([0, 10, 20], [3, 2, 1], [1000, 2000, 4000]);

  it('draws straight from the host arrays on the step axis without smoothing', () => {
    const { line, raw } = buildFacet(history, { xAxis: 'step', origin: 0, smoothing: 0, logScale: false });
    assert.equal(line.xs, history.steps);
    assert.equal(line.ys, history.values);
    assert.equal(raw, line);
  });

  it('uses epoch ms on the wall-time axis and seconds since the origin on the relative one', () => {
    assert.deepEqual([...buildFacet(history, { xAxis: 'wall', origin: 0, smoothing: 0, logScale: false }).line.xs], [1000, 2000, 4000]);
    assert.deepEqual([...buildFacet(history, { xAxis: 'relative', origin: 1000, smoothing: 0, logScale: false }).line.xs], [0, 1, 3]);
  });

  it('keeps the raw line under the smoothed one', () => {
    const { line, raw } = buildFacet(history, { xAxis: 'step', origin: 0, smoothing: 0.5, logScale: false });
    assert.deepEqual([...raw.ys], [3, 2, 1]);
    // Smoothing 0.5 over 3, 2, 1 by hand: 3; (0.75 + 1) / 0.75 = 7/3; (0.875 + 0.5) / 0.875 = 11/7.
    close(line.ys[0] as number, 3);
    close(line.ys[1] as number, 7 / 3);
    close(line.ys[2] as number, 11 / 7);
  });

  it('gives the y range of the line and of the raw line, gaps and infinities left out', () => {
    const out = toMetricHistory([3, 0, 1, 2, 4], [5, NaN, -Infinity, 0.25, 8], [0, 1, 2, 3, 4]);
    const plain = buildFacet(out, { xAxis: 'step', origin: 0, smoothing: 0, logScale: false });
    assert.deepEqual([...plain.line.xs], [0, 1, 2, 3, 4]);
    assert.deepEqual(plain.lineExtent, [0.25, 8], 'unsmoothed, logged out of order');
    assert.deepEqual(plain.rawExtent, [0.25, 8]);
    const logged = buildFacet(toMetricHistory([0, 1, 2], [-1, 0.5, 4], [0, 1, 2]), { xAxis: 'step', origin: 0, smoothing: 0, logScale: true });
    assert.deepEqual(logged.lineExtent, [0.5, 4], 'a log axis leaves out values <= 0');
    // Smoothing 0.5 over 3, 2, 1 is 3, 7/3, 11/7 (see above): range [11/7, 3]; raw range [1, 3].
    const smooth = buildFacet(history, { xAxis: 'step', origin: 0, smoothing: 0.5, logScale: false });
    close(smooth.lineExtent?.[0] as number, 11 / 7);
    close(smooth.lineExtent?.[1] as number, 3);
    assert.deepEqual(smooth.rawExtent, [1, 3]);
    assert.equal(buildFacet(toMetricHistory([0, 1], [NaN, NaN], [0, 1]), { xAxis: 'step', origin: 0, smoothing: 0, logScale: false }).lineExtent, undefined);
  });

  it('sorts points logged out of order (stable for equal x) before smoothing', () => {
    const sorted = sortByX(f64(2, 0, 1, 1), f64(20, 0, 10, 11));
    assert.deepEqual([...sorted.xs], [0, 1, 1, 2]);
    assert.deepEqual([...sorted.ys], [0, 10, 11, 20]);
  });
});

describe('lookups for hover and zoom', () => {
  it('nearestIndexWithin finds the nearest point and leaves out runs that do not reach x', () => {
    const xs = f64(0, 10, 20);
    assert.equal(nearestIndexWithin(xs, 4), 0);
    assert.equal(nearestIndexWithin(xs, 6), 1);
    assert.equal(nearestIndexWithin(xs, 20), 2);
    assert.equal(nearestIndexWithin(xs, 21), -1);
    assert.equal(nearestIndexWithin(xs, -1), -1);
    assert.equal(nearestIndexWithin(new Float64Array(0), 0), -1);
  });

  it('yExtent looks only inside the x window and skips gaps (NaN, ±Infinity)', () => {
    const a: Facet = { xs: f64(0, 1, 2, 3), ys: f64(5, NaN, 7, 100) };
    const b: Facet = { xs: f64(1, 2), ys: f64(6, -Infinity) };
    assert.deepEqual(yExtent([a, b], 0, 2), [5, 7]);
    assert.deepEqual(yExtent([a], 1, 1), undefined);
    assert.deepEqual(xExtent([a, b, { xs: new Float64Array(0), ys: new Float64Array(0) }]), [0, 3]);
  });
});

describe('finiteExtent (the y range of a whole line)', () => {
  it('is the lowest and highest finite value, skipping NaN and ±Infinity', () => {
    assert.deepEqual(finiteExtent(f64(3, NaN, -2, 8, 5)), [-2, 8]);
    assert.deepEqual(finiteExtent(f64(Infinity, 4, -Infinity, 1)), [1, 4]);
    assert.deepEqual(finiteExtent(f64(7)), [7, 7]);
  });

  it('is undefined when no value is finite', () => {
    assert.equal(finiteExtent(f64(NaN, Infinity, -Infinity)), undefined);
    assert.equal(finiteExtent(new Float64Array(0)), undefined);
  });
});

describe('logTicks', () => {
  it('labels decades, with 2× and 5× on short ranges, and thins out long ones', () => {
    assert.deepEqual(logTicks(0.1, 10), [0.1, 0.2, 0.5, 1, 2, 5, 10]);
    assert.deepEqual(logTicks(1e-6, 0.1), [1e-6, 1e-5, 1e-4, 0.001, 0.01, 0.1]);
    assert.ok(logTicks(1e-30, 1e30).length <= 9);
    assert.deepEqual(logTicks(0, 10), []);
  });
});

describe('formatDuration', () => {
  it('prints seconds, minutes and hours compactly', () => {
    assert.equal(formatDuration(5.5), '5.5s');
    assert.equal(formatDuration(65), '1m 05s');
    assert.equal(formatDuration(3720), '1h 02m');
    assert.equal(formatDuration(-30), '-30s');
  });
});
