// The logic behind the metrics and params tables: which direction is better for a metric, which
// runs hold the best value, which params differ, how numbers print. DOM-free and unit-tested.

import type { GateInfo, Goal, ParamValue, RunInfo } from './protocol';

/**
 * Lower is better for losses, errors, distances and costs; higher for everything else
 * (accuracy, f1, auc, reward...). Matched on name parts so "val_loss", "eval/mse" and
 * "p99LatencyMs" are caught, while "lossless_ratio" is not.
 */
const MINIMIZE_PARTS = new Set([
  'loss', 'losses', 'error', 'errors', 'err', 'mse', 'rmse', 'mae', 'mape', 'smape', 'rmsle', 'msle',
  'latency', 'perplexity', 'ppl', 'wer', 'cer', 'ter', 'time', 'duration', 'seconds', 'ms', 'cost',
  'regret', 'distance', 'fid', 'nll', 'bpd', 'bpc', 'logloss', 'brier', 'hamming', 'penalty',
]);

/** The goal of a metric: the host's when it knows one, else guessed from the name. */
export function metricGoal(name: string, known?: Goal): Goal {
  if (known) return known;
  // Split snake_case, kebab-case, paths, dots and camelCase into lower-case parts.
  const parts = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/);
  return parts.some((p) => MINIMIZE_PARTS.has(p)) ? 'minimize' : 'maximize';
}

/** A finite number from a run's final metrics, or undefined (missing, null, or a non-own key). */
export function finalValue(run: RunInfo, metric: string): number | undefined {
  if (!Object.hasOwn(run.finalMetrics, metric)) return undefined;
  const v = run.finalMetrics[metric];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Ids of the runs holding the best value of a metric (all of them on a tie; none if no values). */
export function bestRunIds(runs: readonly RunInfo[], metric: string, goal: Goal): Set<string> {
  let best: number | undefined;
  for (const r of runs) {
    const v = finalValue(r, metric);
    if (v === undefined) continue;
    if (best === undefined || (goal === 'maximize' ? v > best : v < best)) best = v;
  }
  const ids = new Set<string>();
  if (best === undefined) return ids;
  for (const r of runs) if (finalValue(r, metric) === best) ids.add(r.id);
  return ids;
}

/**
 * The metrics of a comparison as the Metrics table lists them and the panel header counts them
 * (one function, so "N metrics" matches the table's columns): every metric some run has a final
 * value for, in chart order (primary first) and then the rest sorted.
 */
export function metricColumns(chartMetrics: readonly string[], runs: readonly RunInfo[]): string[] {
  const names = new Set<string>();
  for (const r of runs) for (const k of Object.keys(r.finalMetrics)) names.add(k);
  const ordered = chartMetrics.filter((m) => names.has(m));
  const rest = [...names].filter((m) => !ordered.includes(m)).sort();
  return [...ordered, ...rest];
}

/** The panel header's summary, e.g. "3 runs · 5 metrics". */
export function compareSummary(runs: number, metrics: number): string {
  return `${runs} run${runs === 1 ? '' : 's'} · ${metrics} metric${metrics === 1 ? '' : 's'}`;
}

const MISSING = Symbol('missing');

function paramKey(run: RunInfo, name: string): string | typeof MISSING {
  if (!Object.hasOwn(run.params, name)) return MISSING;
  // MLflow stores every param as a string, other stores keep types: 0.1 and "0.1" are the same
  // setting to the user, so compare what the table prints.
  return formatParam(run.params[name] ?? null);
}

/**
 * Param names to show: with `showAll`, every name; otherwise only those whose value differs
 * between at least two runs (a name some runs lack counts as differing).
 */
export function paramColumns(runs: readonly RunInfo[], names: readonly string[], showAll: boolean): string[] {
  if (showAll) return [...names];
  return names.filter((name) => {
    const first = runs[0] ? paramKey(runs[0], name) : MISSING;
    return runs.some((r) => paramKey(r, name) !== first);
  });
}

export function formatParam(v: ParamValue): string {
  if (v === null) return 'null';
  if (typeof v === 'number') return formatNumber(v);
  return String(v);
}

/** Up to 5 significant digits, integers as they are, exponents for the very large and small. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v) && Math.abs(v) < 1e9) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-4 || a >= 1e9)) return v.toExponential(3).replace(/\.?0+e/, 'e');
  return String(Number(v.toPrecision(5)));
}

export type SortKey = { kind: 'name' } | { kind: 'metric'; name: string } | { kind: 'param'; name: string };

/**
 * Runs ordered by a column. Metric columns sort best first (per their goal) and always keep runs
 * without a value at the end, whichever the direction.
 */
export function sortRuns(runs: readonly RunInfo[], key: SortKey, descending: boolean, goal: Goal = 'maximize'): RunInfo[] {
  const sign = descending ? -1 : 1;
  const out = [...runs];
  if (key.kind === 'name') return out.sort((a, b) => sign * a.name.localeCompare(b.name, undefined, { numeric: true }));
  if (key.kind === 'param') {
    return out.sort((a, b) => {
      const va = paramKey(a, key.name), vb = paramKey(b, key.name);
      if (va === MISSING || vb === MISSING) return va === vb ? 0 : va === MISSING ? 1 : -1;
      const na = Number(va), nb = Number(vb);
      const cmp = va !== '' && vb !== '' && Number.isFinite(na) && Number.isFinite(nb) ? na - nb : va.localeCompare(vb);
      return sign * cmp;
    });
  }
  // "Ascending" on a metric column means best first.
  const better = goal === 'maximize' ? -1 : 1;
  return out.sort((a, b) => {
    const va = finalValue(a, key.name), vb = finalValue(b, key.name);
    if (va === undefined || vb === undefined) return va === vb ? 0 : va === undefined ? 1 : -1;
    return sign * better * (va - vb);
  });
}

/** Whether the Metrics table has a Gates column: some run carries gate results. */
export function hasGateColumn(runs: readonly RunInfo[]): boolean {
  return runs.some((r) => (r.gates?.length ?? 0) > 0);
}

export interface GateCell {
  readonly state: 'passed' | 'failed' | 'none';
  /** `passed`, `failed: test/accuracy >= 0.9 (0.867)`, or `—` when the run has no gate results. */
  readonly text: string;
  /** Every gate, ✓ or ✗ with the run's value, for the cell's tooltip. */
  readonly title: string | undefined;
}

function gateValue(g: GateInfo): string {
  // Unrounded: a value just under the threshold must never print as the threshold.
  return g.actual === null ? 'not recorded' : String(g.actual);
}

/** A run's cell in the Gates column. */
export function gateCell(run: RunInfo): GateCell {
  const gates = run.gates ?? [];
  if (gates.length === 0) return { state: 'none', text: '—', title: undefined };
  const failing = gates.filter((g) => !g.passed);
  const title = gates.map((g) => `${g.passed ? '✓' : '✗'} ${g.expression}: ${gateValue(g)}`).join('\n');
  if (failing.length === 0) return { state: 'passed', text: 'passed', title };
  return { state: 'failed', text: `failed: ${failing.map((g) => `${g.expression} (${gateValue(g)})`).join(', ')}`, title };
}
