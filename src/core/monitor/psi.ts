/** Proportions that are exactly 0 become this before the logarithm (the usual PSI practice). */
export const PSI_EPSILON = 1e-4;

/** PSI bands, as the industry reads them: below 0.1 none, 0.1–0.25 moderate, above significant. */
export type PsiBand = 'none' | 'moderate' | 'significant';

export function psiBand(psi: number): PsiBand {
  if (psi < 0.1) return 'none';
  return psi <= 0.25 ? 'moderate' : 'significant';
}

/**
 * Population stability index Σ (live − ref) · ln(live / ref) over matching bins of counts;
 * a bin's share that is 0 is replaced by ε = 1e-4 (shares are not renormalised).
 */
export function populationStabilityIndex(reference: ArrayLike<number>, live: ArrayLike<number>): number {
  const refTotal = sum(reference);
  const liveTotal = sum(live);
  let psi = 0;
  for (let i = 0; i < reference.length; i++) {
    const r = reference[i]! / refTotal || PSI_EPSILON;
    const l = live[i]! / liveTotal || PSI_EPSILON;
    psi += (l - r) * Math.log(l / r);
  }
  return psi;
}

/**
 * The 9 inner edges of 10 reference-quantile bins: numpy's default (linear) quantiles
 * 0.1 … 0.9 of the sorted reference. A value v falls in bin i when edge[i-1] < v ≤ edge[i].
 */
export function quantileEdges(sorted: Float64Array, bins = 10): number[] {
  const edges: number[] = [];
  const n = sorted.length;
  for (let k = 1; k < bins; k++) {
    const pos = ((n - 1) * k) / bins;
    const lo = Math.floor(pos);
    const frac = pos - lo;
    const hi = Math.min(lo + 1, n - 1);
    edges.push(sorted[lo]! + (sorted[hi]! - sorted[lo]!) * frac);
  }
  return edges;
}

function sum(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]!;
  return s;
}
