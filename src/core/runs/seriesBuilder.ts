import type { MetricPoint, MetricSeries } from './runModel';

class Column {
  data = new Float64Array(64);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }
  done(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

/** Collects points into per-metric columns, keeping the order they were logged in. */
export class SeriesBuilder {
  private readonly columns = new Map<string, { steps: Column; values: Column; timestamps: Column }>();

  add(point: MetricPoint): void {
    let c = this.columns.get(point.metric);
    if (!c) {
      c = { steps: new Column(), values: new Column(), timestamps: new Column() };
      this.columns.set(point.metric, c);
    }
    c.steps.push(point.step);
    c.values.push(point.value);
    c.timestamps.push(point.timestamp);
  }

  get size(): number {
    return this.columns.size;
  }

  build(metrics?: ReadonlySet<string>): Record<string, MetricSeries> {
    const out: Record<string, MetricSeries> = {};
    for (const [name, c] of this.columns) {
      if (metrics && !metrics.has(name)) continue;
      out[name] = { steps: c.steps.done(), values: c.values.done(), timestamps: c.timestamps.done() };
    }
    return out;
  }
}

/** The last value of each series: what a run's final metrics default to. */
export function lastValues(series: Readonly<Record<string, MetricSeries>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, s] of Object.entries(series)) {
    if (s.values.length > 0) out[name] = s.values[s.values.length - 1]!;
  }
  return out;
}
