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

/** The axis of one param over the runs: numeric when every present value is a number. */
export function paramAxis(runs: readonly RunInfo[], name: string): SweepAxis {
  const numbers = new Map<string, number>();
  let numeric = true;
  for (const r of runs) {
    if (!Object.hasOwn(r.params, name)) continue;
    const n = asNumber(r.params[name] ?? null);
    if (n === undefined) { numeric = false; break; }
    numbers.set(r.id, n);
  }
  if (numeric && numbers.size > 0) return numericAxis(name, 'param', numbers, false);
  const label = (r: RunInfo): string => (Object.hasOwn(r.params, name) ? formatParam(r.params[name] ?? null) : MISSING_CATEGORY);
  const categories = [...new Set(runs.map(label))].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  const at = (c: string): number => (categories.length === 1 ? 0.5 : categories.indexOf(c) / (categories.length - 1));
  const positions = new Map<string, number>();
  const labels = new Map<string, string>();
  for (const r of runs) { positions.set(r.id, at(label(r))); labels.set(r.id, label(r)); }
  return {
    key: name, kind: 'param', scale: 'category', categories, positions, labels,
    ticks: categories.map((c) => ({ at: at(c), label: c })),
  };
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
