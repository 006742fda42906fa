import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { commandTable } from '../../../src/cli/commandTable';
import { resolveSettings } from '../../../src/core/monitor/driftReport';
import { runDriftCheck } from '../../../src/node/monitor/driftCheck';
import { csv, folderWith } from './driftFiles';
import { normals, rng } from './seededData';

const r = rng(99);
const ROWS = 2000;
/** x: N(0,1) vs N(shift,1); steady: N(0,1) on both sides; plan: 1/3 "a" vs `liveA` "a"; tier: the same shares on both sides. */
function table(shift: number, liveA: number): string {
  const x = normals(r, ROWS, shift);
  const steady = normals(r, ROWS);
  const rows = x.map((v, i) => [v.toFixed(6), steady[i]!.toFixed(6), i / ROWS < liveA ? 'a' : 'b', i % 4 === 0 ? 'gold' : 'basic']);
  return csv(['x', 'steady', 'plan', 'tier'], rows);
}

describe('monitor.method: wasserstein', () => {
  it('is accepted, with threshold 0.1 by default', () => {
    const settings = resolveSettings({ method: 'wasserstein' });
    assert.equal(settings.method, 'wasserstein');
    assert.equal(settings.threshold, 0.1, `expected the default threshold 0.1 for wasserstein, got ${settings.threshold}`);
    assert.equal(resolveSettings({ method: 'wasserstein', threshold: 0.3 }).threshold, 0.3);
  });

  it('flags a numeric feature by its normed Wasserstein distance and a categorical one by its JS distance', async () => {
    const dir = folderWith({ 'ref.csv': table(0, 1 / 3), 'live.csv': table(0.5, 0.8) });
    const { report } = await runDriftCheck({ reference: path.join(dir, 'ref.csv'), live: path.join(dir, 'live.csv'), settings: resolveSettings({ method: 'wasserstein' }) });
    const drifted = report.features.filter((f) => f.drifted).map((f) => f.name).sort();
    assert.deepEqual(drifted, ['plan', 'x'], `expected x (shifted by 0.5 sd) and plan (1/3 → 4/5 "a") to drift, got ${drifted.join(', ') || 'none'}`);
    const x = report.features.find((f) => f.name === 'x')!;
    // Shifting a normal by 0.5 sd moves every quantile by 0.5: W/σ ≈ 0.5, up to sampling noise.
    assert.ok(x.normedWasserstein !== undefined && Math.abs(x.normedWasserstein - 0.5) < 0.1, `expected x's normed Wasserstein near 0.5, got ${x.normedWasserstein}`);
    assert.equal(report.features.find((f) => f.name === 'plan')!.normedWasserstein, undefined, 'a categorical feature has no Wasserstein distance');
  });

  it('mlops drift states the rule and exits 1 on drift', async () => {
    const dir = folderWith({
      'ref.csv': table(0, 1 / 3), 'live.csv': table(0.5, 1 / 3),
      'mlops.yaml': 'stages: {}\nmonitor:\n  reference: ref.csv\n  live: live.csv\n  method: wasserstein\n',
    });
    let out = '';
    let err = '';
    const code = await commandTable.drift!.run([], { out: (t) => (out += t), err: (t) => (err += t), cwd: dir });
    assert.equal(code, 1, `expected exit 1 (x drifts), got ${code}: ${err}`);
    assert.match(out, /drift when normed Wasserstein \(JS for categories\) > 0\.1\./);
    assert.match(out, /^x\s.*DRIFT$/m);
  });
});
