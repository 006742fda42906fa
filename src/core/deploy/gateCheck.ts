// Whether a run's final metrics pass the pipeline's `gates:`: decides which run is deployable by
// default and why a deploy is refused. Pure: the gates come parsed (or as text) and the metrics as numbers.
import { parseGate } from '../pipeline/gates';
import type { GateOperator } from '../pipeline/types';

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
  const failing: FailingGate[] = [];
  for (const gate of gates) {
    const parsed = typeof gate === 'string' ? parseGate(gate) : { ok: true as const, ...gate };
    if (!parsed.ok) {
      failing.push({ expression: typeof gate === 'string' ? gate.trim() : '', actual: undefined });
      continue;
    }
    const expression = `${parsed.metric} ${parsed.op} ${parsed.value}`;
    const actual = Object.prototype.hasOwnProperty.call(metrics, parsed.metric) ? metrics[parsed.metric] : undefined;
    if (actual === undefined || !Number.isFinite(actual) || !compare(actual, parsed.op, parsed.value)) failing.push({ expression, actual });
  }
  return { passed: failing.length === 0, failing };
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
