import { chiSquareSf } from './specialFunctions';

export interface ChiSquareResult {
  readonly statistic: number;
  readonly pValue: number;
  readonly dof: number;
}

/**
 * Chi-square test of homogeneity on the 2 × k table (reference counts, live counts) per
 * category, as scipy.stats.chi2_contingency(table) computes it by default: expected counts
 * from the margins, Yates' continuity correction only when dof = 1 (a 2 × 2 table), each
 * cell moved by min(0.5, |expected − observed|) towards its expected count; dof 0 gives
 * statistic 0 and p-value 1. Categories must be the union of both sides, so no expected
 * count is 0.
 */
export function chiSquareHomogeneity(reference: readonly number[], live: readonly number[]): ChiSquareResult {
  const k = reference.length;
  const refTotal = reference.reduce((s, c) => s + c, 0);
  const liveTotal = live.reduce((s, c) => s + c, 0);
  const total = refTotal + liveTotal;
  const dof = k - 1;
  if (dof === 0) return { statistic: 0, pValue: 1, dof: 0 };
  let statistic = 0;
  for (const [row, rowTotal] of [[reference, refTotal], [live, liveTotal]] as const) {
    for (let j = 0; j < k; j++) {
      const expected = (rowTotal * (reference[j]! + live[j]!)) / total;
      let observed = row[j]!;
      if (dof === 1) {
        const diff = expected - observed;
        observed += Math.min(0.5, Math.abs(diff)) * Math.sign(diff);
      }
      statistic += ((observed - expected) * (observed - expected)) / expected;
    }
  }
  return { statistic, pValue: chiSquareSf(statistic, dof), dof };
}
