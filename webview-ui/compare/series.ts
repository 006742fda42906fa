// Turns metric histories into what a chart draws: x values for the chosen axis, sorted, smoothed
// and log-safe y values, plus the lookups hover and zoom need. DOM-free and unit-tested.
//
// Each run keeps its own x array (uPlot's per-series "mode 2") instead of one x array shared by
// every run: runs log at different steps, and on a wall-time axis no two runs share an x at all,
// so a shared grid would hold (runs × points) mostly-empty cells. Per-run arrays need no
// alignment pass and, in the common case (step axis, no smoothing, no log scale), no copy
// either: the chart draws from the Float64Arrays the host sent. A gap is a non-finite value
// (NaN, ±Infinity) all the way through: the drawing, range and hover code all skip them.

import type { MetricHistory, XAxisMode } from './protocol';

/** One run's line on one chart: xs ascending, ys the same length (non-finite = gap). */
export interface Facet {
  xs: Float64Array;
  ys: Float64Array;
}

export interface FacetOptions {
  xAxis: XAxisMode;
  /** Origin of the relative-time axis, ms since the epoch. */
  origin: number;
  /** EMA weight in [0, 1); 0 = no smoothing. */
  smoothing: number;
  logScale: boolean;
}

/** True when xs never decreases (what the charts' per-pixel-column paths need). */
export function isNonDecreasing(xs: ArrayLike<number>): boolean {
  for (let i = 1; i < xs.length; i++) if ((xs[i] as number) < (xs[i - 1] as number)) return false;
  return true;
}

/** The x values of a history on the chosen axis: steps, seconds since origin, or epoch ms. */
export function axisValues(history: MetricHistory, xAxis: XAxisMode, origin: number): Float64Array {
  if (xAxis === 'step') return history.steps;
  if (xAxis === 'wall') return history.timestamps;
  const ts = history.timestamps;
  const out = new Float64Array(ts.length);
  for (let i = 0; i < ts.length; i++) out[i] = ((ts[i] as number) - origin) / 1000;
  return out;
}

/**
 * TensorBoard's smoothing: an exponential moving average, debiased so the first points are not
 * pulled towards zero. Non-finite values (NaN gaps, ±Infinity) stay as they are and do not move
 * the average.
 */
export function ema(values: ArrayLike<number>, weight: number): Float64Array {
  const out = Float64Array.from(values);
  if (!(weight > 0)) return out;
  let last = 0;
  let weightPow = 1; // weight^count, kept incrementally: Math.pow per point costs more than the rest
  for (let i = 0; i < out.length; i++) {
    const v = out[i] as number;
    if (!Number.isFinite(v)) continue;
    last = last * weight + (1 - weight) * v;
    weightPow *= weight;
    out[i] = last / (1 - weightPow);
  }
  return out;
}

/** Values a log axis can show: zero and negative values become NaN (gaps). */
export function logSafe(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    out[i] = v > 0 ? v : NaN;
  }
  return out;
}

/** Sorts xs ascending (stable) and reorders ys with them; returns the inputs when already sorted. */
export function sortByX(xs: Float64Array, ys: Float64Array): { xs: Float64Array; ys: Float64Array } {
  if (isNonDecreasing(xs)) return { xs, ys };
  return sortedCopy(xs, ys);
}

function sortedCopy(xs: Float64Array, ys: Float64Array): { xs: Float64Array; ys: Float64Array } {
  const order = Array.from({ length: xs.length }, (_, i) => i).sort((a, b) => (xs[a] as number) - (xs[b] as number) || a - b);
  const sx = new Float64Array(xs.length), sy = new Float64Array(xs.length);
  order.forEach((from, to) => { sx[to] = xs[from] as number; sy[to] = ys[from] as number; });
  return { xs: sx, ys: sy };
}

/**
 * The line to draw for one run. Sorting happens before smoothing, so the EMA runs along the x
 * axis the user sees; `raw` is the unsmoothed line (drawn faintly under a smoothed one). The
 * extents are the lowest and highest finite y of each (what the y axis fits when not zoomed).
 */
export function buildFacet(history: MetricHistory, options: FacetOptions): {
  line: Facet; raw: Facet; lineExtent: [number, number] | undefined; rawExtent: [number, number] | undefined;
} {
  const xs = axisValues(history, options.xAxis, options.origin);
  // One read of the points for both questions the first paint asks of them before drawing: is the
  // line sorted, and what is its y range (which sorting does not change).
  const scan = scanLine(xs, history.values);
  const sorted = scan.sorted ? { xs, ys: history.values } : sortedCopy(xs, history.values);
  const raw: Facet = { xs: sorted.xs, ys: options.logScale ? logSafe(sorted.ys) : sorted.ys };
  const rawExtent = options.logScale ? finiteExtent(raw.ys) : scan.extent;
  if (!(options.smoothing > 0)) return { line: raw, raw, lineExtent: rawExtent, rawExtent };
  const smoothed = ema(sorted.ys, options.smoothing);
  const line = { xs: sorted.xs, ys: options.logScale ? logSafe(smoothed) : smoothed };
  return { line, raw, lineExtent: finiteExtent(line.ys), rawExtent };
}

/**
 * In one pass: whether xs never decreases (as isNonDecreasing) and the lowest and highest finite
 * value of ys (as finiteExtent).
 */
export function scanLine(xs: Float64Array, ys: Float64Array): { sorted: boolean; extent: [number, number] | undefined } {
  const n = xs.length;
  if (ys.length !== n) return { sorted: isNonDecreasing(xs), extent: finiteExtent(ys) };
  let sorted = true, min = Infinity, max = -Infinity;
  let prev = n > 0 ? (xs[0] as number) : 0;
  for (let i = 0; i < n; i++) {
    const x = xs[i] as number;
    if (x < prev) sorted = false;
    prev = x;
    const v = ys[i] as number;
    if (v < min) min = v; // NaN compares false both ways; ±Infinity is handled below
    if (v > max) max = v;
  }
  if (min === -Infinity || max === Infinity) return { sorted, extent: finiteExtent(ys) };
  return { sorted, extent: min <= max ? [min, max] : undefined };
}

/** Index of the first element >= x in ascending xs (xs.length when none). */
export function lowerBound(xs: ArrayLike<number>, x: number): number {
  let lo = 0, hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((xs[mid] as number) < x) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/** Index of the first element > x in ascending xs (xs.length when none). */
export function upperBound(xs: ArrayLike<number>, x: number): number {
  let lo = 0, hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((xs[mid] as number) <= x) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/** Index of the point nearest to x, or -1 when x lies outside the run's first..last x. */
export function nearestIndexWithin(xs: ArrayLike<number>, x: number): number {
  const n = xs.length;
  if (n === 0 || x < (xs[0] as number) || x > (xs[n - 1] as number)) return -1;
  const i = lowerBound(xs, x);
  if (i >= n) return n - 1;
  if (i === 0) return 0;
  return x - (xs[i - 1] as number) <= (xs[i] as number) - x ? i - 1 : i;
}

/** Lowest and highest finite value of ys; undefined when there is none. */
export function finiteExtent(ys: Float64Array): [number, number] | undefined {
  let min = Infinity, max = -Infinity;
  for (let i = 0; i < ys.length; i++) {
    const v = ys[i] as number;
    if (v < min) min = v; // NaN compares false both ways; ±Infinity is filtered below
    if (v > max) max = v;
  }
  if (min === -Infinity || max === Infinity) {
    // Rare: an infinite value is a gap, not the range. Start over skipping them.
    min = Infinity; max = -Infinity;
    for (let i = 0; i < ys.length; i++) {
      const v = ys[i] as number;
      if (v - v !== 0) continue;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return min <= max ? [min, max] : undefined;
}

/**
 * Min and max of the finite y values whose x lies in [xMin, xMax], over several facets: the y
 * range a chart fits to (after a zoom, to the visible window). Undefined when there is none.
 */
export function yExtent(facets: readonly Facet[], xMin: number, xMax: number): [number, number] | undefined {
  let min = Infinity, max = -Infinity;
  for (const { xs, ys } of facets) {
    const end = upperBound(xs, xMax);
    for (let i = lowerBound(xs, xMin); i < end; i++) {
      const v = ys[i] as number;
      if (v - v !== 0) continue; // NaN or ±Infinity: a gap
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return min <= max ? [min, max] : undefined;
}

/** [first x, last x] over several facets; undefined when they are all empty. */
export function xExtent(facets: readonly Facet[]): [number, number] | undefined {
  let min = Infinity, max = -Infinity;
  for (const { xs } of facets) {
    if (xs.length === 0) continue;
    min = Math.min(min, xs[0] as number);
    max = Math.max(max, xs[xs.length - 1] as number);
  }
  return min <= max ? [min, max] : undefined;
}

/**
 * Tick values of a log axis over [min, max]: powers of ten (every k-th when there are many
 * decades), plus 2× and 5× when the range spans less than two decades.
 */
export function logTicks(min: number, max: number): number[] {
  if (!(min > 0) || !(max >= min)) return [];
  const lo = Math.floor(Math.log10(min)), hi = Math.ceil(Math.log10(max));
  const every = Math.max(1, Math.ceil((hi - lo) / 8));
  const multiples = hi - lo <= 2 ? [1, 2, 5] : [1];
  const out: number[] = [];
  for (let d = lo; d <= hi; d += every) {
    for (const m of multiples) {
      const v = Number((m * 10 ** d).toPrecision(12));
      if (v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9)) out.push(v);
    }
  }
  return out;
}

/** "1h 02m", "3m 05s", "12.5s": ticks and hover labels of the relative-time axis. */
export function formatDuration(seconds: number): string {
  const sign = seconds < 0 ? '-' : '';
  const s = Math.abs(seconds);
  if (s < 60) return `${sign}${Number(s.toFixed(s < 10 ? 2 : 1))}s`;
  const whole = Math.round(s);
  const h = Math.floor(whole / 3600), m = Math.floor((whole % 3600) / 60), sec = whole % 60;
  if (h > 0) return `${sign}${h}h ${String(m).padStart(2, '0')}m`;
  return `${sign}${m}m ${String(sec).padStart(2, '0')}s`;
}
