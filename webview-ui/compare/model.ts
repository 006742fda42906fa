// The webview's copy of the compared runs, built from `init` and kept current by `append` and
// `runUpdated`. Maps instead of the message's plain objects: a metric or run id such as
// "constructor" must not find Object.prototype's members. DOM-free and unit-tested.

import type { CompareState, Goal, MetricHistory, RunInfo } from './protocol';
import { runColour } from './palette';
import { metricColumns, metricGoal } from './tables';

/** Raw-line tints append an alpha byte to the colour, so anything but '#rrggbb' gets a palette colour. */
const HEX_COLOUR = /^#[0-9a-f]{6}$/i;
const withColour = (run: RunInfo, index: number): RunInfo =>
  ({ ...run, colour: HEX_COLOUR.test(run.colour) ? run.colour : runColour(index) });

export type AppendResult = 'appended' | 'newMetric' | 'ignored';

/**
 * A history that live points can grow: arrays with spare capacity past `length`, doubled when
 * full, so appending stays amortised O(1) and the charts' views stay copy-free.
 */
interface GrowableHistory {
  steps: Float64Array;
  values: Float64Array;
  timestamps: Float64Array;
  length: number;
}

function grow(h: GrowableHistory, extra: number): void {
  const needed = h.length + extra;
  if (needed <= h.steps.length) return;
  const capacity = Math.max(needed, h.steps.length * 2, 64);
  for (const key of ['steps', 'values', 'timestamps'] as const) {
    const next = new Float64Array(capacity);
    next.set(h[key].subarray(0, h.length));
    h[key] = next;
  }
}

export class CompareModel {
  readonly runs: RunInfo[];
  readonly metrics: string[];
  readonly primaryMetric: string | null;
  private readonly runIndex = new Map<string, number>();
  private readonly histories = new Map<string, Map<string, GrowableHistory>>();
  private readonly goals = new Map<string, Goal>();

  constructor(state: CompareState) {
    this.runs = state.runs.map(withColour);
    this.runs.forEach((r, i) => this.runIndex.set(r.id, i));
    this.primaryMetric = state.primaryMetric;
    for (const [metric, goal] of Object.entries(state.goals)) this.goals.set(metric, goal);
    const metrics = [...new Set(state.metrics)];
    for (const [metric, byRun] of Object.entries(state.histories)) {
      const map = new Map<string, GrowableHistory>();
      for (const [runId, h] of Object.entries(byRun)) {
        if (this.runIndex.has(runId)) map.set(runId, { steps: h.steps, values: h.values, timestamps: h.timestamps, length: h.steps.length });
      }
      this.histories.set(metric, map);
      if (!metrics.includes(metric)) metrics.push(metric);
    }
    // The primary metric's chart comes first: it is what the user compares runs by.
    if (state.primaryMetric !== null && metrics.includes(state.primaryMetric)) {
      metrics.splice(metrics.indexOf(state.primaryMetric), 1);
      metrics.unshift(state.primaryMetric);
    }
    this.metrics = metrics;
  }

  indexOf(runId: string): number {
    return this.runIndex.get(runId) ?? -1;
  }

  run(runId: string): RunInfo | undefined {
    const i = this.runIndex.get(runId);
    return i === undefined ? undefined : this.runs[i];
  }

  /** A run's history of a metric: views onto the stored arrays (valid until the next append). */
  history(metric: string, runId: string): MetricHistory | undefined {
    const h = this.histories.get(metric)?.get(runId);
    if (!h) return undefined;
    // The common case (no live points yet) hands out the arrays the host sent, untouched.
    if (h.length === h.steps.length) return { steps: h.steps, values: h.values, timestamps: h.timestamps };
    return { steps: h.steps.subarray(0, h.length), values: h.values.subarray(0, h.length), timestamps: h.timestamps.subarray(0, h.length) };
  }

  /** Number of points of a run's metric (cheap: charts poll it to spot live points). */
  historyLength(metric: string, runId: string): number {
    return this.histories.get(metric)?.get(runId)?.length ?? 0;
  }

  goal(metric: string): Goal {
    return metricGoal(metric, this.goals.get(metric));
  }

  /** Total number of points held, over every metric and run. */
  pointCount(): number {
    let n = 0;
    for (const byRun of this.histories.values()) for (const h of byRun.values()) n += h.length;
    return n;
  }

  /** Appends live points to a run's history. Points for a run that is not compared are ignored. */
  append(runId: string, metric: string, points: MetricHistory): AppendResult {
    if (!this.runIndex.has(runId)) return 'ignored';
    let byRun = this.histories.get(metric);
    const isNew = !this.metrics.includes(metric);
    if (!byRun) { byRun = new Map(); this.histories.set(metric, byRun); }
    let h = byRun.get(runId);
    if (!h) { h = { steps: new Float64Array(0), values: new Float64Array(0), timestamps: new Float64Array(0), length: 0 }; byRun.set(runId, h); }
    const n = points.steps.length;
    grow(h, n);
    h.steps.set(points.steps, h.length);
    h.values.set(points.values, h.length);
    h.timestamps.set(points.timestamps, h.length);
    h.length += n;
    if (isNew) this.metrics.push(metric);
    return isNew ? 'newMetric' : 'appended';
  }

  /**
   * Makes room for `extra` more points in each of a run's histories ahead of time: the panel
   * calls it for running runs while idle, so their first live points need no copy.
   */
  reserve(runId: string, extra: number): void {
    for (const byRun of this.histories.values()) {
      const h = byRun.get(runId);
      if (h) grow(h, Math.max(1, extra));
    }
  }

  /** Replaces a run's summary; false when the run is not part of this comparison. */
  updateRun(run: RunInfo): boolean {
    const i = this.runIndex.get(run.id);
    if (i === undefined) return false;
    this.runs[i] = withColour(run, i);
    return true;
  }

  /** Origin of the relative-time axis: the run's start, else its earliest recorded point. */
  timeOrigin(runId: string): number {
    const start = this.run(runId)?.startTime;
    if (start !== null && start !== undefined) return start;
    let origin = Infinity;
    for (const byRun of this.histories.values()) {
      const h = byRun.get(runId);
      if (h && h.length > 0) origin = Math.min(origin, h.timestamps[0] as number);
    }
    return Number.isFinite(origin) ? origin : 0;
  }

  /** Columns of the metrics table: the primary metric, then chart order, then the rest sorted. */
  finalMetricNames(): string[] {
    return metricColumns(this.metrics, this.runs);
  }

  /** Every param name any run has, sorted. */
  paramNames(): string[] {
    const names = new Set<string>();
    for (const r of this.runs) for (const k of Object.keys(r.params)) names.add(k);
    return [...names].sort();
  }
}
