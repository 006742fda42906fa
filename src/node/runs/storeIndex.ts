import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatIndexBase } from '../../core/runs/indexBaseText';
import { IndexMerger, isTombstone, type IndexBase, type IndexEntry } from '../../core/runs/runIndex';
import type { RunRecord } from '../../core/runs/runModel';
import { isNotFound, writeFileAtomicSync } from './atomicFile';
import { withFileLockSync } from './fileLock';
import { readIndexBase } from './indexBaseReader';
import { hostName, probeRunner } from './processProbe';

const safeHost = (host: string) => host.replace(/[^A-Za-z0-9._-]/g, '_');
const segmentPattern = /^seg-(\d+)-[0-9a-z]+@(.+)\.jsonl$/;

export interface IndexSnapshot {
  readonly merger: IndexMerger;
  /** Bytes read from segments past the base: how much a compaction would fold in. */
  readonly pendingBytes: number;
}

/** Not every race can be retried away forever; after this many the last view is used. */
const maxAttempts = 8;

/**
 * The summaries index (docs/store.md, "Index"). Each writer appends to a segment of its own, so
 * writers never contend and a torn line can only be the last of one segment; a compaction folds
 * the segments into base.json under a lock.
 */
export class StoreIndex {
  private readonly baseFile: string;
  private segmentFd: number | undefined;
  private readonly segmentName: string;

  constructor(readonly dir: string) {
    this.baseFile = path.join(dir, 'base.json');
    this.segmentName = `seg-${process.pid}-${Math.random().toString(36).slice(2, 10)}@${safeHost(hostName())}.jsonl`;
  }

  /** Appends one entry as a single write (a whole line, or nothing if the writer is killed first). */
  append(entry: IndexEntry): void {
    this.appendAll([entry]);
  }

  /** Appends entries in one write: a writer killed in the middle leaves whole lines and at most one torn last line, which readers skip. */
  appendAll(entries: readonly IndexEntry[]): void {
    if (entries.length === 0) return;
    if (this.segmentFd === undefined) {
      fs.mkdirSync(this.dir, { recursive: true });
      this.segmentFd = fs.openSync(path.join(this.dir, this.segmentName), 'a');
    }
    fs.writeSync(this.segmentFd, entries.map((entry) => `${JSON.stringify(entry)}\n`).join(''));
  }

  close(): void {
    if (this.segmentFd !== undefined) fs.closeSync(this.segmentFd);
    this.segmentFd = undefined;
  }

  /**
   * The merged index. The first call reads base.json and every segment; later calls of this
   * object read only what segments gained since (the tree refreshes on every index change, and
   * parsing a 10,000-run base each time would block the extension host). Any sign of a
   * compaction in between (base.json replaced, a segment gone) means a full read.
   */
  async read(): Promise<IndexSnapshot> {
    let last: IndexSnapshot | undefined;
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      if (this.state) {
        const incremental = await this.tryIncremental(this.state);
        if (incremental) return incremental;
        this.state = undefined;
      }
      const result = await this.tryRead();
      last = result.snapshot;
      if (result.state) {
        this.state = result.state;
        return result.snapshot;
      }
    }
    return last!;
  }

  private state: ReadState | undefined;

  private async tryIncremental(state: ReadState): Promise<IndexSnapshot | undefined> {
    if (baseKey(await statOrUndefined(this.baseFile)) !== state.baseKey) return undefined;
    const names = await this.segmentNames();
    let gone = false;
    await Promise.all(names.map(async (name) => {
      const from = state.offsets.get(name) ?? 0;
      const bytes = await readFrom(path.join(this.dir, name), from);
      if (bytes === undefined) {
        gone = true;
        return;
      }
      const end = bytes.lastIndexOf(0x0a) + 1;
      if (end === 0) return;
      state.merger.addSegmentText(bytes.toString('utf8', 0, end));
      state.offsets.set(name, from + end);
      state.pendingBytes += end;
    }));
    if (gone || baseKey(await statOrUndefined(this.baseFile)) !== state.baseKey) return undefined;
    return { merger: state.merger, pendingBytes: state.pendingBytes };
  }

  private async segmentNames(): Promise<string[]> {
    try {
      return (await fs.promises.readdir(this.dir)).filter((n) => segmentPattern.test(n));
    } catch (error) {
      if (isNotFound(error)) return [];
      throw error;
    }
  }

  /**
   * A full read; `state` is set only when nothing changed underneath it. base.json is parsed a
   * piece at a time as it arrives, and the segments are read while it is parsed (their offsets
   * are on its first line).
   */
  private async tryRead(): Promise<{ snapshot: IndexSnapshot; state?: ReadState }> {
    const before = await statOrUndefined(this.baseFile);
    const names = this.segmentNames();
    names.catch(() => undefined); // awaited below
    let merger = new IndexMerger();
    let segmentReads: Promise<SegmentRead[]> | undefined;
    const readSegments = (offsets: IndexBase['segments']) => {
      const reads = names.then((list) => Promise.all(list.map(async (name) => {
        const from = offsets[name] ?? 0;
        return { name, from, bytes: await readFrom(path.join(this.dir, name), from) };
      })));
      reads.catch(() => undefined); // awaited below
      return reads;
    };
    try {
      await readIndexBase(this.baseFile, {
        onSegments: (offsets) => { segmentReads = readSegments(offsets); },
        onRuns: (runs) => merger.addBase(runs),
      });
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      // Not valid JSON (a hand edit): as if there were no base; the folders are the truth.
      merger = new IndexMerger();
      segmentReads = undefined;
    }
    segmentReads ??= readSegments({});
    let consistent = true;
    let pendingBytes = 0;
    const offsets = new Map<string, number>();
    for (const { name, from, bytes } of await segmentReads) {
      if (bytes === undefined) {
        consistent = false; // folded into a newer base and removed while we read: read again
        continue;
      }
      const end = bytes.lastIndexOf(0x0a) + 1;
      pendingBytes += end;
      offsets.set(name, from + end);
      if (end > 0) merger.addSegmentText(bytes.toString('utf8', 0, end));
    }
    const after = await statOrUndefined(this.baseFile);
    if (baseKey(before) !== baseKey(after)) consistent = false;
    const snapshot = { merger, pendingBytes };
    return consistent ? { snapshot, state: { baseKey: baseKey(before), merger, offsets, pendingBytes } } : { snapshot };
  }

  /**
   * Folds every segment into a new base.json (atomic rename), then deletes segments whose writer
   * is gone and that are folded in completely. Under a lock, so two compactions never interleave.
   */
  compact(): void {
    fs.mkdirSync(this.dir, { recursive: true });
    withFileLockSync(path.join(this.dir, '.compact.lock'), () => {
      const merger = new IndexMerger();
      let base: IndexBase | undefined;
      try {
        base = JSON.parse(fs.readFileSync(this.baseFile, 'utf8')) as IndexBase;
      } catch (error) {
        if (!isNotFound(error) && !(error instanceof SyntaxError)) throw error;
      }
      for (const run of base?.runs ?? []) merger.add(run);
      const segments: Record<string, number> = {};
      const removable: string[] = [];
      for (const name of fs.readdirSync(this.dir).filter((n) => segmentPattern.test(n))) {
        const file = path.join(this.dir, name);
        const from = base?.segments[name] ?? 0;
        const bytes = fs.readFileSync(file);
        const end = bytes.lastIndexOf(0x0a) + 1;
        if (end > from) merger.addSegmentText(bytes.toString('utf8', from, end));
        segments[name] = Math.max(end, from);
        const [, pid, host] = segmentPattern.exec(name)!;
        const mine = name === this.segmentName;
        if (!mine && end === bytes.length && host === safeHost(hostName()) && probeRunner({ pid: Number(pid), host: hostName() }) === 'dead') removable.push(name);
      }
      const runs: RunRecord[] = [];
      for (const entry of merger.entries.values()) if (!isTombstone(entry)) runs.push(entry);
      // Newest first, the order listRuns returns: its sort then finds the work done.
      runs.sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
      for (const name of removable) delete segments[name];
      const next: IndexBase = { v: 1, segments, runs };
      writeFileAtomicSync(this.baseFile, formatIndexBase(next));
      for (const name of removable) fs.rmSync(path.join(this.dir, name), { force: true });
    });
  }
}

interface SegmentRead {
  readonly name: string;
  readonly from: number;
  /** Undefined when the segment was gone. */
  readonly bytes: Buffer | undefined;
}

interface ReadState {
  /** Identity of the base.json the state was built on. */
  readonly baseKey: string;
  readonly merger: IndexMerger;
  /** Bytes of each segment folded into `merger`. */
  readonly offsets: Map<string, number>;
  pendingBytes: number;
}

function baseKey(stat: fs.Stats | undefined): string {
  return stat ? `${stat.ino}:${stat.mtimeMs}:${stat.size}` : 'none';
}

async function statOrUndefined(file: string): Promise<fs.Stats | undefined> {
  try {
    return await fs.promises.stat(file);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** The bytes of a file from an offset; undefined when the file does not exist. */
async function readFrom(file: string, from: number): Promise<Buffer | undefined> {
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file, 'r');
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
  try {
    const { size } = await handle.stat();
    if (size <= from) return Buffer.alloc(0);
    const buffer = Buffer.allocUnsafe(size - from);
    let read = 0;
    while (read < buffer.length) {
      const { bytesRead } = await handle.read(buffer, read, buffer.length - read, from + read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    return buffer.subarray(0, read);
  } finally {
    await handle.close();
  }
}
