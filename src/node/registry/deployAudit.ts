// Appends a deployment change to the registry's audit trail: the one hook the deployer calls for
// deploy, promote, rollback and stop, whether the CLI or the editor asked (docs/registry.md).
import type { FailingGate } from '../../core/deploy/gateCheck';
import type { AuditEntry } from '../../core/registry/auditChain';
import { deployAuditEvents, type DeployAuditFacts } from '../../core/registry/deployAudit';
import { appendAuditLocked, withRegistryLock } from './auditLog';

/** Where and as whom a deployment change is recorded; given by whoever knows the workspace. */
export interface DeployAuditTarget {
  /** `<workspace>/.mlops/registry`. */
  readonly registry: string;
  /** `Name <email>` (whoAmI). */
  readonly who: string;
  /** Deploy only: the gates the version fails, deployed anyway for `reason`. */
  readonly overriddenGates?: readonly FailingGate[];
  readonly reason?: string;
}

export function appendDeployAudit(target: DeployAuditTarget, facts: Omit<DeployAuditFacts, 'who' | 'when' | 'overriddenGates' | 'reason'>, now = new Date()): AuditEntry[] {
  const events = deployAuditEvents({
    ...facts, who: target.who, when: now.toISOString(),
    ...(target.overriddenGates ? { overriddenGates: target.overriddenGates } : {}), ...(target.reason !== undefined ? { reason: target.reason } : {}),
  });
  return withRegistryLock(target.registry, () => events.map((event) => appendAuditLocked(target.registry, event)));
}
