import type { GateOutcome } from '../../core/runs/runModel';

// What the Experiments tree writes on each row, kept free of `vscode` so it is unit-tested as
// plain strings. Rows must fit the default sidebar width: the label is a short name, the
// description one compact fact (the key metric), and everything else goes in the tooltip.

/** A count as users read it: 3334 → "3,334" (fixed grouping, so tests and screenshots agree). */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** The description of an experiment group: all its runs, or how many of them the filter shows. */
export function groupDescription(shown: number, total: number, filtered: boolean): string {
  if (filtered) return `${formatCount(shown)} of ${formatCount(total)} runs`;
  return `${formatCount(total)} run${total === 1 ? '' : 's'}`;
}

/** A metric value in at most three significant digits: 0.96666 → "0.967", 0.9 → "0.9". */
export function formatMetricValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value) || Math.abs(value) >= 1000) return formatCount(value);
  if (value !== 0 && Math.abs(value) < 0.001) return value.toExponential(2).replace(/\.?0+e/, 'e');
  return value.toPrecision(3).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}

/** The last part of a metric's name (`test/accuracy` → `accuracy`); the tooltip has the full name. */
export function metricShortName(name: string): string {
  const parts = name.split('/').filter(Boolean);
  return parts[parts.length - 1] ?? name;
}

const sweepName = /^sweep of (\d+) \((.*)\)$/;

export interface RunRow {
  /** The row's label: the run's name, or `sweep ×6` for a sweep the runner named. */
  readonly label: string;
  /** Starred mark, key metric, and a sweep's swept params, joined by " · ". */
  readonly description: string;
}

export interface RunFacts {
  readonly name: string;
  readonly starred?: boolean;
  readonly metrics: Readonly<Record<string, number>>;
}

/** The label and description of a run row; `keyMetric` is the metric to show, when the run has it. */
export function runRow(run: RunFacts, keyMetric: string | undefined): RunRow {
  const sweep = sweepName.exec(run.name);
  const label = sweep ? `sweep ×${sweep[1]}` : run.name;
  const value = keyMetric === undefined ? undefined : run.metrics[keyMetric];
  const parts = [
    run.starred ? '★' : undefined,
    value === undefined ? undefined : `${metricShortName(keyMetric!)} ${formatMetricValue(value)}`,
    sweep ? sweep[2]!.split(',').map((p) => p.trim().split('.').pop()).join(', ') : undefined,
  ];
  return { label, description: parts.filter(Boolean).join(' · ') };
}

export interface GateLines {
  /** `Gates passed`, or `Gates failed: 1 of 2`. */
  readonly heading: string;
  /** One per gate: `✓ test/accuracy >= 0.9: 0.933` / `✗ auc > 0.8: not recorded`. */
  readonly lines: readonly string[];
  readonly passed: boolean;
}

/** What the tooltip says of a run's stored gates; undefined when it has none (nothing is shown). */
export function gateLines(gates: readonly GateOutcome[] | undefined): GateLines | undefined {
  if (!gates || gates.length === 0) return undefined;
  const failed = gates.filter((g) => !g.passed).length;
  return {
    heading: failed === 0 ? 'Gates passed' : `Gates failed: ${failed} of ${gates.length}`,
    // Unrounded: a value just under the threshold must never print as the threshold.
    lines: gates.map((g) => `${g.passed ? '✓' : '✗'} ${g.expression}: ${g.actual === 'missing' ? 'not recorded' : String(g.actual)}`),
    passed: failed === 0,
  };
}
