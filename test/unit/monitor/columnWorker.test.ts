import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import { describe, it } from 'node:test';
import { compareColumns } from '../../../src/node/monitor/columnWorker';
import { normals, rng } from './seededData';

/** numpy.searchsorted(sorted, x, side='right'). */
function countAtMost(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** KS D and Wasserstein the way scipy writes them: both ECDFs at every value of the pooled sample. */
function naive(reference: Float64Array, live: readonly number[]): { d: number; w: number } {
  const b = Float64Array.from(live).sort();
  const all = Float64Array.from([...reference, ...live]).sort();
  let d = 0;
  let w = 0;
  for (let k = 0; k < all.length; k++) {
    const gap = Math.abs(countAtMost(reference, all[k]!) / reference.length - countAtMost(b, all[k]!) / b.length);
    d = Math.max(d, gap);
    if (k + 1 < all.length) w += gap * (all[k + 1]! - all[k]!);
  }
  return { d, w };
}

describe('comparing numeric columns on worker threads', () => {
  it('gives each feature its own KS statistic and Wasserstein distance, whichever thread sorted it', async () => {
    const r = rng(42);
    const shifts = [0, 0.3, -0.1, 1];
    const references = shifts.map(() => Float64Array.from(normals(r, 20000).map((x) => Math.round(x * 100) / 100)).sort());
    const lives = shifts.map((s) => normals(r, 150000, s).map((x) => Math.round(x * 100) / 100));
    const jobs = lives.map((live, i) => ({ reference: references[i]!, live: Float64Array.from(live), edges: [] }));
    const results = await compareColumns(jobs);
    if (os.availableParallelism() > 1) assert.ok(jobs.some((j) => j.live.length === 0), 'expected some columns to be handed to a worker thread on a multi-core machine');
    results.forEach((result, i) => {
      const expected = naive(references[i]!, lives[i]!);
      assert.equal(result.liveRows, 150000, `feature ${i}: expected 150000 live rows, got ${result.liveRows}`);
      assert.ok(Math.abs(result.ksStatistic - expected.d) < 1e-12, `feature ${i}: expected D ${expected.d}, got ${result.ksStatistic}`);
      assert.ok(Math.abs(result.wasserstein - expected.w) <= 1e-9 * expected.w, `feature ${i}: expected W ${expected.w}, got ${result.wasserstein}`);
    });
  });
});
