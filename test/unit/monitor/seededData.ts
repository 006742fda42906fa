/** Seeded generators for the monitor tests, so a failure replays exactly. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function normals(random: () => number, n: number, mean = 0, sd = 1): number[] {
  const out: number[] = [];
  while (out.length < n) {
    const u = 1 - random();
    const v = random();
    out.push(mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
  }
  return out;
}

/** Integers 0..k-1 (many ties), skewed by `tilt` towards the high end. */
export function integers(random: () => number, n: number, k: number, tilt = 0): number[] {
  return Array.from({ length: n }, () => Math.min(k - 1, Math.floor(k * Math.pow(random(), 1 / (1 + tilt)))));
}

export function sortedArray(values: readonly number[]): Float64Array {
  return Float64Array.from(values).sort();
}
