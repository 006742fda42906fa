export type Correction = 'bonferroni' | 'holm' | 'none';

/**
 * Adjusted p-values for a family of tests. Bonferroni: min(1, m·p). Holm (step-down): sort
 * ascending, p_(i) · (m − i + 1), made non-decreasing, capped at 1. A feature drifts when its
 * adjusted p-value is below α, which keeps the family-wise error rate at α.
 */
export function adjustPValues(pValues: readonly number[], correction: Correction): number[] {
  const m = pValues.length;
  if (correction === 'none') return [...pValues];
  if (correction === 'bonferroni') return pValues.map((p) => Math.min(1, p * m));
  const order = pValues.map((p, i) => [p, i] as const).sort((x, y) => x[0] - y[0]);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach(([p, index], rank) => {
    running = Math.max(running, Math.min(1, p * (m - rank)));
    adjusted[index] = running;
  });
  return adjusted;
}
