/**
 * Jensen–Shannon distance between two histograms of counts over the same bins: the square
 * root of the JS divergence in base 2, so it lies in [0, 1] (0 identical, 1 disjoint).
 * Equals scipy.spatial.distance.jensenshannon(p, q, base=2).
 */
export function jensenShannonDistance(p: ArrayLike<number>, q: ArrayLike<number>): number {
  let pTotal = 0;
  let qTotal = 0;
  for (let i = 0; i < p.length; i++) {
    pTotal += p[i]!;
    qTotal += q[i]!;
  }
  let divergence = 0;
  for (let i = 0; i < p.length; i++) {
    const a = p[i]! / pTotal;
    const b = q[i]! / qTotal;
    const m = (a + b) / 2;
    if (a > 0) divergence += a * Math.log2(a / m);
    if (b > 0) divergence += b * Math.log2(b / m);
  }
  return Math.sqrt(Math.max(0, divergence / 2));
}
