import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toMetricHistory } from '../../../webview-ui/compare/protocol';
import {
  buildFacet, ema, formatDuration, logSafe, logTicks, minMaxDecimate, nearestIndexWithin, sortByX, xExtent, yExtent,
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

describe('minMaxDecimate (level of detail for drawing)', () => {
  const make = (n: number, f: (i: number) => number): Facet => {
    const xs = new Float64Array(n), ys = new Float64Array(n);
    for (let i = 0; i < n; i++) { xs[i] = i; ys[i] = f(i); }
    return { xs, ys };
  };

  it('returns the line itself when it has no more than two points per column', () => {
    const line = make(100, (i) => i);
    assert.equal(minMaxDecimate(line, 0, 99, 50), line);
  });

  it('keeps every column’s extremes, in order, and never more than the budget', () => {
    const line = make(10_000, (i) => Math.sin(i / 7) * (i % 13));
    const out = minMaxDecimate(line, 0, 9999, 100);
    assert.ok(out.xs.length <= 3 * 101 + 2 && out.xs.length >= 100, String(out.xs.length));
    for (let i = 1; i < out.xs.length; i++) assert.ok((out.xs[i] as number) >= (out.xs[i - 1] as number));
    // Same y range as the full line, in the whole window and in a sub-window.
    assert.deepEqual(yExtent([out], 0, 9999), yExtent([line], 0, 9999));
  });

  it('includes the nearest point beyond each edge so lines reach the border', () => {
    const line = make(10_000, (i) => i % 5);
    const out = minMaxDecimate(line, 2000, 3000, 50);
    assert.equal(out.xs[0], 1999);
    assert.equal(out.xs[out.xs.length - 1], 3001);
    assert.deepEqual(yExtent([out], 2000, 3000), [0, 4]);
  });

  it('agrees with a brute-force min/max per pixel column on random lines and windows', () => {
    let seed = 7;
    const random = (): number => { seed = (seed * 16807) % 2147483647; return seed / 2147483647; };
    for (let trial = 0; trial < 30; trial++) {
      const n = 500 + Math.floor(random() * 5000);
      const xs = new Float64Array(n), ys = new Float64Array(n);
      let x = 0;
      for (let i = 0; i < n; i++) { x += random() < 0.1 ? 0 : random() * 3; xs[i] = x; ys[i] = random() < 0.02 ? NaN : random() * 100 - 50; }
      const xMin = random() * x * 0.5, xMax = xMin + 1 + random() * x * 0.5, columns = 20 + Math.floor(random() * 200);
      const out = minMaxDecimate({ xs, ys }, xMin, xMax, columns);
      // Every output point is an input point (or a gap marker), in x order.
      const original = new Map<number, number[]>();
      xs.forEach((xv, i) => original.set(xv, [...(original.get(xv) ?? []), ys[i] as number]));
      out.xs.forEach((xv, i) => {
        assert.ok(original.has(xv), `x ${xv} is not an input point`);
        const y = out.ys[i] as number;
        assert.ok(Number.isNaN(y) || original.get(xv)?.includes(y), `y ${y} at x ${xv} is not an input value`);
        if (i > 0) assert.ok(xv >= (out.xs[i - 1] as number));
      });
      // Each pixel column keeps its lowest and highest value.
      const width = (xMax - xMin) / columns;
      for (let c = 0; c < columns; c++) {
        const lo = xMin + c * width, hi = c === columns - 1 ? xMax : xMin + (c + 1) * width;
        const inCol = (xv: number): boolean => xv >= lo && (c === columns - 1 ? xv <= hi : xv < hi);
        const want = yExtent([{ xs: xs.filter(inCol), ys: ys.filter((_, i) => inCol(xs[i] as number)) }], -Infinity, Infinity);
        const got = yExtent([{ xs: out.xs.filter(inCol), ys: out.ys.filter((_, i) => inCol(out.xs[i] as number)) }], -Infinity, Infinity);
        assert.deepEqual(got, want, `trial ${trial}, column ${c}`);
      }
    }
  });

  it('keeps gaps as gaps', () => {
    const line = make(10_000, (i) => (i >= 5000 && i < 5100 ? NaN : 1));
    const out = minMaxDecimate(line, 0, 9999, 100);
    assert.ok([...out.ys].some(Number.isNaN));
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
