import { kolmogorovSf } from './kolmogorovDistribution';
import { compareSorted } from './numericComparison';

export interface KsResult {
  /** sup |F_ref − F_live|, as scipy.stats.ks_2samp reports it. */
  readonly statistic: number;
  readonly pValue: number;
  /** 'exact' when both samples have ≤ 10,000 values (scipy's method='auto'), else 'asymp'. */
  readonly method: 'exact' | 'asymp';
}

/** scipy 1.10's MAX_AUTO_N: method 'auto' is exact when max(n1, n2) ≤ this. */
const MAX_AUTO_N = 10000;

/**
 * Two-sided two-sample Kolmogorov–Smirnov test, matching scipy.stats.ks_2samp(a, b) (method
 * 'auto', scipy 1.10), on two ascending samples; D is found by compareSorted.
 */
export function ksTwoSample(a: Float64Array, b: Float64Array): KsResult {
  return ksResult(compareSorted(a, b, []).ksStatistic, a.length, b.length);
}

/**
 * The test's result for a statistic D of samples of n1 and n2 values: the p-value is exact
 * (Hodges' lattice-path recursion, D rounded to h / lcm(n1, n2)) when both samples are small,
 * else kstwo.sf(D, round(en)).
 */
export function ksResult(d: number, n1: number, n2: number): KsResult {
  if (Math.max(n1, n2) <= MAX_AUTO_N) {
    const exact = exactPValue(n1, n2, d);
    if (exact) return { statistic: exact.d, pValue: exact.p, method: 'exact' };
  }
  const m = Math.max(n1, n2);
  const n = Math.min(n1, n2);
  const en = (m * n) / (m + n);
  const clipped = Math.min(1, Math.max(0, d));
  return { statistic: clipped, pValue: Math.min(1, Math.max(0, kolmogorovSf(Math.round(en), clipped))), method: 'asymp' };
}

function gcd(x: number, y: number): number {
  while (y) [x, y] = [y, x % y];
  return x;
}

function exactPValue(n1: number, n2: number, d: number): { d: number; p: number } | undefined {
  const g = gcd(n1, n2);
  const lcm = (n1 / g) * n2;
  const h = roundHalfEven(d * lcm);
  const dRounded = h / lcm;
  if (h === 0) return { d: dRounded, p: 1 };
  const p = n1 === n2 ? probOutsideSquare(n1, h) : outerProbInside(n1, n2, g, h);
  if (!(p >= 0 && p <= 1) || !Number.isFinite(p)) return undefined;
  return { d: dRounded, p };
}

/** numpy's round: halves go to the even neighbour. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** P(D_{n,n} ≥ h/n) by scipy's Horner-like alternating sum of binomial ratios. */
function probOutsideSquare(n: number, h: number): number {
  let p = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    p = p1 * (1 - p);
  }
  return 2 * p;
}

/** The share of lattice paths leaving |x/m − y/n| < h/lcm, by Viehmann's 1 − p recursion. */
function outerProbInside(m0: number, n0: number, g: number, h: number): number {
  const m = Math.max(m0, n0);
  const n = Math.min(m0, n0);
  const mg = m / g;
  const ng = n / g;
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const lenA = Math.min(2 * maxj + 2, n + 1);
  const A = new Float64Array(lenA).fill(1);
  A.fill(0, minj, maxj);
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let val = minj === 0 ? 0 : 1;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      val = (A[jj + minj - lastminj]! * i + val * j) / (i + j);
      A[jj] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) A.fill(1, maxj - minj, maxj - minj + (lastlen - curlen));
  }
  return A[maxj - minj - 1]!;
}
