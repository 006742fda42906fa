import { logGamma } from './specialFunctions';

/**
 * The survival function of the two-sided one-sample Kolmogorov statistic D_n, P(D_n > x),
 * following scipy 1.10's `kstwo.sf` (scipy/stats/_ksstats.py, Simard & L'Ecuyer 2011):
 * the Ruben–Gambino exact ends, 2 × Smirnov's exact one-sided tail where that is accurate
 * (n·x² ≥ 2.2, or x ≥ 0.5), and 1 − Pelz–Good otherwise. scipy uses the Durbin matrix or
 * Pomeranz recursion in two corners (n ≤ 140, or n·x^1.5 ≤ 1.4); there we use Pelz–Good
 * too (see docs/monitor.md): in the second corner the survival value is 1 − 1e-10 or closer.
 */
export function kolmogorovSf(n: number, x: number): number {
  if (x >= 1) return 0;
  if (x <= 0) return 1;
  const t = n * x;
  if (t <= 1) {
    if (t <= 0.5) return 1;
    const prob = n <= 140 ? productRubenGambino(n, t) : Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
    return clip(1 - prob);
  }
  if (t >= n - 1) return clip(2 * Math.pow(1 - x, n));
  if (x >= 0.5) return clip(2 * smirnovSf(n, x));
  const nxSquared = t * x;
  if (n > 140) {
    if (nxSquared >= 370) return 0;
    if (nxSquared >= 2.2) return clip(2 * smirnovSf(n, x));
    if (nxSquared >= 18) return 0;
    return clip(1 - pelzGoodCdf(n, x));
  }
  if (nxSquared > 4) return clip(2 * smirnovSf(n, x));
  return clip(1 - pelzGoodCdf(n, x));
}

function clip(p: number): number {
  return Math.min(1, Math.max(0, p));
}

function productRubenGambino(n: number, t: number): number {
  let prob = 1;
  for (let i = 1; i <= n; i++) prob *= i * (1 / n) * (2 * t - 1);
  return prob;
}

const STIRLING = [
  -0.029550653594771242, 0.00641025641025641, -0.0019175269175269176, 0.0008417508417508417,
  -0.0005952380952380953, 0.0007936507936507937, -0.002777777777777778, 0.08333333333333333,
];

/** log(n! / n^n) by Stirling's series, with n·log(n) removed up front as scipy does. */
function logFactorialOverPower(n: number): number {
  const rn = 1 / n;
  let poly = 0;
  for (const c of STIRLING) poly = poly * (rn / n) + c;
  return Math.log(n) / 2 - n + Math.log(2 * Math.PI) / 2 + rn * poly;
}

/**
 * Smirnov's exact one-sided tail P(D+_n ≥ x) by the Birnbaum–Tingey sum,
 * x · Σ_{v=0}^{⌊n(1−x)⌋} C(n,v) (x + v/n)^(v−1) (1 − x − v/n)^(n−v), each term in logs.
 */
export function smirnovSf(n: number, x: number): number {
  if (x <= 0) return 1;
  if (x >= 1) return 0;
  const last = Math.floor(n * (1 - x));
  const lgN = logGamma(n + 1);
  let sum = 0;
  for (let v = 0; v <= last; v++) {
    const evn = x + v / n;
    const omevn = 1 - evn;
    if (!(omevn > 0) && v !== n) continue;
    const logTerm = lgN - logGamma(v + 1) - logGamma(n - v + 1) + (v - 1) * Math.log(evn) + (v === n ? 0 : (n - v) * Math.log(omevn));
    if (logTerm > -745) sum += Math.exp(logTerm);
  }
  return sum * x;
}

const PI2 = Math.PI ** 2;
const PI4 = Math.PI ** 4;
const PI6 = Math.PI ** 6;
const SQRT2PI = Math.sqrt(2 * Math.PI);

/** Pelz–Good's expansion of P(D_n ≤ x), term for term as scipy's `_kolmogn_PelzGood`. */
export function pelzGoodCdf(n: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const z = Math.sqrt(n) * x;
  const z2 = z * z, z3 = z2 * z, z4 = z2 * z2, z6 = z4 * z2;
  const qlog = -PI2 / 8 / z2;
  if (qlog < -708) return 0;
  let q = Math.exp(qlog);
  const k1a = -z2, k1b = PI2 / 4;
  const k2a = 6 * z6 + 2 * z4, k2b = ((2 * z4 - 5 * z2) * PI2) / 4, k2c = (PI4 * (1 - 2 * z2)) / 16;
  const k3d = (PI6 * (5 - 30 * z2)) / 64, k3c = (PI4 * (-60 * z2 + 212 * z4)) / 16;
  const k3b = (PI2 * (135 * z4 - 96 * z6)) / 4, k3a = -30 * z6 - 90 * z ** 8;
  const K = [0, 0, 0, 0];
  const maxk = Math.ceil((16 * z) / Math.PI);
  for (let k = maxk; k > 0; k--) {
    const m = 2 * k - 1;
    const m2 = m * m, m4 = m2 * m2, m6 = m4 * m2;
    const qpower = Math.pow(q, 8 * k);
    const coeffs = [1, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4, k3a + k3b * m2 + k3c * m4 + k3d * m6];
    for (let i = 0; i < 4; i++) K[i] = K[i]! * qpower + coeffs[i]!;
  }
  const divisors = [z, 6 * z4, 72 * z ** 7, 6480 * z ** 10];
  for (let i = 0; i < 4; i++) K[i] = (K[i]! * q * SQRT2PI) / divisors[i]!;
  q = Math.exp(-PI2 / 2 / z2);
  let k2extra = 0, k3extra = 0;
  const sqrt3z = Math.sqrt(3) * z;
  for (let k = maxk; k > 0; k--) {
    const kk = k * k;
    const qp = Math.pow(q, kk);
    k2extra += kk * qp;
    const kpi = Math.PI * k;
    k3extra += (sqrt3z + kpi) * (sqrt3z - kpi) * kk * qp;
  }
  K[2] = K[2]! + (k2extra * PI2 * SQRT2PI) / (-36 * z3);
  K[3] = K[3]! + (k3extra * PI2 * SQRT2PI) / (216 * z6);
  let sum = 0;
  for (let i = 0; i < 4; i++) sum += K[i]! / Math.pow(n, i / 2);
  return sum;
}
