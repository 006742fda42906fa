// The audit trail as a hash chain: each entry carries the hash of the one before it and its own
// hash over its canonical text, so any edited, deleted, inserted or reordered line is found by
// re-walking the chain (docs/registry.md, "Audit trail"). Pure: the node adapter reads and appends lines.
import { createHash } from 'node:crypto';

export const auditActions = ['register', 'alias-set', 'alias-move', 'alias-remove', 'gate-override', 'deploy', 'promote', 'rollback', 'stop'] as const;
export type AuditAction = (typeof auditActions)[number];

/** What a caller supplies; seq, prevHash and hash are the chain's. */
export interface AuditEvent {
  /** ISO time. */
  readonly when: string;
  readonly who: string;
  readonly action: AuditAction;
  readonly model: string;
  readonly version: number | null;
  readonly from: string | null;
  readonly to: string | null;
  readonly reason: string | null;
  readonly artifactHash: string | null;
}

export interface AuditEntry extends AuditEvent {
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
}

/** The prevHash of the first entry. */
export const genesisHash = '0'.repeat(64);

/** The fields in their fixed order: the canonical text does not depend on how a writer ordered keys. */
const fieldOrder = ['seq', 'when', 'who', 'action', 'model', 'version', 'from', 'to', 'reason', 'artifactHash', 'prevHash'] as const;

/** The canonical text of an entry (everything but its own hash), which its hash covers. */
export function canonicalText(entry: Omit<AuditEntry, 'hash'>): string {
  const ordered: Record<string, unknown> = {};
  for (const key of fieldOrder) ordered[key] = entry[key];
  return JSON.stringify(ordered);
}

export function entryHash(entry: Omit<AuditEntry, 'hash'>): string {
  return createHash('sha256').update(canonicalText(entry), 'utf8').digest('hex');
}

/** The next entry after `last` (undefined for the first), as one JSON line without the newline. */
export function chainEntry(last: Pick<AuditEntry, 'seq' | 'hash'> | undefined, event: AuditEvent): { entry: AuditEntry; line: string } {
  const body = { ...event, seq: (last?.seq ?? 0) + 1, prevHash: last?.hash ?? genesisHash };
  const entry: AuditEntry = { ...body, hash: entryHash(body) };
  return { entry, line: JSON.stringify({ ...JSON.parse(canonicalText(body)) as object, hash: entry.hash }) };
}

export interface ChainProblem {
  /** 1-based line of the file. */
  readonly line: number;
  /** The seq the line claims, when it could be read. */
  readonly seq?: number;
  readonly message: string;
}

export type ChainVerdict =
  | { readonly valid: true; readonly entries: readonly AuditEntry[] }
  | { readonly valid: false; readonly entries: readonly AuditEntry[]; readonly problem: ChainProblem };

function asEntry(value: unknown): AuditEntry | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'it is not a JSON object';
  const v = value as Record<string, unknown>;
  if (!Number.isInteger(v.seq)) return 'it has no whole-number seq';
  for (const key of ['when', 'who', 'action', 'model', 'prevHash', 'hash'] as const) if (typeof v[key] !== 'string') return `its ${key} is missing`;
  if (!(auditActions as readonly string[]).includes(v.action as string)) return `its action '${String(v.action)}' is unknown`;
  return v as unknown as AuditEntry;
}

/** The 1-based line after `from` whose entry claims `seq`, telling a reorder from a deletion. */
function laterLineWithSeq(lines: readonly string[], from: number, end: number, seq: number): number | undefined {
  for (let j = from; j < end; j++) {
    try {
      if ((JSON.parse(lines[j]!) as { seq?: unknown }).seq === seq) return j + 1;
    } catch {
      // an unreadable line is reported when the walk reaches it
    }
  }
  return undefined;
}

/**
 * Walks the lines (a trailing empty line is allowed) and names the FIRST bad entry: one whose
 * text does not match its hash (edited), whose seq is not the next one (deleted, inserted or
 * reordered), or whose prevHash is not the previous entry's hash (removed or spliced in).
 */
export function verifyAuditChain(lines: readonly string[]): ChainVerdict {
  const entries: AuditEntry[] = [];
  const end = lines.length > 0 && lines[lines.length - 1] === '' ? lines.length - 1 : lines.length;
  let previous: AuditEntry | undefined;
  for (let i = 0; i < end; i++) {
    const lineNo = i + 1;
    const bad = (message: string, seq?: number): ChainVerdict => ({ valid: false, entries, problem: { line: lineNo, ...(seq !== undefined ? { seq } : {}), message } });
    let parsed: unknown;
    try {
      parsed = JSON.parse(lines[i]!);
    } catch {
      return bad(`line ${lineNo} is not valid JSON (edited or truncated)`);
    }
    const entry = asEntry(parsed);
    if (typeof entry === 'string') return bad(`line ${lineNo} is not an audit entry: ${entry}`);
    const expectedSeq = (previous?.seq ?? 0) + 1;
    if (entryHash(entry) !== entry.hash) return bad(`entry seq ${entry.seq} (line ${lineNo}) was edited: its content does not match its hash`, entry.seq);
    if (entry.seq !== expectedSeq) {
      const later = laterLineWithSeq(lines, i + 1, end, expectedSeq);
      const what = entry.seq > expectedSeq
        ? later !== undefined ? `it is out of place (reordered): expected seq ${expectedSeq}, which is on line ${later}` : `entries are missing before it (deleted): expected seq ${expectedSeq}`
        : `it is out of place (inserted or reordered): expected seq ${expectedSeq}`;
      return bad(`entry seq ${entry.seq} (line ${lineNo}): ${what}`, entry.seq);
    }
    const expectedPrev = previous?.hash ?? genesisHash;
    if (entry.prevHash !== expectedPrev) return bad(`entry seq ${entry.seq} (line ${lineNo}) does not follow the entry before it: its prevHash is not that entry's hash (an entry was replaced, inserted or removed)`, entry.seq);
    entries.push(entry);
    previous = entry;
  }
  return { valid: true, entries };
}
