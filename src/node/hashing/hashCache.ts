import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../runs/atomicFile';

interface Entry {
  readonly size: string;
  readonly mtimeNs: string;
  readonly ino: string;
  readonly hash: string;
}

interface CacheFile {
  readonly v: 1;
  readonly entries: Record<string, Entry>;
}

/**
 * File hashes keyed by absolute path, trusted while size, mtime (ns) and inode are unchanged, so
 * unchanged files are not read again. Persisted as `<store>/cache/hashes.json` (atomic rename;
 * when two processes save at once the last one wins, which only costs a re-hash later).
 * A file modified within `racyWindowMs` of being hashed is not cached: a write in the same
 * mtime tick would otherwise go unnoticed (git's "racily clean" problem).
 */
export class HashCache {
  private entries: Record<string, Entry> = {};
  private loaded = false;
  private dirty = false;

  constructor(readonly file: string, private readonly racyWindowMs = 2000) {}

  static forStore(storeDir: string): HashCache {
    return new HashCache(path.join(storeDir, 'cache', 'hashes.json'));
  }

  load(): void {
    if (this.loaded) return;
    this.loaded = true;
    try {
      const parsed = JSON.parse(fs.readFileSync(this.file, 'utf8')) as CacheFile;
      if (parsed.v === 1 && parsed.entries) this.entries = parsed.entries;
    } catch {
      this.entries = {};
    }
  }

  get(file: string, stat: fs.BigIntStats): string | undefined {
    this.load();
    const entry = this.entries[file];
    if (!entry) return undefined;
    if (entry.size !== String(stat.size) || entry.mtimeNs !== String(stat.mtimeNs) || entry.ino !== String(stat.ino)) return undefined;
    return entry.hash;
  }

  set(file: string, stat: fs.BigIntStats, hash: string): void {
    this.load();
    if (Date.now() - Number(stat.mtimeMs) < this.racyWindowMs) return;
    this.entries[file] = { size: String(stat.size), mtimeNs: String(stat.mtimeNs), ino: String(stat.ino), hash };
    this.dirty = true;
  }

  get size(): number {
    this.load();
    return Object.keys(this.entries).length;
  }

  async save(): Promise<void> {
    if (!this.dirty) return;
    await fs.promises.mkdir(path.dirname(this.file), { recursive: true });
    await writeFileAtomic(this.file, JSON.stringify({ v: 1, entries: this.entries } satisfies CacheFile));
    this.dirty = false;
  }
}
