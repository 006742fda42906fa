/**
 * Bin counts for drawing a feature reference vs live (the drift panel). Numeric features get
 * equal-width bins over the range of both samples, so a shifted live sample shows as bars
 * moved sideways; categorical ones one bar per category. Drawing only: the statistics use
 * PSI's reference-quantile bins (psi.ts), which are flat for the reference by construction.
 */
export type FeatureHistogram =
  | {
    readonly kind: 'numeric';
    /** bins + 1 ascending edges; bin i is [edges[i], edges[i+1]), the last one closed. */
    readonly edges: readonly number[];
    readonly reference: readonly number[];
    readonly live: readonly number[];
  }
  | { readonly kind: 'categorical'; readonly categories: readonly string[]; readonly reference: readonly number[]; readonly live: readonly number[] };

export const HISTOGRAM_BINS = 20;

// numericHistogram lives beside compareSorted, which calls it: the drift check runs both on worker
// threads from their source text, where a call into another module would not resolve.
export { numericHistogram } from './numericComparison';
