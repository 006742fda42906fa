// Geometry of the sweep views (parallel coordinates of params → metric, scatter of one param
// against one metric): which axes exist, their scale, and where a run's value sits on each.
// DOM-free and unit-tested; the canvas drawing lives in sweepView.ts.

import type { Goal, ParamValue, RunInfo } from './protocol';
import { finalValue, formatNumber, formatParam } from './tables';

export type AxisScale = 'linear' | 'log' | 'category';

export interface Tick { at: number; label: string }

export interface SweepAxis {
  key: string;
  kind: 'param' | 'metric';
  scale: AxisScale;
  /** Category labels bottom to top (category axes only). */
  categories: string[];
  /** Where each run sits, 0 = bottom .. 1 = top; undefined where the run has no usable value. */
  positions: Map<string, number>;
  /** The run's value as printed (tooltips). */
  labels: Map<string, string>;
  ticks: Tick[];
}

/** Placeholder category for a run that lacks a categorical param. */
export const MISSING_CATEGORY = '—';

/** A param value as a number when the whole column is numeric (MLflow sends "0.01" strings). */
function asNumber(v: ParamValue): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** Round tick values ("nice numbers") covering [min, max]; at most about `count` of them. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const rough = (max - min) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= rough) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

function numericAxis(key: string, kind: SweepAxis['kind'], values: Map<string, number>, flip: boolean): SweepAxis {
  const all = [...values.values()];
  const min = Math.min(...all), max = Math.max(...all);
  // A sweep over learning rates (1e-4 … 1e-1) reads best on a log axis.
  const log = min > 0 && max / min >= 100;
  const f = (v: number): number => (log ? Math.log10(v) : v);
  const lo = f(min), hi = f(max);
  const at = (v: number): number => {
    const t = hi > lo ? (f(v) - lo) / (hi - lo) : 0.5;
    return flip ? 1 - t : t;
  };
  const positions = new Map<string, number>();
  const labels = new Map<string, string>();
  for (const [id, v] of values) { positions.set(id, at(v)); labels.set(id, formatNumber(v)); }
  const tickValues = log
    ? Array.from({ length: Math.floor(hi) - Math.ceil(lo) + 1 }, (_, i) => 10 ** (Math.ceil(lo) + i))
    : niceTicks(min, max, 4);
  const ticks = (tickValues.length > 0 ? tickValues : [min, max])
    .map((v) => ({ at: at(v), label: formatNumber(v) }));
  return { key, kind, scale: log ? 'log' : 'linear', categories: [], positions, labels, ticks };
}

/**
 * A numeric param with at most this many distinct values gets a categorical axis: one tick per
 * value, evenly spaced. Grid sweeps try a handful of values per param (learning rates, l2
 * strengths, layer counts) and a linear or log scale would put its own round ticks between
 * them ("0 0 0 0.001"); a dozen labels still fit a 300 px axis. More values than that read as
 * a continuous range and keep the numeric scale.
 */
export const MAX_CATEGORY_VALUES = 12;

/** String of v with p significant digits and no trailing zeros ("0.001", "1e-7"). */
const withPrecision = (v: number, p: number): string => String(Number(v.toPrecision(p)));

/**
 * Tick labels for sorted distinct numbers: each as short as it can be (at most 5 significant
 * digits, like the tables), with digits added where neighbours would otherwise print the same
 * (1.00001 and 1.00002 rather than "1" twice).
 */
export function distinctLabels(sorted: readonly number[]): string[] {
  const precision = sorted.map(() => 5);
  const label = (i: number): string => withPrecision(sorted[i] as number, precision[i] as number);
  // Raising one label's precision can in principle make it meet its other neighbour, so passes
  // repeat until no neighbours collide; 17 digits tell any two distinct doubles apart.
  let changed = true;
  while (changed) {
    changed = false;
    for (let i = 0; i + 1 < sorted.length; i++) {
      if (label(i) !== label(i + 1) || (precision[i] as number) >= 17) continue;
      precision[i] = precision[i + 1] = Math.max(precision[i] as number, precision[i + 1] as number) + 1;
      changed = true;
    }
  }
  return sorted.map((_, i) => label(i));
}

function categoryAxis(key: string, categories: string[], labelOf: Map<string, string>): SweepAxis {
  const at = (c: string): number => (categories.length === 1 ? 0.5 : categories.indexOf(c) / (categories.length - 1));
  const positions = new Map<string, number>();
  for (const [id, c] of labelOf) positions.set(id, at(c));
  return {
    key, kind: 'param', scale: 'category', categories, positions, labels: labelOf,
    ticks: categories.map((c) => ({ at: at(c), label: c })),
  };
}

/**
 * The axis of one param over the runs: numeric when every present value is a number, and then
 * categorical (one tick per value) when there are few distinct values.
 */
export function paramAxis(runs: readonly RunInfo[], name: string): SweepAxis {
  const numbers = new Map<string, number>();
  let numeric = true;
  for (const r of runs) {
    if (!Object.hasOwn(r.params, name)) continue;
    const n = asNumber(r.params[name] ?? null);
    if (n === undefined) { numeric = false; break; }
    numbers.set(r.id, n);
  }
  if (numeric && numbers.size > 0) {
    const distinct = [...new Set(numbers.values())].sort((a, b) => a - b);
    if (distinct.length > MAX_CATEGORY_VALUES) return numericAxis(name, 'param', numbers, false);
    // Runs without the param have no position here, as on a numeric axis.
    const categories = distinctLabels(distinct);
    const labelOf = new Map<string, string>();
    for (const [id, n] of numbers) labelOf.set(id, categories[distinct.indexOf(n)] as string);
    return categoryAxis(name, categories, labelOf);
  }
  const label = (r: RunInfo): string => (Object.hasOwn(r.params, name) ? formatParam(r.params[name] ?? null) : MISSING_CATEGORY);
  const categories = [...new Set(runs.map(label))].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  return categoryAxis(name, categories, new Map(runs.map((r) => [r.id, label(r)])));
}

/** The metric axis; oriented so that the better end (per goal) is always at the top. */
export function metricAxis(runs: readonly RunInfo[], metric: string, goal: Goal): SweepAxis {
  const values = new Map<string, number>();
  for (const r of runs) {
    const v = finalValue(r, metric);
    if (v !== undefined) values.set(r.id, v);
  }
  if (values.size === 0) {
    return { key: metric, kind: 'metric', scale: 'linear', categories: [], positions: new Map(), labels: new Map(), ticks: [] };
  }
  return numericAxis(metric, 'metric', values, goal === 'minimize');
}

/** Parallel-coordinates axes: the given params (those that differ), then the metric, at most maxParams params. */
export function parallelAxes(runs: readonly RunInfo[], params: readonly string[], metric: string, goal: Goal, maxParams = 16): SweepAxis[] {
  return [...params.slice(0, maxParams).map((p) => paramAxis(runs, p)), metricAxis(runs, metric, goal)];
}

/**
 * Distance in px from (px, py) to a run's polyline across the axes at xs[]: used to find the
 * run under the pointer. Each axis' position is measured 0 = bottom, so y = top + (1 - t) * h.
 */
export function distanceToRun(axes: readonly SweepAxis[], runId: string, xs: readonly number[], top: number, height: number, px: number, py: number): number {
  let best = Infinity;
  for (let i = 0; i + 1 < axes.length; i++) {
    const x0 = xs[i] as number, x1 = xs[i + 1] as number;
    if (px < x0 || px > x1) continue;
    const t0 = axes[i]?.positions.get(runId), t1 = axes[i + 1]?.positions.get(runId);
    if (t0 === undefined || t1 === undefined) continue;
    const y0 = top + (1 - t0) * height, y1 = top + (1 - t1) * height;
    const y = x1 > x0 ? y0 + ((px - x0) / (x1 - x0)) * (y1 - y0) : y0;
    best = Math.min(best, Math.abs(py - y));
  }
  return best;
}

/** A tick label of a parallel-coordinates axis and the box behind it (left, top, size in px). */
export interface TickLabel { text: string; textX: number; textY: number; box: { x: number; y: number; width: number; height: number } }

/** Gap between an axis line and its labels' boxes, padding around the text inside a box. */
const LABEL_GAP = 3, LABEL_PAD = 2;

/** `text` cut with an ellipsis to fit `maxWidth` as `measure` reports widths. */
export function fitText(text: string, maxWidth: number, measure: (s: string) => number): string {
  if (measure(text) <= maxWidth) return text;
  let s = text;
  while (s.length > 1 && measure(`${s}…`) > maxWidth) s = s.slice(0, -1);
  return `${s}…`;
}

/**
 * Where one parallel axis' tick labels go: right-aligned just left of the axis line, vertically
 * centred on their tick, thinned (bottom up) so boxes never overlap. The view fills each box
 * with the editor background after drawing the run lines and before writing the text, so the
 * lines pass under the labels instead of through them.
 */
export function axisTickLabels(
  ticks: readonly Tick[], axisX: number, top: number, height: number,
  measure: (s: string) => number, lineHeight: number, maxWidth: number,
): TickLabel[] {
  const out: TickLabel[] = [];
  let lastTop = Infinity; // top edge of the last box kept; labels go bottom to top
  for (const tick of [...ticks].sort((a, b) => a.at - b.at)) {
    const y = top + (1 - tick.at) * height;
    const box = { y: y - lineHeight / 2, height: lineHeight };
    if (box.y + box.height > lastTop) continue;
    const text = fitText(tick.label, maxWidth, measure);
    const width = measure(text) + 2 * LABEL_PAD;
    const textX = axisX - LABEL_GAP - LABEL_PAD;
    out.push({ text, textX, textY: y, box: { x: axisX - LABEL_GAP - width, y: box.y, width, height: box.height } });
    lastTop = box.y;
  }
  return out;
}
