import type { Cell } from '../../core/monitor/columnBuilder';

const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * Splits an unquoted CSV line into cells, turning plain decimals ("-12.345") into numbers
 * straight from the character codes, without a substring or Number() per cell. The result is
 * exact: at most 15 digits make an integer below 2^53 and 10^k (k ≤ 22) is exact, so one IEEE
 * division rounds correctly (Clinger's fast path). Any other cell (exponents, long digits,
 * text) is kept as its text for the general rules.
 */
export function splitCsvNumbers(line: string, into: Cell[]): Cell[] {
  into.length = 0;
  let start = 0;
  const end = line.length;
  while (start <= end) {
    let i = start;
    let negative = false;
    const first = line.charCodeAt(i);
    if (first === 45 || first === 43) { negative = first === 45; i++; }
    let mantissa = 0;
    let digits = 0;
    let fraction = -1;
    let plain = true;
    for (; i < end; i++) {
      const c = line.charCodeAt(i);
      if (c === 44) break;
      if (c >= 48 && c <= 57) { mantissa = mantissa * 10 + (c - 48); digits++; if (fraction >= 0) fraction++; }
      else if (c === 46 && fraction < 0) fraction = 0;
      else plain = false;
    }
    if (plain && digits > 0 && digits <= 15 && fraction !== 0) {
      const value = fraction > 0 ? mantissa / POW10[fraction]! : mantissa;
      into.push(negative ? -value : value);
    } else {
      into.push(line.slice(start, i));
    }
    start = i + 1;
    if (i >= end) break;
  }
  return into;
}
