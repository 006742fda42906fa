import { radixSortFloat64 } from './radixSort';

/** A cell as read from CSV (string) or JSON (any scalar; objects arrive as JSON text). */
export type Cell = string | number | boolean | null | undefined;

/** How a cell reads as a number: finite, missing/NaN/infinite, or text. */
export function classifyCell(cell: Cell): { kind: 'number'; value: number } | { kind: 'missing' } | { kind: 'text'; text: string } {
  if (cell === null || cell === undefined) return { kind: 'missing' };
  if (typeof cell === 'number') return Number.isFinite(cell) ? { kind: 'number', value: cell } : { kind: 'missing' };
  if (typeof cell === 'boolean') return { kind: 'text', text: String(cell) };
  const trimmed = cell.trim();
  if (trimmed === '' || /^[+-]?(nan|inf|infinity)$/i.test(trimmed)) return { kind: 'missing' };
  const value = Number(trimmed);
  return Number.isFinite(value) && !/^0x/i.test(trimmed) ? { kind: 'number', value } : { kind: 'text', text: trimmed };
}

/** A growable Float64Array: 8 bytes a value, so a million rows × 20 columns is 160 MB. */
export class NumberColumn {
  private data = new Float64Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }
  pushAll(values: Float64Array): void {
    this.reserve(this.length + values.length);
    this.data.set(values, this.length);
    this.length += values.length;
  }
  /** Room for `count` values in all, so a column whose size is known roughly grows once, not by doubling. */
  reserve(count: number): void {
    if (count <= this.data.length) return;
    const bigger = new Float64Array(count);
    bigger.set(this.data.subarray(0, this.length));
    this.data = bigger;
  }
  /** The values in arrival order (a view, not a copy). */
  values(): Float64Array {
    return this.data.subarray(0, this.length);
  }
  /** The values, sorted ascending, in an array of exactly `length`. */
  sorted(): Float64Array {
    return radixSortFloat64(this.data.slice(0, this.length));
  }
}

/**
 * One column of the reference, before its type is known: numbers go to a typed array, text
 * cells are counted (the column may turn out categorical; then the numbers join the counts,
 * see `categoryCounts`), and the first missing or NaN cell is remembered for the message.
 */
export class ReferenceColumn {
  readonly numbers = new NumberColumn();
  private readonly textCounts = new Map<string, number>();
  texts = 0;
  missing = 0;
  firstMissingRow: number | undefined;
  constructor(readonly name: string) {}
  add(cell: Cell, row: number): void {
    const fast = fastNumber(cell);
    if (fast !== undefined) return this.numbers.push(fast);
    const c = classifyCell(cell);
    if (c.kind === 'missing') {
      this.firstMissingRow ??= row;
      this.missing++;
    } else if (c.kind === 'number') this.numbers.push(c.value);
    else {
      this.texts++;
      this.textCounts.set(c.text, (this.textCounts.get(c.text) ?? 0) + 1);
    }
  }
  /** Every cell's category (numbers as their shortest text), once the column is categorical. */
  categoryCounts(): Map<string, number> {
    const counts = new Map(this.textCounts);
    const sorted = this.numbers.sorted();
    for (let i = 0; i < sorted.length; i++) {
      const key = String(sorted[i]);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return counts;
  }
}

/**
 * The hot path for the usual cell, a plain decimal number: one Number() call. Anything else
 * (empty, 0 — which '' and ' ' also give —, hex/binary/octal prefixes, text) returns undefined
 * and goes through `classifyCell`.
 */
export function fastNumber(cell: Cell): number | undefined {
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : undefined;
  if (typeof cell !== 'string') return undefined;
  const v = Number(cell);
  if (v === 0 || !Number.isFinite(v)) return undefined;
  const second = cell.charCodeAt(1) | 0x20;
  return second === 0x78 || second === 0x62 || second === 0x6f ? undefined : v;
}
