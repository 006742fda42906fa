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

/**
 * Equal-width bins over [min, max] of both sorted samples; a binary search per edge, no pass over
 * the data. Self-contained (it calls only countBelow, and `bins` is a parameter rather than the
 * constant) because the drift check also runs it on worker threads from its source text.
 */
export function numericHistogram(reference: Float64Array, live: Float64Array, bins: number): FeatureHistogram {
  const lo = Math.min(reference[0] ?? Infinity, live[0] ?? Infinity);
  const hi = Math.max(reference[reference.length - 1] ?? -Infinity, live[live.length - 1] ?? -Infinity);
  if (!(hi > lo)) return { kind: 'numeric', edges: [lo, lo], reference: [reference.length], live: [live.length] };
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? hi : lo + ((hi - lo) * i) / bins));
  const counts = (sorted: Float64Array) => {
    const below = edges.map((e, i) => (i === bins ? sorted.length : countBelow(sorted, e)));
    return below.slice(1).map((b, i) => b - below[i]!);
  };
  return { kind: 'numeric', edges, reference: counts(reference), live: counts(live) };
}

/** How many values of an ascending array are < x. */
export function countBelow(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
