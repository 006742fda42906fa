import { RunStoreError } from './runErrors';
import type { MetricSeries } from './runModel';

/**
 * history.bin: the compact, columnar form of a finished run's histories (docs/store.md).
 *
 *   bytes 0..3   "MLH1"
 *   bytes 4..7   u32 LE: length of the directory JSON
 *   bytes 8..    directory JSON (UTF-8), padded with spaces to a multiple of 8 bytes
 *   then         one block per series at the offset the directory gives, each part 8-aligned:
 *                values f64[count]; steps (none | i32[count] | f64[count]); timestamps
 *                (u32[count] ms after tsBase | f64[count])
 *
 * Little-endian throughout. The directory comes first so a chart that wants three metrics of a
 * run reads the header and three blocks, not the whole file.
 */
export interface SeriesEntry {
  readonly name: string;
  readonly count: number;
  /** Absolute byte offset of the block. */
  readonly offset: number;
  readonly bytes: number;
  /** `range`: step = stepStart + i * stepStride, nothing stored. */
  readonly steps: 'range' | 'i32' | 'f64';
  readonly stepStart?: number;
  readonly stepStride?: number;
  readonly ts: 'delta32' | 'f64';
  readonly tsBase?: number;
}

export interface HistoryDirectory {
  readonly v: 1;
  readonly series: readonly SeriesEntry[];
}

const magic = [0x4d, 0x4c, 0x48, 0x31]; // "MLH1"
const align8 = (n: number) => (n + 7) & ~7;
const isLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function stepLayout(steps: ArrayLike<number>): Pick<SeriesEntry, 'steps' | 'stepStart' | 'stepStride'> {
  const n = steps.length;
  if (n === 0) return { steps: 'range', stepStart: 0, stepStride: 1 };
  const start = steps[0]!;
  const stride = n > 1 ? steps[1]! - start : 1;
  let range = Number.isInteger(start) && Number.isInteger(stride);
  let i32 = true;
  for (let i = 0; i < n; i++) {
    const s = steps[i]!;
    if (range && s !== start + i * stride) range = false;
    if (i32 && !(Number.isInteger(s) && s >= -2147483648 && s <= 2147483647)) i32 = false;
    if (!range && !i32) break;
  }
  if (range) return { steps: 'range', stepStart: start, stepStride: stride };
  return { steps: i32 ? 'i32' : 'f64' };
}

function tsLayout(ts: ArrayLike<number>): Pick<SeriesEntry, 'ts' | 'tsBase'> {
  if (ts.length === 0) return { ts: 'delta32', tsBase: 0 };
  let min = Infinity;
  let max = -Infinity;
  let integral = true;
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i]!;
    if (!Number.isInteger(t)) { integral = false; break; }
    if (t < min) min = t;
    if (t > max) max = t;
  }
  if (integral && max - min <= 0xffffffff) return { ts: 'delta32', tsBase: min };
  return { ts: 'f64' };
}

/** Encodes series (in the given order) to the bytes of history.bin. */
export function encodeHistory(series: Readonly<Record<string, { steps: ArrayLike<number>; values: ArrayLike<number>; timestamps: ArrayLike<number> }>>): Uint8Array {
  const names = Object.keys(series);
  const layouts = names.map((name) => {
    const s = series[name]!;
    const count = s.values.length;
    const steps = stepLayout(s.steps);
    const ts = tsLayout(s.timestamps);
    const bytes = 8 * count + (steps.steps === 'range' ? 0 : align8((steps.steps === 'i32' ? 4 : 8) * count)) + align8((ts.ts === 'delta32' ? 4 : 8) * count);
    return { name, count, steps, ts, bytes };
  });
  // The directory's length depends on the offsets it holds; offsets depend on its length. Lay
  // out with a guess, then redo once with the real header size (digits only grow, so it settles).
  let header = 8;
  let dirBytes = new Uint8Array();
  for (let attempt = 0; attempt < 4; attempt++) {
    let offset = header;
    const entries: SeriesEntry[] = layouts.map((l) => {
      const entry = { name: l.name, count: l.count, offset, bytes: l.bytes, ...l.steps, ...l.ts };
      offset += l.bytes;
      return entry;
    });
    const dir: HistoryDirectory = { v: 1, series: entries };
    dirBytes = new TextEncoder().encode(JSON.stringify(dir));
    const needed = align8(8 + dirBytes.length);
    if (needed === header) break;
    header = needed;
  }
  const total = header + layouts.reduce((sum, l) => sum + l.bytes, 0);
  const out = new Uint8Array(total);
  out.set(magic, 0);
  const view = new DataView(out.buffer);
  view.setUint32(4, dirBytes.length, true);
  out.set(dirBytes, 8);
  out.fill(0x20, 8 + dirBytes.length, header);
  let offset = header;
  for (const l of layouts) {
    const s = series[l.name]!;
    for (let i = 0; i < l.count; i++) view.setFloat64(offset + 8 * i, s.values[i]!, true);
    let at = offset + 8 * l.count;
    if (l.steps.steps === 'i32') {
      for (let i = 0; i < l.count; i++) view.setInt32(at + 4 * i, s.steps[i]!, true);
      at += align8(4 * l.count);
    } else if (l.steps.steps === 'f64') {
      for (let i = 0; i < l.count; i++) view.setFloat64(at + 8 * i, s.steps[i]!, true);
      at += 8 * l.count;
    }
    if (l.ts.ts === 'delta32') {
      const base = l.ts.tsBase ?? 0;
      for (let i = 0; i < l.count; i++) view.setUint32(at + 4 * i, s.timestamps[i]! - base, true);
    } else {
      for (let i = 0; i < l.count; i++) view.setFloat64(at + 8 * i, s.timestamps[i]!, true);
    }
    offset += l.bytes;
  }
  return out;
}

/** Bytes needed to read the directory: call with the first 8 bytes of the file. */
export function headerLength(first8: Uint8Array): number {
  if (first8.length < 8 || magic.some((b, i) => first8[i] !== b)) throw new RunStoreError('corrupt', 'Not a history.bin file (bad magic bytes).');
  const dirLength = new DataView(first8.buffer, first8.byteOffset, 8).getUint32(4, true);
  return align8(8 + dirLength);
}

export function decodeDirectory(header: Uint8Array): HistoryDirectory {
  const dirLength = new DataView(header.buffer, header.byteOffset, 8).getUint32(4, true);
  if (header.length < 8 + dirLength) throw new RunStoreError('corrupt', 'history.bin directory is cut short.');
  const dir = JSON.parse(new TextDecoder().decode(header.subarray(8, 8 + dirLength))) as HistoryDirectory;
  if (dir.v !== 1 || !Array.isArray(dir.series)) throw new RunStoreError('corrupt', 'Unknown history.bin version.');
  return dir;
}

function f64View(bytes: Uint8Array, at: number, count: number): Float64Array {
  const abs = bytes.byteOffset + at;
  if (isLittleEndian && abs % 8 === 0) return new Float64Array(bytes.buffer, abs, count);
  const out = new Float64Array(count);
  const view = new DataView(bytes.buffer, abs, count * 8);
  for (let i = 0; i < count; i++) out[i] = view.getFloat64(8 * i, true);
  return out;
}

/**
 * Hands out Float64Arrays carved from one allocation. Steps and timestamps are widened to
 * Float64Array on decode; a run's 20 series would otherwise make 40 small ArrayBuffers, and in
 * a fresh process those allocations and their GC bookkeeping cost more than the widening.
 */
export class Float64Arena {
  private readonly buffer: Float64Array;
  private used = 0;

  constructor(size: number) {
    this.buffer = new Float64Array(size);
  }

  /** A zeroed array of n elements: from the arena while it lasts, else a fresh one. */
  take(n: number): Float64Array {
    if (this.used + n > this.buffer.length) return new Float64Array(n);
    const out = this.buffer.subarray(this.used, this.used + n);
    this.used += n;
    return out;
  }
}

/** How many Float64 elements decoding this entry widens (what an arena for it must hold). */
export function widenedLength(entry: SeriesEntry): number {
  return (entry.steps === 'f64' ? 0 : entry.count) + (entry.ts === 'f64' ? 0 : entry.count);
}

const fresh = { take: (n: number) => new Float64Array(n) };

/**
 * Decodes one series block. `block` holds the block's bytes (starting at the entry's offset).
 * Values are views over `block` when aligned; steps and timestamps are widened to Float64Array,
 * taken from `arena` when one is given.
 */
export function decodeSeries(entry: SeriesEntry, block: Uint8Array, arena: Pick<Float64Arena, 'take'> = fresh): MetricSeries {
  const n = entry.count;
  if (block.length < entry.bytes) throw new RunStoreError('corrupt', `history.bin block of '${entry.name}' is cut short.`);
  const values = f64View(block, 0, n);
  let at = 8 * n;
  let steps: Float64Array;
  if (entry.steps === 'range') {
    steps = arena.take(n);
    const start = entry.stepStart ?? 0;
    const stride = entry.stepStride ?? 1;
    for (let i = 0; i < n; i++) steps[i] = start + i * stride;
  } else if (entry.steps === 'i32') {
    steps = arena.take(n);
    const abs = block.byteOffset + at;
    if (isLittleEndian && abs % 4 === 0) {
      const i32 = new Int32Array(block.buffer, abs, n);
      for (let i = 0; i < n; i++) steps[i] = i32[i]!;
    } else {
      const view = new DataView(block.buffer, abs, 4 * n);
      for (let i = 0; i < n; i++) steps[i] = view.getInt32(4 * i, true);
    }
    at += align8(4 * n);
  } else {
    steps = f64View(block, at, n);
    at += 8 * n;
  }
  let timestamps: Float64Array;
  if (entry.ts === 'delta32') {
    timestamps = arena.take(n);
    const base = entry.tsBase ?? 0;
    const abs = block.byteOffset + at;
    if (isLittleEndian && abs % 4 === 0) {
      const u32 = new Uint32Array(block.buffer, abs, n);
      for (let i = 0; i < n; i++) timestamps[i] = base + u32[i]!;
    } else {
      const view = new DataView(block.buffer, abs, 4 * n);
      for (let i = 0; i < n; i++) timestamps[i] = base + view.getUint32(4 * i, true);
    }
  } else {
    timestamps = f64View(block, at, n);
  }
  return { steps, values, timestamps };
}

/** Decodes a whole history.bin held in memory, optionally only some metrics. */
export function decodeHistory(bytes: Uint8Array, metrics?: ReadonlySet<string>): Record<string, MetricSeries> {
  const dir = decodeDirectory(bytes.subarray(0, headerLength(bytes.subarray(0, 8))));
  const entries = metrics ? dir.series.filter((e) => metrics.has(e.name)) : dir.series;
  const arena = new Float64Arena(entries.reduce((sum, e) => sum + widenedLength(e), 0));
  const out: Record<string, MetricSeries> = {};
  for (const entry of entries) out[entry.name] = decodeSeries(entry, bytes.subarray(entry.offset, entry.offset + entry.bytes), arena);
  return out;
}
