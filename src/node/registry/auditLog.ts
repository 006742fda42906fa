// The append-only audit log `.mlops/registry/audit.jsonl`. Appends happen under the registry's
// file lock and re-read the last entry inside it, so concurrent writers (editor and CLI) chain
// one after another and never interleave or lose an entry.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chainEntry, verifyAuditChain, type AuditEntry, type AuditEvent, type ChainVerdict } from '../../core/registry/auditChain';
import { isNotFound } from '../runs/atomicFile';
import { withFileLockSync } from '../runs/fileLock';
import { auditFile, lockFile } from './registryLayout';

export class AuditLogError extends Error {
  override readonly name = 'AuditLogError';
}

/** The last line of the file, read from its end (the log only grows; reading it whole each time would not scale). */
function lastLine(file: string): string | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
  try {
    const size = fs.fstatSync(fd).size;
    let chunk = 4096;
    for (;;) {
      const start = Math.max(0, size - chunk);
      const buffer = Buffer.alloc(size - start);
      fs.readSync(fd, buffer, 0, buffer.length, start);
      const text = buffer.toString('utf8').replace(/\n+$/, '');
      const cut = text.lastIndexOf('\n');
      if (cut >= 0) return text.slice(cut + 1);
      if (start === 0) return text === '' ? undefined : text;
      chunk *= 4;
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** Appends one event while the caller already holds the registry lock (see withRegistryLock). */
export function appendAuditLocked(registry: string, event: AuditEvent): AuditEntry {
  const file = auditFile(registry);
  const last = lastLine(file);
  let previous: AuditEntry | undefined;
  if (last !== undefined) {
    try {
      previous = JSON.parse(last) as AuditEntry;
    } catch {
      previous = undefined;
    }
    if (!previous || !Number.isInteger(previous.seq) || typeof previous.hash !== 'string') {
      throw new AuditLogError(`The last line of ${file} is not an audit entry; run \`mlops audit verify\` before recording more.`);
    }
  }
  const { entry, line } = chainEntry(previous, event);
  const fd = fs.openSync(file, 'a');
  try {
    // One write of the whole line: with O_APPEND it lands at the end in one piece.
    fs.writeSync(fd, `${line}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return entry;
}

export function withRegistryLock<T>(registry: string, fn: () => T): T {
  fs.mkdirSync(registry, { recursive: true });
  return withFileLockSync(lockFile(registry), fn, 30_000);
}

/** Appends one event to the trail under the lock. */
export function appendAudit(registry: string, event: AuditEvent): AuditEntry {
  return withRegistryLock(registry, () => appendAuditLocked(registry, event));
}

export async function readAuditLines(registry: string): Promise<string[]> {
  try {
    return (await fs.promises.readFile(auditFile(registry), 'utf8')).split('\n');
  } catch (error) {
    if (isNotFound(error)) return [];
    throw error;
  }
}

export async function verifyAuditLog(registry: string): Promise<ChainVerdict> {
  return verifyAuditChain(await readAuditLines(registry));
}

export function auditPath(registry: string): string {
  return path.resolve(auditFile(registry));
}
