const POW10 = Array.from({ length: 16 }, (_, k) => 10 ** k);

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
 */
export function readNumberRow(bytes: Uint8Array, start: number, end: number, into: Float64Array): number {
  const columns = into.length;
  let i = start;
  let column = 0;
  for (;;) {
    if (i >= end) return INCOMPLETE;
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
    if (i >= end) return INCOMPLETE;
    if (digits === 0 || digits > 15 || fraction === 0 || column === columns) return NOT_PLAIN;
    const value = fraction > 0 ? mantissa / POW10[fraction]! : mantissa;
    into[column++] = negative ? -value : value;
    if (c === 44) { i++; continue; }
    if (c === 13) {
      if (i + 1 >= end) return INCOMPLETE;
      if (bytes[i + 1] !== 10) return NOT_PLAIN;
      i++;
      c = 10;
    }
    if (c === 10) return column === columns ? i : NOT_PLAIN;
    return NOT_PLAIN;
  }
}
