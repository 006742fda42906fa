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
  /** The values, sorted ascending, in an array of exactly `length`. */
  sorted(): Float64Array {
    const out = this.data.slice(0, this.length);
    out.sort();
    return out;
  }
}

/**
 * One column of the reference, before its type is known: numbers go to a typed array, every
 * cell's text is counted too (the column may turn out categorical), and the first missing
 * or NaN cell is remembered for the error message.
 */
export class ReferenceColumn {
  readonly numbers = new NumberColumn();
  readonly counts = new Map<string, number>();
  texts = 0;
  missing = 0;
  firstMissingRow: number | undefined;
  constructor(readonly name: string) {}
  add(cell: Cell, row: number): void {
    const c = classifyCell(cell);
    if (c.kind === 'missing') {
      this.firstMissingRow ??= row;
      this.missing++;
      return;
    }
    if (c.kind === 'number') this.numbers.push(c.value);
    else this.texts++;
    const key = c.kind === 'number' ? String(c.value) : c.text;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }
}
