import type { ReferenceColumn } from './columnBuilder';
import { DriftInputError } from './driftInputError';
import { quantileEdges } from './psi';

/** Category shown for a missing cell in a categorical column. */
export const MISSING_CATEGORY = '(missing)';

export type FeatureProfile =
  | { readonly name: string; readonly kind: 'numeric'; readonly sorted: Float64Array; readonly edges: readonly number[] }
  | { readonly name: string; readonly kind: 'categorical'; readonly counts: Readonly<Record<string, number>> };

/** What the drift check keeps of the reference: per feature a sorted sample or category counts. */
export interface ReferenceProfile {
  readonly rows: number;
  readonly features: readonly FeatureProfile[];
}

/**
 * Types each column (numeric when every cell is a finite number; categorical when any cell
 * is text, a missing cell then counting as its own category) and keeps what the statistics
 * need. A numeric column with a missing or NaN cell is refused: its distribution is unknown.
 */
export function buildReferenceProfile(columns: readonly ReferenceColumn[], rows: number, file: string): ReferenceProfile {
  if (rows === 0 || columns.length === 0) throw new DriftInputError('EMPTY_FILE', `${file} has no data rows; give a reference file with a header and at least 2 rows.`);
  if (rows < 2) throw new DriftInputError('TOO_FEW_ROWS', `${file} has only 1 row; a distribution needs at least 2 rows.`);
  const features = columns.map((column): FeatureProfile => {
    if (column.texts === 0) {
      if (column.firstMissingRow !== undefined) {
        throw new DriftInputError('NAN_VALUE', `Column "${column.name}" of ${file} has a missing or NaN value at row ${column.firstMissingRow}; drop or fill such rows first.`);
      }
      const sorted = column.numbers.sorted();
      return { name: column.name, kind: 'numeric', sorted, edges: quantileEdges(sorted) };
    }
    const counts: Record<string, number> = Object.fromEntries(column.categoryCounts());
    if (column.missing > 0) counts[MISSING_CATEGORY] = (counts[MISSING_CATEGORY] ?? 0) + column.missing;
    return { name: column.name, kind: 'categorical', counts };
  });
  return { rows, features };
}
