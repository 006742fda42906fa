// Whether a run's final metrics pass the pipeline's `gates:`: decides which run is deployable by
// default and why a deploy is refused. Pure: the gates come parsed (or as text) and the metrics as numbers.
import { parseGate } from '../pipeline/gates';
import type { GateOperator } from '../pipeline/types';
import type { GateOutcome } from '../runs/runModel';

/** A gate as the pipeline model holds it, or its text (`accuracy >= 0.9`). */
export type GateInput = string | { readonly metric: string; readonly op: GateOperator; readonly value: number };

export interface FailingGate {
  /** The gate as `<metric> <op> <value>`. */
  readonly expression: string;
  /** The run's final value of the metric; undefined when the run did not record it. */
  readonly actual: number | undefined;
}

export interface GateResult {
  readonly passed: boolean;
  readonly failing: readonly FailingGate[];
}

/**
 * Evaluates every gate against the final metrics. A metric the run did not record fails its gate
 * (an unmeasured model is not a passing one); a gate whose text does not parse fails as well.
 */
export function checkGates(gates: readonly GateInput[], metrics: Readonly<Record<string, number>>): GateResult {
  const failing = gates.map((gate) => judge(gate, metrics)).filter((g) => !g.passed).map(({ expression, actual }) => ({ expression, actual }));
  return { passed: failing.length === 0, failing };
}

/**
 * Every gate with the run's value and whether it holds: what the store keeps with a finished run.
 * A value JSON cannot hold (NaN, ±Infinity) is kept as `missing`, as an unrecorded one is; both fail.
 */
export function evaluateGates(gates: readonly GateInput[], metrics: Readonly<Record<string, number>>): GateOutcome[] {
  return gates.map((gate) => {
    const { expression, metric, actual, passed } = judge(gate, metrics);
    return { expression, metric, actual: actual !== undefined && Number.isFinite(actual) ? actual : 'missing', passed };
  });
}

/** Stored gate outcomes as the pass/fail answer refusals use. */
export function resultOfOutcomes(outcomes: readonly GateOutcome[]): GateResult {
  const failing = outcomes.filter((g) => !g.passed).map((g) => ({ expression: g.expression, actual: g.actual === 'missing' ? undefined : g.actual }));
  return { passed: failing.length === 0, failing };
}

/**
 * A run's gates: the result stored when it finished, when it was judged by these same gates (the
 * same answer, without evaluating again); else, as for older or imported runs or after the
 * pipeline's gates changed, evaluated now on its final metrics.
 */
export function runGateResult(gates: readonly GateInput[], run: { readonly metrics: Readonly<Record<string, number>>; readonly gates?: readonly GateOutcome[] | undefined }): GateResult {
  if (run.gates && sameGates(run.gates.map((g) => g.expression), gates.map((g) => judge(g, {}).expression))) return resultOfOutcomes(run.gates);
  return checkGates(gates, run.metrics);
}

function sameGates(stored: readonly string[], current: readonly string[]): boolean {
  if (stored.length !== current.length) return false;
  const a = [...stored].sort(), b = [...current].sort();
  return a.every((e, i) => e === b[i]);
}

interface Judged {
  readonly expression: string;
  readonly metric: string;
  readonly actual: number | undefined;
  readonly passed: boolean;
}

function judge(gate: GateInput, metrics: Readonly<Record<string, number>>): Judged {
  const parsed = typeof gate === 'string' ? parseGate(gate) : { ok: true as const, ...gate };
  if (!parsed.ok) return { expression: typeof gate === 'string' ? gate.trim() : '', metric: '', actual: undefined, passed: false };
  const expression = `${parsed.metric} ${parsed.op} ${parsed.value}`;
  const actual = Object.prototype.hasOwnProperty.call(metrics, parsed.metric) ? metrics[parsed.metric] : undefined;
  const passed = actual !== undefined && Number.isFinite(actual) && compare(actual, parsed.op, parsed.value);
  return { expression, metric: parsed.metric, actual, passed };
}

/** One sentence listing the failing gates with the run's values, for refusals. */
export function describeFailingGates(failing: readonly FailingGate[]): string {
  return failing.map((g) => `${g.expression} (${g.actual === undefined ? 'not recorded' : `was ${g.actual}`})`).join(', ');
}

function compare(actual: number, op: GateOperator, value: number): boolean {
  switch (op) {
    case '>=': return actual >= value;
    case '>': return actual > value;
    case '<=': return actual <= value;
    case '<': return actual < value;
    case '==': return actual === value;
    case '!=': return actual !== value;
  }
}
