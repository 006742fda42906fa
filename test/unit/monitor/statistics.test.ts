import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jensenShannonDistance } from '../../../src/core/monitor/jensenShannon';
import { adjustPValues } from '../../../src/core/monitor/multipleTesting';
import { binCounts } from '../../../src/core/monitor/numericComparison';
import { populationStabilityIndex, psiBand, quantileEdges } from '../../../src/core/monitor/psi';

function near(what: string, ours: number, expected: number, tolerance = 1e-12): void {
  assert.ok(Math.abs(ours - expected) <= tolerance, `${what}: expected ${expected}, got ${ours}`);
}

describe('PSI', () => {
  it('is Σ (live − ref) ln(live / ref) over the bins', () => {
    // shares 0.5/0.5 → 0.8/0.2: 0.3 ln 1.6 + 0.3 ln 2.5
    near('PSI', populationStabilityIndex([50, 50], [80, 20]), 0.4158883083359672);
  });
  it('smooths an empty bin with ε = 1e-4 instead of dividing by zero', () => {
    // shares 1/0 → 0.5/0.5: −0.5 ln 0.5 + 0.4999 ln(0.5 / 1e-4)
    near('PSI', populationStabilityIndex([100, 0], [50, 50]), 4.60431846666895);
  });
  it('is 0 for identical shares and bands as none / moderate / significant', () => {
    assert.equal(populationStabilityIndex([10, 20, 30], [1, 2, 3]), 0);
    assert.deepEqual([0.05, 0.1, 0.25, 0.26].map(psiBand), ['none', 'moderate', 'moderate', 'significant']);
  });
  it('bins on the reference deciles as numpy.quantile does', () => {
    const ref = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    const edges = quantileEdges(ref);
    [10.9, 20.8, 30.7, 40.6, 50.5, 60.4, 70.3, 80.2, 90.1].forEach((e, i) => near(`edge ${i + 1}`, edges[i]!, e, 1e-9));
    assert.deepEqual(binCounts(ref, edges), [10, 10, 10, 10, 10, 10, 10, 10, 10, 10]);
    assert.deepEqual(binCounts(Float64Array.from([-5, 10.9, 11, 95, 500]), edges), [2, 1, 0, 0, 0, 0, 0, 0, 0, 2]);
  });
});

describe('Jensen–Shannon distance (base 2)', () => {
  it('equals scipy.spatial.distance.jensenshannon(p, q, base=2)', () => {
    near('JS', jensenShannonDistance([1, 1], [1, 0]), 0.5579230452841438);
    near('JS', jensenShannonDistance([3, 1, 0, 6], [1, 2, 4, 3]), 0.5355061854689259);
  });
  it('is 0 for the same shares and 1 for disjoint ones', () => {
    near('JS', jensenShannonDistance([2, 4], [1, 2]), 0);
    near('JS', jensenShannonDistance([1, 0], [0, 1]), 1);
  });
});

describe('multiple-testing correction', () => {
  const p = [0.01, 0.04, 0.03, 0.005];
  it('Bonferroni multiplies by the number of tests, capped at 1', () => {
    adjustPValues([...p, 0.5], 'bonferroni').forEach((q, i) => near(`p${i}`, q, [0.05, 0.2, 0.15, 0.025, 1][i]!));
  });
  it('Holm steps down and keeps the adjusted values monotone', () => {
    // sorted 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04 → raised to 0.06
    adjustPValues(p, 'holm').forEach((q, i) => near(`p${i}`, q, [0.03, 0.06, 0.06, 0.02][i]!));
  });
});
