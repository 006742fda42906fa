import * as fs from 'node:fs';
import { RunStoreError } from '../../core/runs/runErrors';
import { isNotFound, sleepSync } from './atomicFile';
import { hostName, probeRunner } from './processProbe';

const staleAfterMs = 30_000;

function isStale(file: string): boolean {
  let text: string;
  let mtime: number;
  try {
    text = fs.readFileSync(file, 'utf8');
    mtime = fs.statSync(file).mtimeMs;
  } catch (error) {
    if (isNotFound(error)) return false; // released meanwhile: just try again
    throw error;
  }
  const [pid, host] = text.split(' ');
  // A lock is held for milliseconds; an old one, or one whose holder died, is left over.
  if (Date.now() - mtime > staleAfterMs) return true;
  if (!pid || !host) return Date.now() - mtime > 1000; // still being written, or torn
  return probeRunner({ pid: Number(pid), host }) === 'dead';
}

/**
 * Runs `fn` holding an exclusive lock file (created with O_EXCL). Locks are only held around a
 * read-modify-write of one small file, so waiting is short; a lock whose holder died (kill -9)
 * is broken by moving it aside first, so two waiters cannot both break it.
 */
export function withFileLockSync<T>(file: string, fn: () => T, timeoutMs = 10_000): T {
  const deadline = Date.now() + timeoutMs;
  let wait = 1;
  for (;;) {
    try {
      const fd = fs.openSync(file, 'wx');
      try {
        fs.writeSync(fd, `${process.pid} ${hostName()} ${Date.now()}`);
      } finally {
        fs.closeSync(fd);
      }
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (isStale(file)) {
      const aside = `${file}.stale.${process.pid}.${Date.now()}`;
      try {
        fs.renameSync(file, aside);
        fs.rmSync(aside, { force: true });
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
      continue;
    }
    if (Date.now() > deadline) throw new RunStoreError('locked', `Timed out waiting for ${file}; another process holds it.`);
    sleepSync(wait);
    wait = Math.min(wait * 2, 50);
  }
  try {
    return fn();
  } finally {
    fs.rmSync(file, { force: true });
  }
}
