// The audit entries of a deployment change (deploy, promote, rollback, stop), planned as data
// from the deployment as the engine showed it before and after: what served → what serves now.
// The node side (src/node/deploy/deployer.ts) appends them to the registry's trail.
import type { FailingGate } from '../deploy/gateCheck';
import type { DeploymentState, VersionState } from '../deploy/deploymentTypes';
import type { AuditEvent } from './auditChain';

/** The image (and so container) label holding the sha256 of the model inside. */
export const ARTIFACT_LABEL = 'mlops.artifact';

export type DeployAuditAction = 'deploy' | 'promote' | 'rollback' | 'stop';

export interface DeployAuditFacts {
  readonly action: DeployAuditAction;
  readonly deployment: string;
  readonly model: string;
  readonly before: DeploymentState | undefined;
  /** Undefined after a stop. */
  readonly after: DeploymentState | undefined;
  /** The version label the action concerns on a deploy (the new one). */
  readonly candidate?: string;
  readonly when: string;
  readonly who: string;
  /** Gates the deployed version fails, overridden with `reason`: a `gate-override` entry goes first. */
  readonly overriddenGates?: readonly FailingGate[];
  readonly reason?: string;
  /** The artifact hash label of a container, by id (undefined when the image has none). */
  readonly artifactOf: (containerId: string) => string | undefined;
}

/** `iris=2`, `iris=2, 3 (canary 30%)`, `iris=2, 3 (shadow)`; null when nothing runs. */
export function servingText(deployment: string, state: DeploymentState | undefined): string | null {
  const running = (state?.versions ?? []).filter((v) => v.running);
  if (running.length === 0) return null;
  const order = { primary: 0, canary: 1, shadow: 2 } as const;
  const parts = [...running].sort((a, b) => order[a.role] - order[b.role])
    .map((v) => v.role === 'primary' ? v.version : v.role === 'canary' ? `${v.version} (canary ${v.trafficShare}%)` : `${v.version} (shadow)`);
  return `${deployment}=${parts.join(', ')}`;
}

/** A registry version number (images of `model:3` carry version `3`); null for `run-…` images. */
function registryVersion(label: string | undefined): number | null {
  return label !== undefined && /^[1-9][0-9]{0,8}$/.test(label) ? Number(label) : null;
}

function concerned(f: DeployAuditFacts): VersionState | undefined {
  const running = (s: DeploymentState | undefined) => (s?.versions ?? []).filter((v) => v.running);
  if (f.action === 'deploy') return running(f.after).find((v) => v.version === f.candidate) ?? running(f.after)[0];
  if (f.action === 'stop') return running(f.before).find((v) => v.role === 'primary') ?? running(f.before)[0];
  return running(f.after).find((v) => v.role === 'primary') ?? running(f.after)[0];
}

/** The entries to append, in order. */
export function deployAuditEvents(f: DeployAuditFacts): AuditEvent[] {
  const target = concerned(f);
  const label = target?.version ?? f.candidate;
  const base = {
    when: f.when, who: f.who, model: f.model, version: registryVersion(label),
    from: servingText(f.deployment, f.before), to: servingText(f.deployment, f.after),
    artifactHash: (target ? f.artifactOf(target.containerId) : undefined) ?? null,
  };
  const reason = f.reason?.trim() ? f.reason.trim() : null;
  const events: AuditEvent[] = [];
  if (f.overriddenGates && f.overriddenGates.length > 0 && reason) {
    const failing = f.overriddenGates.map((g) => `${g.expression}${g.actual === undefined ? ' not recorded' : ` was ${g.actual}`}`).join(', ');
    events.push({ ...base, action: 'gate-override', reason: `${reason} (failing: ${failing})` });
  }
  events.push({ ...base, action: f.action, reason });
  return events;
}
