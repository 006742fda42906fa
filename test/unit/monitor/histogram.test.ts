import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { numericHistogram } from '../../../src/core/monitor/histogram';
import { runDriftCheck } from '../../../src/node/monitor/driftCheck';
import { DEFAULT_DRIFT_SETTINGS } from '../../../src/core/monitor/driftReport';
import { folderWith } from './driftFiles';
import * as path from 'node:path';

const sorted = (values: number[]) => new Float64Array(values).sort();

describe('numericHistogram (the drift panel\'s bins)', () => {
  it('spans both samples with equal-width bins and counts each side in them', () => {
    // Reference 0…4, live 4…8: range 0–8 in 4 bins of width 2.
    const h = numericHistogram(sorted([0, 1, 2, 3, 4]), sorted([4, 5, 6, 7, 8]), 4);
    assert.equal(h.kind, 'numeric');
    if (h.kind !== 'numeric') return;
    assert.deepEqual(h.edges, [0, 2, 4, 6, 8]);
    assert.deepEqual(h.reference, [2, 2, 1, 0], 'reference: 0,1 | 2,3 | 4 | -');
    assert.deepEqual(h.live, [0, 0, 2, 3], 'live: - | - | 4,5 | 6,7,8 (the last bin is closed)');
  });

  it('puts every value of a constant sample in one bin', () => {
    const h = numericHistogram(sorted([3, 3, 3]), sorted([3, 3]), 20);
    assert.deepEqual(h, { kind: 'numeric', edges: [3, 3], reference: [3], live: [2] });
  });

  it('comes with every feature of a drift report, the categories counted too', async () => {
    const reference = 'x,colour\n1,red\n2,red\n3,blue\n4,blue\n';
    const live = 'x,colour\n3,red\n4,green\n';
    const dir = folderWith({ 'ref.csv': reference, 'live.csv': live });
    const { report } = await runDriftCheck({ reference: path.join(dir, 'ref.csv'), live: path.join(dir, 'live.csv'), settings: DEFAULT_DRIFT_SETTINGS });
    const x = report.features.find((f) => f.name === 'x')!;
    const colour = report.features.find((f) => f.name === 'colour')!;
    assert.deepEqual(x.histogram.reference.reduce((s, c) => s + c, 0), 4, 'every reference row of x is in a bin');
    assert.deepEqual(x.histogram.live.reduce((s, c) => s + c, 0), 2, 'every live row of x is in a bin');
    assert.deepEqual(colour.histogram, { kind: 'categorical', categories: ['blue', 'green', 'red'], reference: [2, 0, 2], live: [0, 1, 1] });
  });
});
