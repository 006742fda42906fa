import { parse as parseYaml } from 'yaml';
import { flattenJson, flattenMetrics, parseJsonLenient, toMetricNumber } from './flatten';
import type { JsonValue, MetricSeries, RunRecord } from './runModel';

/**
 * A DVCLive folder, read-only:
 *   metrics.json                   latest values (nested allowed) and "step"
 *   params.yaml                    params (nested → dotted keys)
 *   plots/metrics/<name>.tsv       tab-separated, header "[timestamp] step <name>"; <name> may
 *                                  hold '/' as sub-folders (train/loss.tsv is "train/loss")
 */
export function parseDvcliveMetricsJson(text: string): Record<string, number> {
  const parsed = parseJsonLenient(text);
  const metrics = flattenMetrics(parsed);
  delete metrics.step;
  return metrics;
}

export function dvcliveStep(text: string): number | undefined {
  const parsed = parseJsonLenient(text) as { step?: unknown } | undefined;
  return typeof parsed?.step === 'number' ? parsed.step : undefined;
}

export function parseDvcliveParams(text: string): Record<string, JsonValue> {
  try {
    return flattenJson(parseYaml(text));
  } catch {
    return {};
  }
}

/** Reads a metric TSV; the value column is the one that is neither `step` nor `timestamp`. */
export function parseDvcliveTsv(text: string, name: string): MetricSeries {
  const lines = text.split('\n');
  const header = (lines[0] ?? '').trim().split('\t');
  const stepCol = header.indexOf('step');
  const tsCol = header.indexOf('timestamp');
  let valueCol = header.indexOf(name.split('/').pop() ?? name);
  if (valueCol < 0) valueCol = header.findIndex((_, i) => i !== stepCol && i !== tsCol);
  const steps: number[] = [];
  const values: number[] = [];
  const timestamps: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    // The last line may be one DVCLive is still writing: a line is only read once it ends.
    if (i === lines.length - 1) break;
    const cells = lines[i]!.replace(/\r$/, '').split('\t');
    if (cells.length < header.length) continue;
    const raw = cells[valueCol] ?? '';
    const value = /^[-+]?(\d|\.\d)/.test(raw) ? Number(raw) : toMetricNumber(raw);
    if (value === undefined) continue;
    const step = stepCol >= 0 ? Number(cells[stepCol]) : steps.length;
    const ts = tsCol >= 0 ? Number(cells[tsCol]) : 0;
    values.push(value);
    steps.push(Number.isFinite(step) ? step : steps.length);
    timestamps.push(Number.isFinite(ts) ? ts : 0);
  }
  return { steps: Float64Array.from(steps), values: Float64Array.from(values), timestamps: Float64Array.from(timestamps) };
}

export function dvcliveRunId(relativeDir: string): string {
  return `dvclive:${relativeDir}`;
}

export function dvcliveRunRecord(input: { relativeDir: string; params: Record<string, JsonValue>; metrics: Record<string, number>; modifiedAt: number }): RunRecord {
  return {
    id: dvcliveRunId(input.relativeDir),
    rev: 0,
    source: 'dvclive',
    name: input.relativeDir,
    experiment: 'dvclive',
    status: 'finished',
    createdAt: input.modifiedAt,
    endedAt: input.modifiedAt,
    params: input.params,
    metrics: input.metrics,
    tags: {},
    notes: '',
    starred: false,
    artifacts: [],
    data: [],
    stages: [],
    history: 'imported',
  };
}
