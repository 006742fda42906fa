// Gate expressions: `<metric> <op> <number>`, e.g. "accuracy >= 0.9".
import type { GateOperator } from './types';

export type GateParse =
  | { ok: true; metric: string; op: GateOperator; value: number }
  /** `at` is the offending part, relative to the expression; `fix` a replacement for it. */
  | { ok: false; message: string; at?: { start: number; end: number }; fix?: { text: string } };

const OPERATORS: readonly GateOperator[] = ['>=', '<=', '==', '!=', '>', '<'];
const TYPOS: Record<string, GateOperator> = { '=>': '>=', '=<': '<=', '=': '==', '<>': '!=', '=!': '!=', '≥': '>=', '≤': '<=', '≠': '!=' };
const SHAPE = "write '<metric> <op> <number>', e.g. 'accuracy >= 0.9', with op one of >= > <= < == !=";

export function parseGate(expression: string): GateParse {
  const m = /^(\s*)([A-Za-z_][\w./-]*)(\s*)([<>=!≥≤≠]+)(\s*)(.*?)\s*$/u.exec(expression);
  if (!m) {
    const metric = /^\s*([A-Za-z_][\w./-]*)\s*$/.exec(expression);
    if (metric) return { ok: false, message: `Gate '${expression.trim()}' has no comparison: ${SHAPE}.` };
    return { ok: false, message: `Gate '${expression.trim()}' is not a condition: ${SHAPE}.` };
  }
  const [, lead = '', metric = '', gap1 = '', opText = '', gap2 = '', rest = ''] = m;
  const opStart = lead.length + metric.length + gap1.length;
  const opRange = { start: opStart, end: opStart + opText.length };
  const op = OPERATORS.find((o) => o === opText);
  if (!op) {
    const fixed = TYPOS[opText];
    if (fixed) return { ok: false, message: `Unknown operator '${opText}' in gate; did you mean '${fixed}'?`, at: opRange, fix: { text: fixed } };
    return { ok: false, message: `Unknown operator '${opText}' in gate: use one of >= > <= < == !=.`, at: opRange };
  }
  const valueStart = opRange.end + gap2.length;
  const valueRange = { start: valueStart, end: valueStart + rest.length };
  if (rest === '') return { ok: false, message: `Gate '${expression.trim()}' has no number to compare with: ${SHAPE}.`, at: opRange };
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(rest)) {
    return { ok: false, message: `'${rest}' is not a number; a gate compares a metric with a number, e.g. 'accuracy >= 0.9'.`, at: valueRange };
  }
  return { ok: true, metric, op, value: Number(rest) };
}
