import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { radixSortFloat64 } from '../../../src/core/monitor/radixSort';
import { normals, rng } from './seededData';

describe('radix sort of Float64Array', () => {
  it('orders like the comparison sort: negatives, ties, extremes, subnormals', () => {
    const r = rng(11);
    const values = Float64Array.from(normals(r, 50000).map((x, i) => (i % 5 === 0 ? Math.round(x * 3) : x * 10 ** ((i % 9) - 4))));
    values.set([-Number.MAX_VALUE, Number.MAX_VALUE, 5e-324, -5e-324, 0, 1, -1], 100);
    const expected = values.slice().sort();
    const ours = radixSortFloat64(values.slice());
    const first = ours.findIndex((v, i) => v !== expected[i]);
    assert.equal(first, -1, `first difference at ${first}: expected ${expected[first]}, got ${ours[first]}`);
  });
});
