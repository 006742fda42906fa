/**
 * Sorts a Float64Array ascending in place by LSD radix sort on the IEEE bits (4 passes of 16
 * bits), several times faster than Float64Array.prototype.sort for a million values. The bits
 * are mapped so unsigned order is numeric order: negatives flip all bits, positives the sign.
 * -0 sorts before +0 (the comparison sort leaves them equal; the statistics do not tell them apart).
 * Self-contained on purpose (globals only): worker threads run it from its source text
 * (src/node/monitor/columnWorker.ts).
 */
export function radixSortFloat64(values: Float64Array): Float64Array {
  const n = values.length;
  if (n < 2048) return values.sort();
  const keys = new Uint32Array(values.buffer, values.byteOffset, n * 2);
  for (let i = 0; i < n; i++) {
    const hi = keys[2 * i + 1]!;
    if (hi & 0x80000000) { keys[2 * i] = ~keys[2 * i]!; keys[2 * i + 1] = ~hi; }
    else keys[2 * i + 1] = hi | 0x80000000;
  }
  let from: Uint32Array = keys;
  let to: Uint32Array = new Uint32Array(n * 2);
  const counts = new Uint32Array(65536);
  for (let pass = 0; pass < 4; pass++) {
    const word = pass >> 1;
    const shift = (pass & 1) * 16;
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(from[2 * i + word]! >>> shift) & 0xffff]!++;
    let sum = 0;
    for (let b = 0; b < 65536; b++) { const c = counts[b]!; counts[b] = sum; sum += c; }
    for (let i = 0; i < n; i++) {
      const at = counts[(from[2 * i + word]! >>> shift) & 0xffff]!++;
      to[2 * at] = from[2 * i]!;
      to[2 * at + 1] = from[2 * i + 1]!;
    }
    [from, to] = [to, from];
  }
  for (let i = 0; i < n; i++) {
    const hi = from[2 * i + 1]!;
    if (hi & 0x80000000) { keys[2 * i] = from[2 * i]!; keys[2 * i + 1] = hi & 0x7fffffff; }
    else { keys[2 * i] = ~from[2 * i]!; keys[2 * i + 1] = ~hi; }
  }
  return values;
}
