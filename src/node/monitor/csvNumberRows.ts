/** 10^0 … 10^15, each exact in a double. */
export const POW10: readonly number[] = Array.from({ length: 16 }, (_, k) => 10 ** k);

/** The line is not complete in the bytes given: wait for more. */
export const INCOMPLETE = -1;
/** The line is not a row of plain decimals: read it through the general path. */
export const NOT_PLAIN = -2;

/**
 * Reads one CSV line of plain decimals straight from the bytes: each cell `[+-]digits[.digits]`
 * (or `.digits`) with at most 15 digits, so the mantissa is an exact integer below 2^53 and
 * one division by an exact 10^k rounds correctly (Clinger's fast path): the same double
 * Number() gives, and the same as splitCsvNumbers. Fills `into` with exactly `into.length`
 * values and returns the index of the line's '\n', else INCOMPLETE (no '\n' before `end`) or
 * NOT_PLAIN (any other byte, quote, space, exponent, empty cell, long digits, a wrong number of
 * cells, "\r" not before "\n"), so the caller falls back to the general rules for that line.
 * Self-contained (literals, not the constants above; the table as a parameter), because the
 * parse worker runs it from its source text.
 */
export function readNumberRow(bytes: Uint8Array, start: number, end: number, into: Float64Array, pow10: readonly number[] = POW10): number {
  const columns = into.length;
  let i = start;
  let column = 0;
  for (;;) {
    if (i >= end) return -1;
    let c = bytes[i]!;
    let negative = false;
    if (c === 45 || c === 43) { negative = c === 45; i++; }
    let mantissa = 0;
    let digits = 0;
    let fraction = -1;
    for (; i < end; i++) {
      c = bytes[i]!;
      if (c >= 48 && c <= 57) { mantissa = mantissa * 10 + (c - 48); digits++; if (fraction >= 0) fraction++; }
      else if (c === 46 && fraction < 0) fraction = 0;
      else break;
    }
    if (i >= end) return -1;
    if (digits === 0 || digits > 15 || fraction === 0 || column === columns) return -2;
    const value = fraction > 0 ? mantissa / pow10[fraction]! : mantissa;
    into[column++] = negative ? -value : value;
    if (c === 44) { i++; continue; }
    if (c === 13) {
      if (i + 1 >= end) return -1;
      if (bytes[i + 1] !== 10) return -2;
      i++;
      c = 10;
    }
    if (c === 10) return column === columns ? i : -2;
    return -2;
  }
}

/** What a parse worker read of its part of the file. */
export interface NumberColumnsPart {
  /** One array per CSV column, `rows` values each. */
  readonly columns: Float64Array[];
  readonly rows: number;
  /** File offset of the first line it did not read (a line that is not plain decimals), or `end`. */
  readonly stoppedAt: number;
}

/**
 * Reads bytes [start, end) of a CSV file (start at a line start, end at a line start or the
 * file's end) as rows of plain decimals, column by column, until the first line that is not
 * one (the caller reads the rest by the general rules); the columns start with room for
 * `expectedRows`. Self-contained (fs, the row reader and
 * the table come as parameters) because it runs on a worker thread from its source text.
 */
export function readNumberColumns(
  fs: { openSync(path: string, flags: string): number; readSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: number): number; closeSync(fd: number): void },
  file: string, start: number, end: number, width: number,
  readRow: (bytes: Uint8Array, start: number, end: number, into: Float64Array, pow10: readonly number[]) => number, pow10: readonly number[],
  expectedRows: number,
): NumberColumnsPart {
  const fd = fs.openSync(file, 'r');
  let columns: Float64Array[] = [];
  let capacity = 0;
  let rows = 0;
  let stoppedAt = end;
  const row = new Float64Array(width);
  let buffer = new Uint8Array(1 << 20);
  let filled = 0;
  let readAt = start;
  try {
    for (;;) {
      if (filled === buffer.length) {
        const bigger = new Uint8Array(buffer.length * 2);
        bigger.set(buffer);
        buffer = bigger;
      }
      const n = readAt < end ? fs.readSync(fd, buffer, filled, Math.min(buffer.length - filled, end - readAt), readAt) : 0;
      readAt += n;
      filled += n;
      let at = 0;
      let stop = -1;
      while (at < filled) {
        stop = readRow(buffer, at, filled, row, pow10);
        if (stop < 0) break;
        if (rows === capacity) {
          // The expected count first (no doubling copies for an even file), then doubling.
          capacity = capacity === 0 ? Math.max(1024, expectedRows) : capacity * 2;
          const grown = capacity;
          columns = columns.length === 0 ? Array.from({ length: width }, () => new Float64Array(grown)) : columns.map((c) => { const bigger = new Float64Array(grown); bigger.set(c); return bigger; });
        }
        for (let k = 0; k < width; k++) columns[k]![rows] = row[k]!;
        rows++;
        at = stop + 1;
      }
      if (stop === -2 || (n === 0 && at < filled)) {
        stoppedAt = readAt - filled + at;
        break;
      }
      buffer.copyWithin(0, at, filled);
      filled -= at;
      if (n === 0) break;
    }
  } finally {
    fs.closeSync(fd);
  }
  if (columns.length === 0) columns = Array.from({ length: width }, () => new Float64Array(0));
  return { columns: columns.map((c) => c.subarray(0, rows)), rows, stoppedAt };
}
