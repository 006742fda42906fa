import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { chiSquareHomogeneity } from '../../../src/core/monitor/chiSquareTest';
import { featureStatistics } from '../../../src/core/monitor/featureDrift';
import { ksTwoSample } from '../../../src/core/monitor/ksTest';
import { compareSorted } from '../../../src/core/monitor/numericComparison';
import { quantileEdges } from '../../../src/core/monitor/psi';
import { integers, normals, rng, sortedArray } from './seededData';

// Debian's Python with python3-scipy 1.10 (scripts/setup-system.sh), not the pyenv one on PATH.
const PYTHON = '/usr/bin/python3';
const SCRIPT = `
import json, sys
import numpy as np
from scipy import stats
cases = json.load(sys.stdin)
out = []
for c in cases:
    if c['kind'] == 'ks':
        r = stats.ks_2samp(c['a'], c['b'])
        out.append([float(r.statistic), float(r.pvalue)])
    elif c['kind'] == 'w':
        w = stats.wasserstein_distance(c['a'], c['b'])
        out.append([float(w), float(w / max(np.std(c['a']), 0.001))])
    else:
        chi2, p, dof, _ = stats.chi2_contingency([c['a'], c['b']])
        out.append([float(chi2), float(p)])
print(json.dumps(out))
`;

interface Case { name: string; kind: 'ks' | 'chi' | 'w'; a: number[]; b: number[] }

function scipy(cases: readonly Case[]): [number, number][] {
  const result = spawnSync(PYTHON, ['-c', SCRIPT], { input: JSON.stringify(cases), encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(result.status, 0, `scipy reference failed: ${result.stderr.slice(0, 300)}`);
  return JSON.parse(result.stdout) as [number, number][];
}

function close(what: string, ours: number, theirs: number, kind: 'abs' | 'rel', tolerance: number): void {
  const error = kind === 'abs' ? Math.abs(ours - theirs) : Math.abs(ours - theirs) / Math.max(Math.abs(theirs), 1e-300);
  assert.ok(error <= tolerance || (ours === theirs), `${what}: expected ${theirs} (scipy), got ${ours} (${kind} error ${error.toExponential(2)})`);
}

const r = rng(20261129);
const ksCases: Case[] = [
  { name: 'exact, equal sizes, same law', kind: 'ks', a: normals(r, 50), b: normals(r, 50) },
  { name: 'exact, equal sizes, shifted', kind: 'ks', a: normals(r, 60), b: normals(r, 60, 0.6) },
  { name: 'exact, tiny samples', kind: 'ks', a: normals(r, 5), b: normals(r, 7, 1) },
  { name: 'exact, unequal sizes', kind: 'ks', a: normals(r, 40), b: normals(r, 73, 0.3) },
  { name: 'exact, ties (integers 0..9)', kind: 'ks', a: integers(r, 200, 10), b: integers(r, 300, 10, 0.2) },
  { name: 'exact, 1,000 vs 800 shifted', kind: 'ks', a: normals(r, 1000), b: normals(r, 800, 0.1) },
  { name: 'exact, 10,000 vs 3,000', kind: 'ks', a: normals(r, 10000), b: normals(r, 3000, 0.02) },
  { name: 'asymptotic, same law (Pelz-Good)', kind: 'ks', a: normals(r, 12000), b: normals(r, 15000) },
  { name: 'asymptotic, shifted (Smirnov tail)', kind: 'ks', a: normals(r, 12000), b: normals(r, 11000, 0.05) },
  { name: 'asymptotic, strong shift (tiny p-value)', kind: 'ks', a: normals(r, 12000), b: normals(r, 11000, 0.12) },
  { name: 'asymptotic, 20,000 vs 500', kind: 'ks', a: normals(r, 20000), b: normals(r, 500, 0.1, 1.1) },
  { name: 'asymptotic, ties', kind: 'ks', a: integers(r, 15000, 20), b: integers(r, 9000, 20, 0.03) },
];
const chiCases: Case[] = [
  { name: '2 × 2 (Yates correction)', kind: 'chi', a: [120, 80], b: [90, 110] },
  { name: '2 × 2, small difference (correction capped)', kind: 'chi', a: [50, 50], b: [50, 51] },
  { name: '2 × 3', kind: 'chi', a: [30, 45, 25], b: [28, 40, 40] },
  { name: '2 × 6 shifted', kind: 'chi', a: [500, 400, 300, 200, 100, 50], b: [300, 300, 300, 300, 300, 300] },
  { name: '2 × 12 with a rare category', kind: 'chi', a: integerCounts(integers(r, 5000, 12), 12), b: integerCounts(integers(r, 2000, 12, 0.05), 12) },
];

// Wasserstein: the reference (a) is the side whose std norms the distance (Evidently's rule).
const wassersteinCases: Case[] = [
  { name: 'same law', kind: 'w', a: normals(r, 3000), b: normals(r, 5000) },
  { name: 'shifted and wider', kind: 'w', a: normals(r, 2000), b: normals(r, 2500, 0.3, 1.4) },
  { name: 'tiny samples', kind: 'w', a: [3, 1, 2], b: [2.5, 7] },
  { name: 'ties (integers 0..9) shared by both sides', kind: 'w', a: integers(r, 4000, 10), b: integers(r, 3000, 10, 0.3) },
  { name: 'live entirely above the reference', kind: 'w', a: normals(r, 500), b: normals(r, 700, 10) },
  { name: 'nearly constant reference (std floored at 0.001)', kind: 'w', a: [5, 5, 5, 5, 5.0001], b: [5, 5.2, 4.9] },
  { name: 'large values, small spread', kind: 'w', a: normals(r, 2000, 1e6, 0.01), b: normals(r, 2000, 1e6 + 0.001, 0.01) },
];

function integerCounts(values: readonly number[], k: number): number[] {
  const counts = new Array<number>(k).fill(0);
  for (const v of values) counts[v]!++;
  return counts.map((c) => c || 1);
}

describe('drift statistics equal scipy.stats', () => {
  const expected = scipy([...ksCases, ...chiCases, ...wassersteinCases]);
  ksCases.forEach((c, i) => {
    it(`ks_2samp: ${c.name}`, () => {
      const ours = ksTwoSample(sortedArray(c.a), sortedArray(c.b));
      close('KS statistic', ours.statistic, expected[i]![0], 'abs', 1e-9);
      close('KS p-value', ours.pValue, expected[i]![1], 'rel', 1e-6);
    });
  });
  chiCases.forEach((c, j) => {
    it(`chi2_contingency: ${c.name}`, () => {
      const ours = chiSquareHomogeneity(c.a, c.b);
      const [statistic, p] = expected[ksCases.length + j]!;
      close('chi-square statistic', ours.statistic, statistic, 'abs', 1e-9);
      close('chi-square p-value', ours.pValue, p, 'rel', 1e-6);
    });
  });
  wassersteinCases.forEach((c, k) => {
    it(`wasserstein_distance: ${c.name}`, () => {
      const [distance, normed] = expected[ksCases.length + chiCases.length + k]!;
      const reference = sortedArray(c.a);
      const compared = compareSorted(reference, sortedArray(c.b), []);
      close('Wasserstein distance', compared.wasserstein, distance, 'rel', 1e-9);
      const feature = featureStatistics({ name: 'x', kind: 'numeric', sorted: reference, edges: quantileEdges(reference) }, { kind: 'numeric', compared });
      close('normed Wasserstein distance', feature.normedWasserstein ?? NaN, normed, 'rel', 1e-9);
    });
  });
});
