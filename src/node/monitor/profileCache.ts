import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FeatureProfile, ReferenceProfile } from '../../core/monitor/referenceProfile';

/** Bump when the stored shape or the profile's meaning changes, so old files are ignored. */
const FORMAT = 1;

interface StoredFeature {
  name: string;
  kind: 'numeric' | 'categorical';
  length?: number;
  edges?: number[];
  counts?: Record<string, number>;
}

/**
 * The reference profile on disk, named by the reference file's SHA-256, so an unchanged
 * reference is never re-read or re-sorted. Layout: 8-byte header length (text digits), a
 * JSON header padded to a multiple of 8 bytes, then each numeric feature's sorted Float64
 * values back to back. A missing, foreign or damaged file is simply a miss.
 */
export function cacheFile(cacheDir: string, referenceHash: string): string {
  return path.join(cacheDir, `reference-${referenceHash.slice(0, 32)}.profile`);
}

export function loadProfile(file: string): ReferenceProfile | undefined {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  try {
    const headerLength = Number(bytes.subarray(0, 8).toString('latin1'));
    const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8')) as { format: number; rows: number; features: StoredFeature[] };
    if (header.format !== FORMAT) return undefined;
    let offset = 8 + headerLength;
    const features = header.features.map((f): FeatureProfile => {
      if (f.kind === 'categorical') return { name: f.name, kind: 'categorical', counts: f.counts ?? {} };
      const length = f.length ?? 0;
      const sorted = new Float64Array(length);
      new Uint8Array(sorted.buffer).set(bytes.subarray(offset, offset + length * 8));
      offset += length * 8;
      return { name: f.name, kind: 'numeric', sorted, edges: f.edges ?? [] };
    });
    if (offset !== bytes.length) return undefined;
    return { rows: header.rows, features };
  } catch {
    return undefined;
  }
}

/** Writes to a temporary name and renames, so a reader never sees half a file. */
export function saveProfile(file: string, profile: ReferenceProfile): void {
  const features: StoredFeature[] = profile.features.map((f) =>
    f.kind === 'numeric' ? { name: f.name, kind: f.kind, length: f.sorted.length, edges: [...f.edges] } : { name: f.name, kind: f.kind, counts: { ...f.counts } });
  let json = JSON.stringify({ format: FORMAT, rows: profile.rows, features });
  json += ' '.repeat((8 - (Buffer.byteLength(json) % 8)) % 8);
  const headerLength = Buffer.byteLength(json);
  const parts: Uint8Array[] = [Buffer.from(String(headerLength).padStart(8, '0'), 'latin1'), Buffer.from(json, 'utf8')];
  for (const f of profile.features) if (f.kind === 'numeric') parts.push(new Uint8Array(f.sorted.buffer, f.sorted.byteOffset, f.sorted.byteLength));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, Buffer.concat(parts));
  fs.renameSync(temporary, file);
}
