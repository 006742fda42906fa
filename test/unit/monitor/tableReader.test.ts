import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { Cell } from '../../../src/core/monitor/columnBuilder';
import { readTable } from '../../../src/node/monitor/tableReader';
import { folderWith } from './driftFiles';
import { rng } from './seededData';

/** Reads a file through readTable, each row as a reader of the CSV expects it: numbers as numbers, text as text. */
async function rowsOf(file: string, mode: 'general' | 'numbers' | 'two threads'): Promise<{ header: readonly string[]; rows: Cell[][]; fromWorker: number }> {
  let header: readonly string[] = [];
  const rows: Cell[][] = [];
  let fromWorker = 0;
  await readTable(file, {
    header: (names) => (header = names),
    row: (cells, row) => (rows[row - 1] = cells.map((c) => (typeof c === 'string' && c.trim() !== '' && Number.isFinite(Number(c)) ? Number(c) : c))),
    ...(mode !== 'general' ? { numbers: (values: Float64Array, row: number) => (rows[row - 1] = Array.from(values)) } : {}),
    ...(mode === 'two threads' ? {
      columns: (columns: readonly Float64Array[], first: number) => {
        fromWorker += columns[0]!.length;
        for (let k = 0; k < columns[0]!.length; k++) rows[first - 1 + k] = columns.map((c) => c[k]!);
      },
    } : {}),
  }, mode === 'two threads' ? { parallelMinBytes: 1 << 20 } : {});
  return { header, rows, fromWorker };
}

/** About 3 MB of CSV (rows cross the 1 MiB read chunks anywhere), with the cells a reader should see. */
function table(mixed: boolean): { text: string; expected: Cell[][] } {
  const r = rng(5);
  const lines = ['a,b,c'];
  const expected: Cell[][] = [];
  for (let i = 0; i < 90000; i++) {
    const values = [(r() * 2000 - 1000).toFixed(Math.floor(r() * 7)), (r() - 0.5).toFixed(5), String(Math.floor(r() * 1e6))];
    let line = values.join(',');
    const row: Cell[] = values.map(Number);
    // Past the middle too, so a worker reading the second half meets them.
    if (mixed && i % 997 === 0) { line = `"${values[0]}",${values[1]},"x, ""y"""`; row[2] = 'x, "y"'; }
    else if (mixed && i % 501 === 0) line = `${Number(values[0]).toExponential()},${values[1]},${values[2]}`;
    if (i % 3 === 0) line += '\r';
    lines.push(line);
    expected.push(row);
  }
  if (mixed) {
    // One line longer than the read chunk.
    const long = 'z'.repeat(1_500_000);
    lines.push(`1,2,${long}`);
    expected.push([1, 2, long]);
  }
  // The last line has no newline.
  lines.push('-0.5,.25,+7');
  expected.push([-0.5, 0.25, 7]);
  return { text: lines.join('\n'), expected };
}

describe('reading a CSV file from its bytes', () => {
  const mixed = table(true);
  const plain = table(false);
  const dir = folderWith({ 'mixed.csv': mixed.text, 'plain.csv': plain.text });
  const cases = [
    { file: 'mixed.csv', mode: 'general', expected: mixed.expected },
    { file: 'mixed.csv', mode: 'numbers', expected: mixed.expected },
    { file: 'mixed.csv', mode: 'two threads', expected: mixed.expected },
    { file: 'plain.csv', mode: 'two threads', expected: plain.expected },
  ] as const;
  for (const c of cases) {
    it(`gives every row in order (${c.file}, ${c.mode}): plain decimals, quoted, exponent, CRLF, a long line, no final newline`, async () => {
      const { header, rows, fromWorker } = await rowsOf(path.join(dir, c.file), c.mode);
      assert.deepEqual(header, ['a', 'b', 'c']);
      assert.equal(rows.length, c.expected.length, `expected ${c.expected.length} rows, read ${rows.length}`);
      const bad = c.expected.findIndex((row, i) => rows[i] === undefined || row.some((cell, j) => !Object.is(cell, rows[i]![j])));
      assert.equal(bad, -1, `row ${bad + 1}: expected ${JSON.stringify(c.expected[bad])?.slice(0, 80)}, read ${JSON.stringify(rows[bad])?.slice(0, 80)}`);
      if (c.mode === 'two threads' && os.availableParallelism() > 1) assert.ok(fromWorker > 0, 'expected a worker thread to read part of the file');
      if (c.file === 'plain.csv' && c.mode === 'two threads' && os.availableParallelism() > 1) assert.ok(fromWorker > 40000, `expected the worker to read about half the rows, it read ${fromWorker}`);
    });
  }
});
