import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { splitCsvNumbers } from '../../../src/node/monitor/csvCells';
import { rng } from './seededData';

describe('CSV cells', () => {
  it('splits like split(",") and keeps what is not a plain decimal as text', () => {
    assert.deepEqual(splitCsvNumbers('1,-2.5,abc,,1e5,5.,.5,+3,123456789012345678,', []), [1, -2.5, 'abc', '', '1e5', '5.', 0.5, 3, '123456789012345678', '']);
  });
  it('gives exactly the double Number() gives for plain decimals', () => {
    const r = rng(3);
    for (let i = 0; i < 20000; i++) {
      const text = ((r() * 2 - 1) * 10 ** Math.floor(r() * 8)).toFixed(Math.floor(r() * 12));
      const cell = splitCsvNumbers(text, [])[0];
      const value = typeof cell === 'number' ? cell : Number(cell);
      assert.ok(Object.is(value, Number(text)), `"${text}": expected ${Number(text)}, got ${String(cell)}`);
    }
  });
});
