import * as fs from 'node:fs';
import type { Cell } from '../../core/monitor/columnBuilder';
import { DriftInputError } from '../../core/monitor/driftInputError';
import { splitCsvNumbers } from './csvCells';

/** Receives a table row by row; cells are in header order. */
export interface TableSink {
  header(names: readonly string[]): void;
  row(cells: readonly Cell[], row: number): void;
  /** The serving log's `outputs` of one request, one per input row. */
  outputs?(cells: readonly Cell[], row: number): void;
}

/**
 * Streams a CSV or JSON-lines file into `sink` in 1 MiB chunks, so memory stays with the
 * sink's typed arrays, not the text. JSON lines are either row objects or the serving log's
 * requests ({"inputs": [rows], "outputs": [predictions]}); requests whose inputs are null
 * (refused bodies) are skipped. Format: .csv is CSV, .jsonl/.ndjson/.json JSON lines, else
 * sniffed from the first character.
 */
export async function readTable(file: string, sink: TableSink): Promise<number> {
  const reader = new LineParser(file, sink);
  const stream = fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
  let rest = '';
  for await (const chunk of stream as AsyncIterable<string>) {
    const text = rest + chunk;
    let start = 0;
    for (let nl = text.indexOf('\n', start); nl !== -1; nl = text.indexOf('\n', start)) {
      reader.line(text.slice(start, nl));
      start = nl + 1;
    }
    rest = text.slice(start);
  }
  if (rest) reader.line(rest);
  return reader.rows;
}

class LineParser {
  rows = 0;
  private format: 'csv' | 'json' | undefined;
  private names: string[] | undefined;
  private lineNumber = 0;
  constructor(private readonly file: string, private readonly sink: TableSink) {
    if (/\.csv$/i.test(file)) this.format = 'csv';
    else if (/\.(jsonl|ndjson|json)$/i.test(file)) this.format = 'json';
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
