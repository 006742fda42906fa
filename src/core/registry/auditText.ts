// How an audit entry reads as one line, the same in `mlops audit` and the editor's trail document.
import type { AuditEntry, ChainVerdict } from './auditChain';

export function auditEntryText(e: AuditEntry): string {
  const move = e.from !== null || e.to !== null ? `  ${e.from ?? '∅'} → ${e.to ?? '∅'}` : '';
  return `#${e.seq}  ${e.when}  ${e.action}  ${e.model}${e.version !== null ? `:${e.version}` : ''}${move}  by ${e.who}${e.reason ? `  reason: ${e.reason}` : ''}${e.artifactHash ? `  sha256 ${e.artifactHash.slice(0, 12)}` : ''}`;
}

/** One line saying whether the whole trail verifies (every model's entries are in one chain). */
export function verifyText(verdict: ChainVerdict): string {
  const n = verdict.entries.length;
  return verdict.valid
    ? `Verified: the audit trail is intact (${n} entr${n === 1 ? 'y' : 'ies'}, each chained to the one before).`
    : `Verify FAILED: ${verdict.problem.message}. Entries from line ${verdict.problem.line} on are not shown.`;
}

/** A model's trail, newest first, under the verify line: the editor's read-only audit document. */
export function modelTrailText(model: string, verdict: ChainVerdict): string {
  const entries = verdict.entries.filter((e) => e.model === model).reverse();
  return [
    `Audit trail of ${model} (newest first)`,
    verifyText(verdict),
    '',
    ...(entries.length > 0 ? entries.map(auditEntryText) : [`No audit entries for ${model}.`]),
    '',
  ].join('\n');
}
