import type { IndexBase } from './runIndex';

/**
 * The text layout of `index/base.json` (docs/store.md, "Index"): one JSON document, as before,
 * but with the header on the first line and one run per line after it:
 *
 *   {"v":1,"segments":{…},"runs":[
 *   {…run…},
 *   {…run…}
 *   ]}
 *
 * Any JSON reader still reads it whole. A reader that knows the layout parses it a few hundred
 * runs at a time while the rest of the file is still being read, so parsing overlaps the disk
 * instead of following it. It is written in ASCII (other characters escaped), so those pieces
 * need no UTF-8 decoding. A base written in one line (older versions) is parsed whole.
 */
export function formatIndexBase(base: IndexBase): string {
  const lines = base.runs.map((run) => asciiJson(run));
  return `${baseHeaderPrefix}${asciiJson(base.segments)}${baseHeaderSuffix}\n${lines.join(',\n')}\n]}\n`;
}

const baseHeaderPrefix = '{"v":1,"segments":';
const baseHeaderSuffix = ',"runs":[';

/** The segments offsets of a first line in this layout; undefined for any other first line (read the file whole). */
export function parseIndexBaseHeader(firstLine: string): IndexBase['segments'] | undefined {
  if (!firstLine.startsWith(baseHeaderPrefix) || !firstLine.endsWith(baseHeaderSuffix)) return undefined;
  const header = JSON.parse(`${firstLine}]}`) as Partial<IndexBase>;
  return header.v === 1 && header.segments && typeof header.segments === 'object' ? header.segments : undefined;
}

/** Where the runs of a piece lie, and whether it holds the closing line. */
export interface IndexBasePiece {
  /** The first run's `{` … just past the last run's `}`; no runs when from === to. */
  readonly from: number;
  readonly to: number;
  readonly closed: boolean;
}

/**
 * Finds the runs in bytes[start, end) of the layout above: whole lines after the header line
 * (`{…run…},` each, the last run without the comma, then the closing `]}` line). A reader turns
 * the bytes just before `from` and at `to` into `[` and `]` and parses the piece as one array,
 * without copying it into a new string. Throws SyntaxError for a closing line that is not `]}`.
 */
export function findIndexBasePiece(bytes: Uint8Array, start: number, end: number): IndexBasePiece {
  let last = end;
  while (last > start && isSeparator(bytes[last - 1]!)) last--;
  // The closing line is the only one that starts with `]` (runs start with `{`).
  let lineStart = last;
  while (lineStart > start && bytes[lineStart - 1] !== 0x0a) lineStart--;
  const closed = lineStart < last && bytes[lineStart] === 0x5d;
  if (closed && !(last - lineStart === 2 && bytes[lineStart + 1] === 0x7d)) throw new SyntaxError('base.json does not end where its runs do.');
  let to = closed ? lineStart : last;
  while (to > start && isSeparator(bytes[to - 1]!)) to--;
  let from = start;
  while (from < to && isSeparator(bytes[from]!)) from++;
  return { from, to, closed };
}

/**
 * JSON text of a value in ASCII only: characters past 0x7e are written as \u escapes, which any
 * JSON reader reads back as the same string. An ASCII index can be read without UTF-8 decoding.
 */
export function asciiJson(value: unknown): string {
  const text = JSON.stringify(value);
  return nonAscii.test(text) ? text.replace(nonAsciiAll, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : text;
}

const nonAscii = /[\x7f-\uffff]/;
const nonAsciiAll = /[\x7f-\uffff]/g;

function isSeparator(code: number): boolean {
  return code === 0x0a || code === 0x0d || code === 0x2c || code === 0x20 || code === 0x09;
}
