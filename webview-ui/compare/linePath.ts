// The path a chart strokes for one run's line, built straight from the full-resolution points.
// DOM-free (it writes into any moveTo/lineTo sink, such as a Path2D) and unit-tested.
//
// Every point lands on a whole pixel (px, py), as uPlot's own builders round them. A dense line
// puts many points into one pixel column, and there the full polyline is a run of vertical
// segments at that px between consecutive points: together they cover exactly the rows from the
// column's lowest to its highest point, whatever the order. So drawing, per column, the first
// point, the two extremes and the last point covers the same pixels as drawing every point: the
// segments inside the column have the same union, and the segment from one column's last point to
// the next column's first point is the very same segment. Nothing is sampled away (a one-point
// spike is an extreme of its column), and a 10,000-point line on a 1,200 px plot costs at most
// four vertices per column. The points themselves are read once, in place; nothing is copied.

/** How data values map to canvas pixels (uPlot's linear or log scales, inlined). */
export interface PixelScale {
  /** px = round(left + (x − xMin) · kx) */
  left: number;
  xMin: number;
  kx: number;
  /** Width of the plot area in pixels: columns left … left + width can show anything. */
  width: number;
  /** py = round(bottom − (v − yMin) · ky), with v = log10(y) on a log scale */
  bottom: number;
  yMin: number;
  ky: number;
  log: boolean;
}

export interface PathSink {
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
}

/**
 * Writes the line through (xs[i], ys[i]) into `sink`, xs ascending. A non-finite y (and a
 * non-positive one on a log scale) is a gap: the pen lifts there. Points far outside the plot are
 * skipped: only the last one before it and the first one after it are drawn, for the line to reach
 * the border. Consecutive vertices on the same pixel are written once.
 */
export function traceLine(xs: Float64Array, ys: Float64Array, scale: PixelScale, sink: PathSink): void {
  const n = Math.min(xs.length, ys.length);
  if (n === 0 || !(scale.kx > 0) || !Number.isFinite(scale.kx)) return;
  const { left, xMin, kx, bottom, yMin, ky, log } = scale;
  const from = Math.max(0, firstIndexAtColumn(xs, n, scale, left) - 1);
  const to = Math.min(n, firstIndexAtColumn(xs, n, scale, left + scale.width + 1) + 1);
  // The first paint runs this while the JIT is still learning it: the pixel maths is inline, and
  // the pixel variables only ever hold whole numbers (a NaN among them, say for "none yet", made
  // the optimised code bail out at the end of every line).
  let pen = false, penX = 0, penY = 0;
  let i = from;
  while (i < to) {
    const first = ys[i] as number;
    if (first - first !== 0 || (log && first <= 0)) { pen = false; i++; continue; } // NaN, ±Infinity
    const px = Math.round(left + ((xs[i] as number) - xMin) * kx);
    // Math.round rounds halves up, so along ascending xs a point stays in column px exactly while
    // its unrounded position is below px + 0.5: one multiply and one compare per point, the same
    // arithmetic as rounding it, so the column edges are exactly those of rounding every point.
    const edge = px + 0.5;
    // The only loop over every point: no calls, no allocation.
    let lo = first, hi = first, last = first, j = i + 1;
    for (; j < to; j++) {
      if (left + ((xs[j] as number) - xMin) * kx >= edge) break;
      const v = ys[j] as number;
      if (v - v !== 0 || (log && v <= 0)) break; // a gap ends this stretch of the column
      if (v < lo) lo = v; else if (v > hi) hi = v;
      last = v;
    }
    const yFirst = Math.round(bottom - ((log ? Math.log10(first) : first) - yMin) * ky);
    if (!pen) { sink.moveTo(px, yFirst); pen = true; } else if (px !== penX || yFirst !== penY) sink.lineTo(px, yFirst);
    let y = yFirst;
    if (j > i + 1) {
      const yLast = Math.round(bottom - ((log ? Math.log10(last) : last) - yMin) * ky);
      const yLo = Math.round(bottom - ((log ? Math.log10(lo) : lo) - yMin) * ky);
      const yHi = Math.round(bottom - ((log ? Math.log10(hi) : hi) - yMin) * ky);
      // Either order of the extremes covers the same rows; take the one with less ink to lay down.
      const loFirst = Math.abs(yFirst - yLo) + Math.abs(yHi - yLast) <= Math.abs(yFirst - yHi) + Math.abs(yLo - yLast);
      const a = loFirst ? yLo : yHi, b = loFirst ? yHi : yLo;
      if (a !== y) { sink.lineTo(px, a); y = a; }
      if (b !== y) { sink.lineTo(px, b); y = b; }
      if (yLast !== y) { sink.lineTo(px, yLast); y = yLast; }
    }
    penX = px; penY = y;
    i = j;
  }
}

function column(x: number, s: PixelScale): number {
  return Math.round(s.left + (x - s.xMin) * s.kx);
}

/** First index whose pixel column is at least `target` (n when none). */
function firstIndexAtColumn(xs: Float64Array, n: number, s: PixelScale, target: number): number {
  let lo = 0, hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (column(xs[mid] as number, s) < target) lo = mid + 1; else hi = mid;
  }
  return lo;
}
