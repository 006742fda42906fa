import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { traceLine, type PixelScale } from '../../../webview-ui/compare/linePath';

type Call = ['M' | 'L', number, number];

/** Records what traceLine writes. */
function trace(xs: Float64Array, ys: Float64Array, scale: PixelScale): Call[] {
  const calls: Call[] = [];
  traceLine(xs, ys, scale, { moveTo: (x, y) => calls.push(['M', x, y]), lineTo: (x, y) => calls.push(['L', x, y]) });
  return calls;
}

/**
 * The full-resolution line, stated independently of traceLine: every point on its rounded pixel,
 * in order, the pen lifted at each gap (non-finite, or non-positive on a log scale).
 */
function everyPoint(xs: Float64Array, ys: Float64Array, s: PixelScale): Call[] {
  const calls: Call[] = [];
  let pen = false;
  for (let i = 0; i < xs.length; i++) {
    const v = ys[i] as number;
    if (!Number.isFinite(v) || (s.log && v <= 0)) { pen = false; continue; }
    const px = Math.round(s.left + ((xs[i] as number) - s.xMin) * s.kx);
    const py = Math.round(s.bottom - ((s.log ? Math.log10(v) : v) - s.yMin) * s.ky);
    calls.push([pen ? 'L' : 'M', px, py]);
    pen = true;
  }
  return calls;
}

/**
 * The pixels a path can touch inside pixel columns [from, to], as geometry: per column, the rows
 * covered by vertical segments (merged intervals), and every segment that crosses columns. Two
 * paths with equal geometry draw the same set of pixels. Zero-length segments draw nothing.
 */
function geometry(calls: Call[], from: number, to: number): { vertical: Map<number, string>; crossing: Set<string> } {
  const spans = new Map<number, [number, number][]>();
  const crossing = new Set<string>();
  let pen: [number, number] | undefined;
  for (const [op, x, y] of calls) {
    if (op === 'L' && pen && (pen[0] !== x || pen[1] !== y)) {
      const [x0, y0] = pen;
      if (x0 === x) {
        if (x >= from && x <= to) spans.set(x, [...(spans.get(x) ?? []), [Math.min(y0, y), Math.max(y0, y)]]);
      } else if (Math.max(x0, x) >= from && Math.min(x0, x) <= to) {
        crossing.add(x0 < x ? `${x0},${y0}-${x},${y}` : `${x},${y}-${x0},${y0}`);
      }
    }
    pen = [x, y];
  }
  const vertical = new Map<number, string>();
  for (const [x, list] of spans) {
    list.sort((a, b) => a[0] - b[0]);
    const merged: [number, number][] = [];
    for (const [lo, hi] of list) {
      const last = merged[merged.length - 1];
      if (last && lo <= last[1]) last[1] = Math.max(last[1], hi); else merged.push([lo, hi]);
    }
    vertical.set(x, merged.map(([lo, hi]) => `${lo}..${hi}`).join(' '));
  }
  return { vertical, crossing };
}

function assertSamePixels(actual: Call[], expected: Call[], s: PixelScale, what: string): void {
  const a = geometry(actual, s.left, s.left + s.width), e = geometry(expected, s.left, s.left + s.width);
  for (const x of new Set([...a.vertical.keys(), ...e.vertical.keys()])) {
    assert.equal(a.vertical.get(x), e.vertical.get(x), `${what}: column ${x} covers rows ${a.vertical.get(x)}, every point covers ${e.vertical.get(x)}`);
  }
  const missing = [...e.crossing].filter((k) => !a.crossing.has(k));
  const extra = [...a.crossing].filter((k) => !e.crossing.has(k));
  assert.ok(missing.length === 0 && extra.length === 0,
    `${what}: segments between columns differ: missing ${missing.slice(0, 3).join(' ')} (${missing.length}), extra ${extra.slice(0, 3).join(' ')} (${extra.length})`);
}

const scaleFor = (xMin: number, xMax: number, yMin: number, yMax: number, width: number, height: number, log = false): PixelScale => {
  const lo = log ? Math.log10(yMin) : yMin, hi = log ? Math.log10(yMax) : yMax;
  return { left: 40, xMin, kx: width / (xMax - xMin), width, bottom: 10 + height, yMin: lo, ky: height / (hi - lo), log };
};

describe('traceLine (what a chart strokes for one run)', () => {
  it('draws a dense column as first point, the extremes in the order with less ink, last point', () => {
    // x 0..4 all land on column 10, x 5 on column 11; rows are 100 − y.
    const s: PixelScale = { left: 10, xMin: 0, kx: 0.1, width: 50, bottom: 100, yMin: 0, ky: 1, log: false };
    const calls = trace(Float64Array.of(0, 1, 2, 3, 4, 5), Float64Array.of(10, 30, 0, 20, 15, 50), s);
    // First row 90, lowest value 0 → row 100, highest 30 → row 70, last row 85. Going down to 100
    // first costs |90−100| + |70−85| = 25 rows of ink, up to 70 first |90−70| + |100−85| = 35.
    assert.deepEqual(calls, [['M', 10, 90], ['L', 10, 100], ['L', 10, 70], ['L', 10, 85], ['L', 11, 50]]);
  });

  it('covers exactly the pixels that drawing every point covers (random lines, gaps, zoom windows, log scales)', () => {
    let seed = 11;
    const random = (): number => { seed = (seed * 16807) % 2147483647; return seed / 2147483647; };
    for (let trial = 0; trial < 60; trial++) {
      const n = 50 + Math.floor(random() * 4000);
      const log = trial % 4 === 3;
      const xs = new Float64Array(n), ys = new Float64Array(n);
      let x = random() * 10;
      for (let i = 0; i < n; i++) {
        // Runs of equal x, small steps (dense columns) and jumps (empty columns).
        const r = random();
        x += r < 0.1 ? 0 : r < 0.97 ? random() * 2 : random() * 200;
        xs[i] = x;
        const g = random();
        ys[i] = g < 0.01 ? NaN : g < 0.012 ? Infinity : g < 0.014 ? -Infinity : log ? (random() < 0.03 ? -random() : 10 ** (random() * 4 - 2)) : random() * 100 - 50;
      }
      const zoom = trial % 3 === 0;
      const xMin = zoom ? xs[0]! + random() * (x - xs[0]!) * 0.5 : xs[0]!;
      const xMax = zoom ? xMin + 1 + random() * (x - xMin) : x;
      const s = log ? scaleFor(xMin, xMax, 0.01, 100, 20 + Math.floor(random() * 300), 200, true)
        : scaleFor(xMin, xMax, -50, 50, 20 + Math.floor(random() * 300), 30 + Math.floor(random() * 300));
      assertSamePixels(trace(xs, ys, s), everyPoint(xs, ys, s), s, `trial ${trial} (${n} points, ${s.width} px${log ? ', log' : ''}${zoom ? ', zoomed' : ''})`);
    }
  });

  it('keeps a one-point spike among 10,000 flat points', () => {
    const n = 10_000;
    const xs = Float64Array.from({ length: n }, (_, i) => i);
    const ys = Float64Array.from({ length: n }, (_, i) => (i === 6_789 ? 9 : 1));
    const s = scaleFor(0, n - 1, 0, 10, 500, 100);
    const spikeRow = Math.round(s.bottom - 9 * s.ky);
    const spikeColumn = Math.round(s.left + 6_789 * s.kx);
    assert.ok(trace(xs, ys, s).some(([, x, y]) => x === spikeColumn && y === spikeRow),
      `no vertex at the spike (column ${spikeColumn}, row ${spikeRow})`);
  });

  it('writes at most four vertices per pixel column, whatever the number of points', () => {
    const n = 100_000;
    const xs = Float64Array.from({ length: n }, (_, i) => i);
    let seed = 5;
    const ys = Float64Array.from({ length: n }, () => { seed = (seed * 16807) % 2147483647; return seed / 2147483647; });
    const s = scaleFor(0, n - 1, 0, 1, 200, 100);
    const calls = trace(xs, ys, s);
    const columns = new Set(calls.map(([, x]) => x));
    assert.ok(calls.length <= 4 * columns.size, `${calls.length} vertices for ${columns.size} columns`);
    assert.equal(columns.size, 201); // columns 40 … 240
  });

  it('lifts the pen at a gap and starts again after it', () => {
    const s: PixelScale = { left: 0, xMin: 0, kx: 10, width: 100, bottom: 50, yMin: 0, ky: 1, log: false };
    const calls = trace(Float64Array.of(0, 1, 2, 3), Float64Array.of(1, 2, NaN, 4), s);
    assert.deepEqual(calls, [['M', 0, 49], ['L', 10, 48], ['M', 30, 46]]);
  });

  it('skips points far outside the x window but keeps the neighbours that run to the border', () => {
    const xs = Float64Array.from({ length: 1000 }, (_, i) => i);
    const ys = Float64Array.from({ length: 1000 }, (_, i) => i % 7);
    const s = scaleFor(500, 509, 0, 10, 90, 100);
    const calls = trace(xs, ys, s);
    const visited = new Set(calls.map(([, x]) => Math.round((x - s.left) / s.kx + s.xMin)));
    assert.deepEqual([...visited].sort((a, b) => a - b), [499, 500, 501, 502, 503, 504, 505, 506, 507, 508, 509, 510]);
  });
});
