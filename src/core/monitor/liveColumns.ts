import { classifyCell, fastNumber, NumberColumn } from './columnBuilder';
import type { Cell } from './columnBuilder';
import { DriftInputError } from './driftInputError';
import { MISSING_CATEGORY } from './referenceProfile';
import type { FeatureProfile } from './referenceProfile';

/** The live side of one feature, typed by the reference: numbers in a typed array, or counts. */
export class LiveColumn {
  readonly numbers = new NumberColumn();
  readonly counts = new Map<string, number>();
  constructor(readonly profile: Pick<FeatureProfile, 'name' | 'kind'>, private readonly file: string) {}
  add(cell: Cell, row: number): void {
    if (this.profile.kind === 'numeric') {
      const fast = fastNumber(cell);
      if (fast !== undefined) return this.numbers.push(fast);
    }
    const c = classifyCell(cell);
    if (this.profile.kind === 'numeric') {
      if (c.kind === 'number') return this.numbers.push(c.value);
      if (c.kind === 'missing') throw new DriftInputError('NAN_VALUE', `Column "${this.profile.name}" of ${this.file} has a missing or NaN value at row ${row}; drop or fill such rows first.`);
      throw new DriftInputError('NOT_NUMERIC', `Column "${this.profile.name}" is numeric in the reference but row ${row} of ${this.file} has "${c.text.slice(0, 40)}".`);
    }
    const key = c.kind === 'missing' ? MISSING_CATEGORY : c.kind === 'number' ? String(c.value) : c.text;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }
  /** A cell already read as a finite number (a CSV row of plain decimals). */
  addNumber(value: number, row: number): void {
    if (this.profile.kind === 'numeric') this.numbers.push(value);
    else this.add(value, row);
  }
  /** Cells already read as finite numbers, of rows firstRow, firstRow + 1, … */
  addNumbers(values: Float64Array, firstRow: number): void {
    if (this.profile.kind === 'numeric') this.numbers.pushAll(values);
    else for (let k = 0; k < values.length; k++) this.add(values[k], firstRow + k);
  }
  get size(): number {
    if (this.profile.kind === 'numeric') return this.numbers.length;
    let n = 0;
    for (const c of this.counts.values()) n += c;
    return n;
  }
}

/** Refuses a live header that does not name the reference's features (extra columns too). */
export function checkColumns(reference: readonly string[], live: readonly string[], file: string, referenceFile: string): void {
  const missing = reference.filter((n) => !live.includes(n));
  const extra = live.filter((n) => !reference.includes(n));
  if (missing.length === 0 && extra.length === 0) return;
  const parts: string[] = [];
  if (missing.length) parts.push(`lacks ${quoteList(missing)}`);
  if (extra.length) parts.push(`has ${quoteList(extra)} that ${referenceFile} does not`);
  throw new DriftInputError('COLUMN_MISMATCH', `The columns do not match: ${file} ${parts.join(' and ')}.`);
}

function quoteList(names: readonly string[]): string {
  const shown = names.slice(0, 5).map((n) => `"${n}"`).join(', ');
  return names.length > 5 ? `${shown} and ${names.length - 5} more` : shown;
}
