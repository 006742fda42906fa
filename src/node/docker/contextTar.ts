import * as fs from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar-stream';
import { EngineError } from './engineErrors';

/** One file of a tar: its path inside the archive and where its bytes come from. */
export interface TarFile {
  /** Relative, forward slashes: `model/model.pkl`. */
  readonly path: string;
  /** An absolute path on this machine (streamed, mode kept)… */
  readonly source?: string;
  /** …or the bytes themselves. */
  readonly contents?: Buffer | string;
  /** Permission bits for `contents` (default 0o644). */
  readonly mode?: number;
}

/** Fixed mtime for generated entries, so the same bytes always make the same layer. */
const generatedMtime = new Date('2000-01-01T00:00:00Z');

/** Checks the paths (relative, inside the archive, no duplicates) and that every source exists. */
export async function checkTarFiles(files: readonly TarFile[]): Promise<{ file: TarFile; path: string; size: number; mode: number; mtime: Date }[]> {
  const seen = new Set<string>();
  return Promise.all(files.map(async (file) => {
    const path = normaliseTarPath(file.path);
    if (seen.has(path)) throw new EngineError('bad-request', `The file ${path} is listed twice in the build context: list each file once.`);
    seen.add(path);
    if (file.contents !== undefined) {
      return { file, path, size: Buffer.byteLength(file.contents), mode: file.mode ?? 0o644, mtime: generatedMtime };
    }
    if (!file.source) throw new EngineError('bad-request', `The context file ${path} has neither a source nor contents: give one.`);
    let stat: fs.Stats;
    try {
      stat = await fs.promises.stat(file.source);
    } catch (error) {
      throw new EngineError('bad-request', `The file ${file.source} for ${path} cannot be read: check that it exists.`, String(error));
    }
    if (!stat.isFile()) throw new EngineError('bad-request', `${file.source} (for ${path}) is not a file: list files, not folders.`);
    return { file, path, size: stat.size, mode: stat.mode & 0o777, mtime: stat.mtime };
  }));
}

export function normaliseTarPath(raw: string): string {
  const path = raw.replace(/\\/g, '/').replace(/^\.\//, '');
  const parts = path.split('/').filter((part) => part !== '' && part !== '.');
  if (path.startsWith('/') || parts.length === 0 || parts.includes('..')) {
    throw new EngineError('bad-request', `The path '${raw}' must be relative and stay inside the archive: use a path like model/model.pkl.`);
  }
  return parts.join('/');
}

/**
 * A tar of exactly these files, as a stream; `bytes()` is how many bytes it has produced so far
 * (all of them once it has ended).
 */
export async function tarOf(files: readonly TarFile[]): Promise<{ stream: Readable; bytes: () => number }> {
  const entries = await checkTarFiles(files);
  const pack = tar.pack();
  let bytes = 0;
  // Counts what passes without consuming it (a 'data' listener would start the flow early).
  const out = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      callback(null, chunk);
    },
  });
  pack.pipe(out);
  pack.on('error', (error: Error) => out.destroy(error));
  const write = async () => {
    for (const entry of entries) {
      const headers = { name: entry.path, size: entry.size, mode: entry.mode, mtime: entry.mtime, type: 'file' as const, uid: 0, gid: 0 };
      if (entry.file.contents !== undefined) {
        await new Promise<void>((resolve, reject) => {
          pack.entry(headers, Buffer.from(entry.file.contents!), (error) => (error ? reject(error) : resolve()));
        });
      } else {
        const sink = pack.entry(headers);
        await pipeline(fs.createReadStream(entry.file.source!), sink);
      }
    }
    pack.finalize();
  };
  // A file that vanishes or changes size mid-stream fails the request with this error (not
  // the ENOENT of a missing engine socket it would otherwise be mistaken for).
  write().catch((error: unknown) => out.destroy(new EngineError('bad-request',
    `A file of the build context could not be read while sending it (${error instanceof Error ? error.message : String(error)}): check that nothing is rewriting it.`,
    String(error))));
  return { stream: out, bytes: () => bytes };
}
