import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { HashCache } from './hashCache';

const chunkBytes = 1 << 20;

/**
 * sha256 of a file's bytes (hex), streamed in 1 MiB reads. The next read is in flight while the
 * current chunk is hashed, so disk and CPU overlap.
 */
export async function sha256File(file: string): Promise<string> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const hash = createHash('sha256');
    let buffers = [Buffer.allocUnsafe(chunkBytes), Buffer.allocUnsafe(chunkBytes)];
    let position = 0;
    let pending = handle.read(buffers[0]!, 0, chunkBytes, position);
    for (;;) {
      const { bytesRead, buffer } = await pending;
      if (bytesRead === 0) break;
      position += bytesRead;
      const next = buffers[1]!;
      pending = handle.read(next, 0, chunkBytes, position);
      hash.update(buffer.subarray(0, bytesRead));
      buffers = [next, buffer];
    }
    return hash.digest('hex');
  } finally {
    await handle.close();
  }
}

export interface PathHash {
  readonly kind: 'file' | 'dir';
  /** sha256 hex; for a folder, the hash over its listing (see hashDir). */
  readonly hash: string;
  /** Total bytes of the files. */
  readonly size: number;
  readonly files: number;
}

export interface HashOptions {
  readonly cache?: HashCache;
  /** Folder names never descended into (default: .git, .mlops, node_modules, __pycache__). */
  readonly skipDirs?: readonly string[];
}

const defaultSkip = ['.git', '.mlops', 'node_modules', '__pycache__'];

async function fileHash(file: string, stat: fs.BigIntStats, cache: HashCache | undefined): Promise<string> {
  const cached = cache?.get(file, stat);
  if (cached) return cached;
  const hash = await sha256File(file);
  cache?.set(file, stat, hash);
  return hash;
}

/** Files under a folder as sorted relative paths (forward slashes); symlinks are not followed. */
async function listFiles(root: string, skip: readonly string[]): Promise<{ rel: string; abs: string; link: boolean }[]> {
  const out: { rel: string; abs: string; link: boolean }[] = [];
  const walk = async (dir: string, rel: string): Promise<void> => {
    const entries = await fs.promises.readdir(dir, { withFileTypes: true });
    await Promise.all(entries.map(async (entry) => {
      const abs = path.join(dir, entry.name);
      const relPath = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!skip.includes(entry.name)) await walk(abs, relPath);
      } else if (entry.isFile()) out.push({ rel: relPath, abs, link: false });
      else if (entry.isSymbolicLink()) out.push({ rel: relPath, abs, link: true });
    }));
  };
  await walk(root, '');
  // Code-unit order, not locale order: the hash must not depend on the machine's locale.
  return out.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

/**
 * A folder's hash: sha256 over one line per file, in sorted relative-path order:
 * `<relative path>\0<sha256 hex of the file>\n`; a symlink contributes `<path>\0link:<target>\n`.
 * Empty folders do not count, like in git.
 */
export async function hashDir(dir: string, options: HashOptions = {}): Promise<PathHash> {
  const files = await listFiles(dir, options.skipDirs ?? defaultSkip);
  const hashes: string[] = new Array<string>(files.length);
  let size = 0;
  // A few files at a time: enough to keep the disk busy while the CPU hashes.
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const i = next++;
      const f = files[i]!;
      if (f.link) {
        hashes[i] = `link:${await fs.promises.readlink(f.abs)}`;
        continue;
      }
      const stat = await fs.promises.stat(f.abs, { bigint: true });
      size += Number(stat.size);
      hashes[i] = await fileHash(f.abs, stat, options.cache);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  const hash = createHash('sha256');
  files.forEach((f, i) => hash.update(`${f.rel}\0${hashes[i]!}\n`));
  return { kind: 'dir', hash: hash.digest('hex'), size, files: files.length };
}

/** The hash of a file or folder; null when nothing is there. */
export async function hashPath(target: string, options: HashOptions = {}): Promise<PathHash | null> {
  let stat: fs.BigIntStats;
  try {
    stat = await fs.promises.stat(target, { bigint: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  if (stat.isDirectory()) return hashDir(target, options);
  return { kind: 'file', hash: await fileHash(target, stat, options.cache), size: Number(stat.size), files: 1 };
}
