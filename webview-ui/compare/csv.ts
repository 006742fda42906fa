// CSV export of the compared runs' metric histories, one row per point, RFC 4180 quoting.
// DOM-free and unit-tested.

import type { MetricHistory, RunInfo } from './protocol';

export const CSV_HEADER = 'run_id,run_name,experiment,metric,step,value,timestamp';

/** Quotes a field when it holds a comma, quote, CR or LF, doubling inner quotes. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Rows `run_id,run_name,experiment,metric,step,value,timestamp` (timestamp in ms since the epoch;
 * non-finite values as NaN, Infinity, -Infinity, which pandas and Python read back), runs in the
 * given order, then metrics.
 * Built in chunks joined once: a million points make a ~60 MB string, and repeated `+=` on a
 * string that size is what makes exports slow.
 */
export function toCsv(
  runs: readonly RunInfo[],
  metrics: readonly string[],
  history: (metric: string, runId: string) => MetricHistory | undefined,
): string {
  const chunks: string[] = [CSV_HEADER];
  for (const run of runs) {
    const prefix = `${csvField(run.id)},${csvField(run.name)},${csvField(run.experiment)},`;
    for (const metric of metrics) {
      const h = history(metric, run.id);
      if (!h) continue;
      const head = `${prefix}${csvField(metric)},`;
      const lines = new Array<string>(h.steps.length);
      for (let i = 0; i < h.steps.length; i++) lines[i] = `${head}${h.steps[i]},${h.values[i]},${h.timestamps[i]}`;
      if (lines.length > 0) chunks.push(lines.join('\r\n'));
    }
  }
  return `${chunks.join('\r\n')}\r\n`;
}

/** "mlops-compare-20250131-142501.csv": sortable, and a plain file name the host accepts. */
export function exportFileName(kind: 'csv' | 'png', now: Date, label = 'mlops-compare'): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
  const safe = label.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '').slice(0, 80) || 'mlops-compare';
  return `${safe}-${stamp}.${kind}`;
}
