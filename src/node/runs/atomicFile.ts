import * as fs from 'node:fs';
import * as path from 'node:path';

let counter = 0;

/** A temp name beside the target: same folder, so the rename cannot cross file systems. */
function tempName(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${(counter++).toString(36)}.tmp`);
}

/**
 * Replaces a file so that readers see the old bytes or the new ones, never a mix: write a temp
 * file, fsync it, rename it over the target. A kill at any moment leaves at worst a stray
 * `.*.tmp` file, which readers ignore.
 */
export function writeFileAtomicSync(file: string, data: string | Uint8Array): void {
  const temp = tempName(file);
  const fd = fs.openSync(temp, 'w');
  try {
    fs.writeSync(fd, data as Uint8Array);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}

export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const temp = tempName(file);
  const handle = await fs.promises.open(temp, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.promises.rename(temp, file);
  } catch (error) {
    await fs.promises.rm(temp, { force: true });
    throw error;
  }
}

export function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

export async function readFileIfExists(file: string): Promise<Buffer | undefined> {
  try {
    return await fs.promises.readFile(file);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** Blocks the thread briefly; only used while waiting for a lock another process holds for ms. */
export function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
