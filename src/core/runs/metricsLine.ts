import { flattenJson, flattenMetrics, formatNumber, parseJsonLenient, toJsonValue, toMetricNumber } from './flatten';
import type { JsonValue, MetricPoint } from './runModel';

/**
 * The JSON-lines forms a metrics file may hold (docs/store.md, "Metrics files"):
 *   {"metric": "loss", "value": 0.4, "step": 3, "timestamp": 1795468656.78}   one point
 *   {"param": "lr", "value": 0.1}                                              one param
 *   {"params": {"train": {"lr": 0.1}}}                                         several params
 *   {"step": 3, "loss": 0.4, "accuracy": 0.9, "time": 1795468656.78}           wide: a point per key
 * Step and timestamp are optional everywhere.
 */
export interface ParsedLine {
  /** Points with the step and timestamp the line gave, if any. */
  readonly points: readonly { metric: string; value: number; step?: number; timestamp?: number }[];
  readonly params: Readonly<Record<string, JsonValue>>;
}

const timeKeys = ['timestamp', 'time', 'ts', '_timestamp'];

/** Seconds (Python's time.time()) or milliseconds: values above 1e11 are milliseconds. */
export function toEpochMs(value: unknown): number | undefined {
  if (typeof value === 'string') {
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? undefined : parsed;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  return Math.round(value > 1e11 ? value : value * 1000);
}

function finiteStep(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Reads one line; undefined for blank lines, non-JSON and JSON that carries nothing we know. */
export function parseMetricsLine(line: string): ParsedLine | undefined {
  const text = line.trim();
  if (!text.startsWith('{')) return undefined;
  const json = parseJsonLenient(text);
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return undefined;
  const obj = json as Record<string, unknown>;

  if (typeof obj.metric === 'string') {
    const value = toMetricNumber(obj.value);
    if (value === undefined) return undefined;
    return { points: [{ metric: obj.metric, value, step: finiteStep(obj.step), timestamp: toEpochMs(obj.timestamp) }], params: {} };
  }
  if (typeof obj.param === 'string') {
    return { points: [], params: { [obj.param]: toJsonValue(obj.value) } };
  }
  if (obj.params !== null && typeof obj.params === 'object' && !Array.isArray(obj.params) && Object.keys(obj).length === 1) {
    return { points: [], params: flattenJson(obj.params) };
  }

  // Wide form: every numeric key but the step and time keys is a metric at that step.
  const step = finiteStep(obj.step) ?? (obj.step === undefined ? finiteStep(obj.epoch) : undefined);
  let timestamp: number | undefined;
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(obj)) {
    if (key === 'step' || (key === 'epoch' && obj.step === undefined)) continue;
    if (timeKeys.includes(key)) {
      timestamp ??= toEpochMs(value);
      continue;
    }
    rest[key] = value;
  }
  const metrics = flattenMetrics(rest);
  const points = Object.entries(metrics).map(([metric, value]) => ({ metric, value, step, timestamp }));
  if (points.length === 0) return undefined;
  return { points, params: {} };
}

/**
 * Gives every point a step and a timestamp: a point without a step takes the metric's previous
 * step + 1 (0 for the first), one without a timestamp takes `now()`.
 */
export class PointResolver {
  private readonly lastStep = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Tells the resolver about points already stored (a resumed journal). */
  seen(metric: string, step: number): void {
    const last = this.lastStep.get(metric);
    if (last === undefined || step > last) this.lastStep.set(metric, step);
  }

  resolve(points: ParsedLine['points']): MetricPoint[] {
    const now = Math.round(this.now());
    return points.map((p) => {
      const last = this.lastStep.get(p.metric);
      const step = p.step ?? (last === undefined ? 0 : last + 1);
      this.lastStep.set(p.metric, step);
      return { metric: p.metric, value: p.value, step, timestamp: p.timestamp ?? now };
    });
  }
}

/** One journal line (the long form, timestamp in milliseconds), newline included. */
export function formatPointLine(point: MetricPoint): string {
  return `{"metric":${JSON.stringify(point.metric)},"value":${formatNumber(point.value)},"step":${formatNumber(point.step)},"timestamp":${formatNumber(point.timestamp)}}\n`;
}

export function formatParamLine(name: string, value: JsonValue): string {
  return `${JSON.stringify({ param: name, value })}\n`;
}

/**
 * Splits text into complete lines; the text after the last newline is returned apart, because a
 * writer may still be in the middle of it (or died there: a torn line is never shown).
 */
export function splitLines(text: string): { lines: string[]; rest: string } {
  const end = text.lastIndexOf('\n');
  if (end < 0) return { lines: [], rest: text };
  return { lines: text.slice(0, end).split('\n'), rest: text.slice(end + 1) };
}
