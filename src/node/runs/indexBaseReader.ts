import * as buffer from 'node:buffer';
import * as fs from 'node:fs';
import { findIndexBasePiece, parseIndexBaseHeader } from '../../core/runs/indexBaseText';
import type { IndexBase } from '../../core/runs/runIndex';
import type { RunRecord } from '../../core/runs/runModel';
import { isNotFound } from './atomicFile';

/** Bytes per read: parsing one piece (a few hundred runs) overlaps the reads of the next ones. */
const pieceBytes = 2 << 20;
/** Reads kept in flight ahead of the parser (libuv's pool has four threads). */
const readsAhead = 3;

export interface BaseReader {
  /** base.json's segment offsets, as soon as its first line is read (segments can be read meanwhile). */
  onSegments(segments: IndexBase['segments']): void;
  /** Runs, in file order, a piece at a time. */
  onRuns(runs: readonly RunRecord[]): void;
}

/**
 * Reads `index/base.json`, handing its runs over a piece at a time while the following bytes
 * are still on their way from the disk (indexBaseText.ts describes the layout). A base in the
 * older one-line layout is parsed whole. Returns false when there is no base.json; throws
 * SyntaxError when it is not valid JSON (a reader then treats it as absent, as before).
 */
export async function readIndexBase(file: string, reader: BaseReader): Promise<boolean> {
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file, 'r');
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
  try {
    // base.json is only ever replaced by rename, so the open file keeps its size while we read.
    const { size } = await handle.stat();
    const bytes = Buffer.allocUnsafeSlow(size);
    const reads: Promise<number>[] = [];
    const issue = (until: number) => {
      while (reads.length < until && reads.length * pieceBytes < size) {
        const at = reads.length * pieceBytes;
        const read = readAt(handle, bytes, at, Math.min(pieceBytes, size - at));
        read.catch(() => undefined); // awaited in order below; a failure is reported there
        reads.push(read);
      }
    };
    issue(1 + readsAhead);
    let parsed = 0;
    let layout: 'lines' | 'whole' | undefined;
    let closed = false;
    for (let piece = 0; piece < reads.length; piece++) {
      const available = (piece * pieceBytes) + await reads[piece]!;
      issue(piece + 2 + readsAhead);
      if (layout === 'whole') continue;
      if (layout === undefined) {
        // The layout shows in the first line: the header alone, or (older) the whole base.
        const firstEnd = bytes.subarray(0, available).indexOf(0x0a);
        const segments = firstEnd < 0 ? undefined : parseIndexBaseHeader(bytes.toString('utf8', 0, firstEnd));
        if (!segments) {
          layout = 'whole';
          continue;
        }
        layout = 'lines';
        reader.onSegments(segments);
        parsed = firstEnd + 1;
      }
      const upTo = available === size ? size : parsed + bytes.subarray(parsed, available).lastIndexOf(0x0a) + 1;
      if (upTo <= parsed) continue;
      const found = findIndexBasePiece(bytes, parsed, upTo);
      parsed = upTo;
      if (closed) {
        if (found.from < found.to || found.closed) throw new SyntaxError('base.json goes on after its closing line.');
        continue;
      }
      closed = found.closed;
      if (found.from < found.to) reader.onRuns(parseRuns(bytes, found.from, found.to));
    }
    if (layout === 'lines' && !closed) throw new SyntaxError('base.json is cut short.');
    if (layout === 'whole') {
      const base = JSON.parse(bytes.toString('utf8')) as IndexBase;
      reader.onSegments(base.segments ?? {});
      reader.onRuns(base.runs ?? []);
    }
    return true;
  } finally {
    await handle.close();
  }
}

/**
 * Parses the runs in bytes[from, to) as one JSON array. The byte before `from` (a newline) and
 * the one at `to` (the comma or newline after the last run) are turned into `[` and `]` in our
 * own buffer, so the text is made once, with no concatenated copy; an ASCII piece of a megabyte
 * or more becomes an external string, outside the JS heap (the parsed runs are still in it).
 */
function parseRuns(bytes: Buffer, from: number, to: number): RunRecord[] {
  if (from === 0 || to >= bytes.length) return JSON.parse(`[${bytes.toString('utf8', from, to)}]`) as RunRecord[];
  bytes[from - 1] = 0x5b;
  bytes[to] = 0x5d;
  const ascii = isAscii?.(bytes.subarray(from - 1, to + 1)) ?? false;
  return JSON.parse(bytes.toString(ascii ? 'latin1' : 'utf8', from - 1, to + 1)) as RunRecord[];
}

/** buffer.isAscii where the runtime has it (Node 18.15 and later). */
const isAscii = (buffer as { isAscii?: (bytes: Uint8Array) => boolean }).isAscii;

/** Reads `length` bytes at `position` into `buffer` at the same offset; returns the count read. */
async function readAt(handle: fs.promises.FileHandle, buffer: Buffer, position: number, length: number): Promise<number> {
  let read = 0;
  while (read < length) {
    const { bytesRead } = await handle.read(buffer, position + read, length - read, position + read);
    if (bytesRead === 0) throw new SyntaxError('base.json is shorter than it was when opened.');
    read += bytesRead;
  }
  return read;
}
