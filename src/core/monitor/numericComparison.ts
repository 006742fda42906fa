import type { FeatureHistogram } from './histogram';

/** What one numeric feature's statistics need from the live sample, found in one merge pass. */
export interface NumericComparison {
  /** sup |F_ref − F_live| over the observed values, exactly as scipy.stats.ks_2samp's statistic. */
  readonly ksStatistic: number;
  /** ∫ |F_ref − F_live| dx, as scipy.stats.wasserstein_distance. */
  readonly wasserstein: number;
  /** Live counts per bin of `edges` (v is in bin i when edges[i−1] < v ≤ edges[i]). */
  readonly liveBins: number[];
  readonly liveMin: number;
  readonly liveMax: number;
  readonly liveRows: number;
  /** Equal-width drawing bins, reference vs live (the drift panel), when asked for. */
  readonly histogram?: FeatureHistogram;
}

/**
 * Walks both ascending samples once, value by value (ties counted like searchsorted(side=
 * 'right'): at each observed value v, i and j count the values ≤ v). KS takes the largest
 * |i/n1 − j/n2|; Wasserstein adds |i/n1 − j/n2| · (next value − v), the area between the two
 * step functions, which is scipy's sum over the merged sample's gaps.
 *
 * Self-contained on purpose (it calls only binCounts, numericHistogram and globals): the drift
 * check also runs it on a worker thread from its source text (src/node/monitor/columnWorker.ts).
 * `histogramBins` > 0 adds the drawing histogram while both sorted samples are at hand (the live
 * one is sorted in place, possibly on another thread, and not kept).
 */
export function compareSorted(reference: Float64Array, live: Float64Array, edges: readonly number[], histogramBins = 0): NumericComparison {
  const n1 = reference.length;
  const n2 = live.length;
  let i = 0;
  let j = 0;
  let maxS = -Infinity;
  let minS = Infinity;
  let area = 0;
  let previous = 0;
  let gap = 0;
  while (i < n1 || j < n2) {
    const v = j >= n2 || (i < n1 && reference[i]! <= live[j]!) ? reference[i]! : live[j]!;
    area += gap * (v - previous);
    while (i < n1 && reference[i]! <= v) i++;
    while (j < n2 && live[j]! <= v) j++;
    const diff = i / n1 - j / n2;
    if (diff > maxS) maxS = diff;
    if (diff < minS) minS = diff;
    gap = Math.abs(diff);
    previous = v;
  }
  const minClipped = Math.min(1, Math.max(0, -minS));
  return {
    ksStatistic: minClipped > maxS ? minClipped : maxS, wasserstein: area, liveBins: binCounts(live, edges),
    liveMin: n2 > 0 ? live[0]! : NaN, liveMax: n2 > 0 ? live[n2 - 1]! : NaN, liveRows: n2,
    ...(histogramBins > 0 ? { histogram: numericHistogram(reference, live, histogramBins) } : {}),
  };
}

/** Counts of an ascending sample per bin of `edges` (one merge pass, no search per value). */
export function binCounts(sorted: Float64Array, edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  let bin = 0;
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i]!;
    while (bin < edges.length && v > edges[bin]!) bin++;
    counts[bin]!++;
  }
  return counts;
}

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
