import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { Cell } from '../../../src/core/monitor/columnBuilder';
import { readTable } from '../../../src/node/monitor/tableReader';
import { folderWith } from './driftFiles';
import { rng } from './seededData';

/** Reads a file through readTable, each row as what a reader of the CSV would expect: numbers as numbers, text as text. */
async function rowsOf(file: string, withNumbers: boolean): Promise<{ header: readonly string[]; rows: Cell[][] }> {
  let header: readonly string[] = [];
  const rows: Cell[][] = [];
  await readTable(file, {
    header: (names) => (header = names),
    row: (cells, row) => (rows[row - 1] = cells.map((c) => (typeof c === 'string' && c.trim() !== '' && Number.isFinite(Number(c)) ? Number(c) : c))),
    ...(withNumbers ? { numbers: (values: Float64Array, row: number) => (rows[row - 1] = Array.from(values)) } : {}),
  });
  return { header, rows };
}

describe('reading a CSV file from its bytes', () => {
  it('gives every row, whether plain decimals, quoted, exponent or CRLF, across chunk boundaries', async () => {
    const r = rng(5);
    const lines = ['a,b,c'];
    const expected: Cell[][] = [];
    // About 3 MB: rows cross the 1 MiB read chunks at arbitrary places.
    for (let i = 0; i < 90000; i++) {
      const values = [(r() * 2000 - 1000).toFixed(Math.floor(r() * 7)), (r() - 0.5).toFixed(5), String(Math.floor(r() * 1e6))];
      let line = values.join(',');
      const row: Cell[] = values.map(Number);
      if (i % 997 === 0) { line = `"${values[0]}",${values[1]},"x, ""y"""`; row[2] = 'x, "y"'; }
      else if (i % 501 === 0) { line = `${Number(values[0]).toExponential()},${values[1]},${values[2]}`; }
      if (i % 3 === 0) line += '\r';
      lines.push(line);
      expected.push(row);
    }
    // One line longer than the read chunk, then a last line without a newline.
    const long = 'z'.repeat(1_500_000);
    lines.push(`1,2,${long}`);
    expected.push([1, 2, long]);
    lines.push('-0.5,.25,+7');
    expected.push([-0.5, 0.25, 7]);
    const dir = folderWith({ 'table.csv': lines.join('\n') });
    for (const withNumbers of [true, false]) {
      const { header, rows } = await rowsOf(path.join(dir, 'table.csv'), withNumbers);
      assert.deepEqual(header, ['a', 'b', 'c']);
      assert.equal(rows.length, expected.length, `expected ${expected.length} rows, read ${rows.length}`);
      const bad = expected.findIndex((row, i) => row.some((cell, j) => !Object.is(cell, rows[i]![j])));
      assert.equal(bad, -1, `row ${bad + 1}: expected ${JSON.stringify(expected[bad])?.slice(0, 80)}, read ${JSON.stringify(rows[bad])?.slice(0, 80)}`);
    }
  });
});
