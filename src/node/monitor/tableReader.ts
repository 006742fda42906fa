import * as fs from 'node:fs';
import type { Cell } from '../../core/monitor/columnBuilder';
import { DriftInputError } from '../../core/monitor/driftInputError';
import { splitCsvNumbers } from './csvCells';
import { INCOMPLETE, readNumberRow } from './csvNumberRows';
import { canReadInParallel, readNumberColumnsOnWorker } from './parallelCsv';

/** Receives a table row by row; cells are in header order. */
export interface TableSink {
  header(names: readonly string[]): void;
  row(cells: readonly Cell[], row: number): void;
  /** A CSV row whose every cell is a plain decimal, parsed from the bytes (header order). */
  numbers?(values: Float64Array, row: number): void;
  /** About how many rows the file holds (from its size and the first chunk's rows), said once. */
  expectRows?(rows: number): void;
  /** Rows of plain decimals read elsewhere (a worker thread), as columns in header order; rows first … first + length − 1. */
  columns?(columns: readonly Float64Array[], firstRow: number): void;
  /** The serving log's `outputs` of one request, one per input row. */
  outputs?(cells: readonly Cell[], row: number): void;
}

const CHUNK = 1 << 20;

export interface ReadOptions {
  /** Files at least this large are read by two threads (default PARALLEL_MIN_BYTES; tests lower it). */
  readonly parallelMinBytes?: number;
}

/**
 * Streams a CSV or JSON-lines file into `sink` in 1 MiB chunks of bytes, so memory stays with
 * the sink's typed arrays, not the text. CSV rows of plain decimals go from the bytes straight
 * to `sink.numbers` (no string per line or cell: the text scan was most of the time); any other
 * line is decoded and read by the general rules. JSON lines are either row objects or the
 * serving log's requests ({"inputs": [rows], "outputs": [predictions]}); requests whose inputs
 * are null (refused bodies) are skipped. Format: .csv is CSV, .jsonl/.ndjson/.json JSON lines,
 * else sniffed from the first character. A large CSV file is read by two threads when the sink
 * takes whole columns (`sink.columns`): a worker reads the second half (see parallelCsv.ts).
 */
export async function readTable(file: string, sink: TableSink, options: ReadOptions = {}): Promise<number> {
  const reader = new LineParser(file, sink);
  const handle = await fs.promises.open(file, 'r');
  try {
    const size = (await handle.stat()).size;
    const chunks = new ChunkReader(handle, reader);
    await chunks.next(size);
    // 2 % over the first chunk's rate, so a file of even rows grows its columns once.
    const rowsIn = (bytes: number) => (reader.rows > 0 ? Math.ceil((reader.rows * bytes * 1.02) / chunks.consumed) + 16 : 0);
    if (reader.rows > 0) sink.expectRows?.(rowsIn(size));
    // A large CSV of numbers: a worker thread reads the second half while this thread reads the first.
    const split = reader.numberColumns !== undefined && sink.columns && canReadInParallel(size, options.parallelMinBytes) ? await lineStartAfter(handle, Math.floor(size / 2), size) : undefined;
    const helper = split !== undefined && split > chunks.position ? readNumberColumnsOnWorker(file, split, size, reader.numberColumns!, rowsIn(size - split)) : undefined;
    // If this thread's part fails first (a bad line), the worker's outcome no longer matters.
    helper?.catch(() => undefined);
    const limit = helper ? split! : size;
    while (await chunks.next(limit));
    if (helper) {
      const part = await helper;
      reader.addColumns(part.columns, part.rows);
      chunks.seek(part.stoppedAt);
      while (await chunks.next(size));
    }
    chunks.finish();
  } finally {
    await handle.close();
  }
  return reader.rows;
}

/** The offset just after the first '\n' at or after `from` (within 64 KiB), or undefined. */
async function lineStartAfter(handle: fs.promises.FileHandle, from: number, size: number): Promise<number | undefined> {
  const window = Buffer.allocUnsafe(Math.min(1 << 16, size - from));
  const { bytesRead } = await handle.read(window, 0, window.length, from);
  const nl = window.subarray(0, bytesRead).indexOf(10);
  return nl === -1 || from + nl + 1 >= size ? undefined : from + nl + 1;
}

/** Reads a file range by range in 1 MiB chunks, handing the complete lines to the parser. */
class ChunkReader {
  private buffer = Buffer.allocUnsafe(CHUNK);
  private filled = 0;
  /** File offset of the next read. */
  position = 0;
  /** Bytes of complete lines handed to the parser so far. */
  consumed = 0;
  constructor(private readonly handle: fs.promises.FileHandle, private readonly reader: LineParser) {}

  /** Reads the next chunk before `limit` and parses its complete lines; false when there was none. */
  async next(limit: number): Promise<boolean> {
    if (this.position >= limit) return false;
    if (this.filled === this.buffer.length) {
      // One line longer than the buffer: make room for the rest of it.
      const bigger = Buffer.allocUnsafe(this.buffer.length * 2);
      this.buffer.copy(bigger, 0, 0, this.filled);
      this.buffer = bigger;
    }
    const { bytesRead } = await this.handle.read(this.buffer, this.filled, Math.min(this.buffer.length - this.filled, limit - this.position), this.position);
    if (bytesRead === 0) return false;
    this.position += bytesRead;
    this.filled += bytesRead;
    const consumed = this.reader.lines(this.buffer, this.filled);
    this.consumed += consumed;
    this.buffer.copyWithin(0, consumed, this.filled);
    this.filled -= consumed;
    return true;
  }

  /** Goes on from `offset`, a line start; the range read so far must have ended with a whole line. */
  seek(offset: number): void {
    if (this.filled !== 0) throw new Error('the first part of the file did not end at a line end');
    this.position = offset;
  }

  /** The last line, when the file does not end with a newline. */
  finish(): void {
    if (this.filled > 0) this.reader.line(this.buffer.toString('utf8', 0, this.filled));
    this.filled = 0;
  }
}

class LineParser {
  rows = 0;
  private format: 'csv' | 'json' | undefined;
  private names: string[] | undefined;
  private lineNumber = 0;
  /** Set once the CSV header is read and the sink takes rows of numbers. */
  private numberRow: Float64Array | undefined;
  /** The number of CSV columns, once rows of numbers can be read. */
  get numberColumns(): number | undefined {
    return this.numberRow?.length;
  }

  /** Rows read by a worker from the part of the file after the lines read so far. */
  addColumns(columns: readonly Float64Array[], rows: number): void {
    if (rows === 0) return;
    this.sink.columns!(columns, this.rows + 1);
    this.rows += rows;
    this.lineNumber += rows;
  }
  constructor(private readonly file: string, private readonly sink: TableSink) {
    if (/\.csv$/i.test(file)) this.format = 'csv';
    else if (/\.(jsonl|ndjson|json)$/i.test(file)) this.format = 'json';
  }

  /** Reads the complete lines of bytes[0, end); returns where the unfinished last line starts. */
  lines(bytes: Buffer, end: number): number {
    let start = 0;
    while (start < end) {
      const row = this.numberRow;
      if (row) {
        const stop = readNumberRow(bytes, start, end, row);
        if (stop >= 0) {
          this.lineNumber++;
          this.sink.numbers!(row, ++this.rows);
          start = stop + 1;
          continue;
        }
        if (stop === INCOMPLETE) break;
      }
      const nl = bytes.indexOf(10, start);
      if (nl === -1 || nl >= end) break;
      this.line(bytes.toString('utf8', start, nl));
      start = nl + 1;
    }
    return start;
  }

  line(raw: string): void {
    this.lineNumber++;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') return;
    this.format ??= line.trimStart().startsWith('{') ? 'json' : 'csv';
    if (this.format === 'csv') this.csvLine(line);
    else this.jsonLine(line);
  }

  private readonly cells: Cell[] = [];
  private csvLine(line: string): void {
    if (this.names && !line.includes('"')) return this.csvRow(splitCsvNumbers(line, this.cells));
    const cells = line.includes('"') ? splitQuoted(line) : line.split(',');
    if (!this.names) {
      this.names = cells.map((c) => c.trim());
      this.sink.header(this.names);
      if (this.sink.numbers) this.numberRow = new Float64Array(this.names.length);
      return;
    }
    this.csvRow(cells);
  }

  private csvRow(cells: readonly Cell[]): void {
    if (cells.length !== this.names!.length) {
      throw new DriftInputError('BAD_LINE', `Line ${this.lineNumber} of ${this.file} has ${cells.length} values but the header has ${this.names!.length} columns.`);
    }
    this.sink.row(cells, ++this.rows);
  }

  private jsonLine(line: string): void {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new DriftInputError('BAD_LINE', `Line ${this.lineNumber} of ${this.file} is not valid JSON.`);
    }
    if (!isObject(value)) throw new DriftInputError('BAD_LINE', `Line ${this.lineNumber} of ${this.file} is not a JSON object.`);
    if (!('inputs' in value)) return this.objectRow(value);
    if (!Array.isArray(value.inputs)) return;
    const first = this.rows + 1;
    for (const row of value.inputs) {
      if (!isObject(row)) throw new DriftInputError('BAD_LINE', `Line ${this.lineNumber} of ${this.file} has an input row that is not an object.`);
      this.objectRow(row);
    }
    if (this.sink.outputs && Array.isArray(value.outputs)) this.sink.outputs(value.outputs.map(toCell), first);
  }

  private objectRow(object: Record<string, unknown>): void {
    if (!this.names) {
      this.names = Object.keys(object);
      this.sink.header(this.names);
    }
    this.sink.row(this.names.map((n) => toCell(object[n])), ++this.rows);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toCell(value: unknown): Cell {
  if (value === null || value === undefined || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}

/** One CSV line with RFC 4180 quotes ("" inside quotes is a quote). */
function splitQuoted(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { cell += '"'; i++; }
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { cells.push(cell); cell = ''; }
    else cell += ch;
  }
  cells.push(cell);
  return cells;
}
