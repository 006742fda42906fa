import * as fs from 'node:fs';
import { isNotFound } from './atomicFile';

export interface FileTailerOptions {
  /** How often to look for new bytes; 250 ms by default. */
  readonly intervalMs?: number;
  /** Start at this byte instead of 0 (e.g. the end, to see only what comes next). */
  readonly startOffset?: number;
  /** Called once when the file disappears after having existed. */
  readonly onGone?: () => void;
  /**
   * Skip what the file holds when following starts (a previous run's lines), unless the file
   * is then rewritten from the start: a different first few KB, or a shorter file, means it was.
   */
  readonly skipExisting?: boolean;
}

const prefixBytes = 4096;

/**
 * Follows a growing text file line by line, by polling (fs.watch misses appends on network and
 * container file systems). Only complete lines are delivered; the bytes after the last newline
 * wait for the rest. A file that shrinks or is replaced (new inode) is read again from the start.
 */
export class FileTailer {
  private offset: number;
  private pending: Buffer = Buffer.alloc(0);
  private ino: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();
  private existed = false;
  private stopped = false;
  /** The first bytes of content we skipped; while they stay the same, the skip stands. */
  private skippedPrefix: Buffer | undefined;
  private readonly buffer = Buffer.allocUnsafe(1 << 20);

  constructor(
    readonly file: string,
    private readonly onLines: (lines: string[]) => void | Promise<void>,
    private readonly options: FileTailerOptions = {},
  ) {
    this.offset = options.startOffset ?? 0;
    if (options.skipExisting) this.skipWhatIsThere();
  }

  /** Done at once, not at the first poll: by then the new writer may have added lines. */
  private skipWhatIsThere(): void {
    let fd: number;
    try {
      fd = fs.openSync(this.file, 'r');
    } catch {
      return; // nothing there yet: everything that comes is new
    }
    try {
      const { size, ino } = fs.fstatSync(fd);
      if (size === 0) return;
      const prefix = Buffer.alloc(Math.min(size, prefixBytes));
      const read = fs.readSync(fd, prefix, 0, prefix.length, 0);
      this.skippedPrefix = prefix.subarray(0, read);
      this.offset = size;
      this.ino = ino;
    } finally {
      fs.closeSync(fd);
    }
  }

  start(): this {
    const interval = this.options.intervalMs ?? 250;
    this.timer = setInterval(() => void this.poll(), interval);
    this.timer.unref();
    void this.poll();
    return this;
  }

  /** Reads whatever is new now; polls never overlap. */
  poll(): Promise<void> {
    this.chain = this.chain.then(() => this.readNew(false)).catch(() => undefined);
    return this.chain;
  }

  /**
   * Reads to the end and stops. The writer is done by now, so a last line without a newline is
   * delivered too.
   */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.stopped) return this.chain;
    this.stopped = true;
    this.chain = this.chain.then(() => this.readNew(true)).catch(() => undefined);
    return this.chain;
  }

  private async readNew(final: boolean): Promise<void> {
    let handle: fs.promises.FileHandle;
    try {
      handle = await fs.promises.open(this.file, 'r');
    } catch (error) {
      if (!isNotFound(error)) throw error;
      if (this.existed) {
        this.existed = false;
        this.reset();
        this.options.onGone?.();
      }
      return;
    }
    try {
      const stat = await handle.stat();
      this.existed = true;
      if (this.skippedPrefix && stat.size >= this.skippedPrefix.length) {
        const now = await readPrefix(handle, this.skippedPrefix.length);
        if (!now.equals(this.skippedPrefix)) this.reset();
      }
      if ((this.ino !== undefined && stat.ino !== this.ino) || stat.size < this.offset) this.reset();
      this.ino = stat.ino;
      while (this.offset < stat.size) {
        const { bytesRead } = await handle.read(this.buffer, 0, Math.min(this.buffer.length, stat.size - this.offset), this.offset);
        if (bytesRead === 0) break;
        this.offset += bytesRead;
        const chunk = this.pending.length > 0 ? Buffer.concat([this.pending, this.buffer.subarray(0, bytesRead)]) : this.buffer.subarray(0, bytesRead);
        const end = chunk.lastIndexOf(0x0a) + 1;
        this.pending = Buffer.from(chunk.subarray(end));
        if (end > 0) await this.deliver(chunk.toString('utf8', 0, end - 1).split('\n'));
      }
      if (final && this.pending.length > 0) {
        const last = this.pending.toString('utf8');
        this.pending = Buffer.alloc(0);
        await this.deliver([last]);
      }
    } finally {
      await handle.close();
    }
  }

  private async deliver(lines: string[]): Promise<void> {
    const kept = lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l)).filter((l) => l.length > 0);
    if (kept.length > 0) await this.onLines(kept);
  }

  private reset(): void {
    this.offset = 0;
    this.skippedPrefix = undefined;
    this.pending = Buffer.alloc(0);
    this.ino = undefined;
  }
}

async function readPrefix(handle: fs.promises.FileHandle, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, 0);
  return buffer.subarray(0, bytesRead);
}
