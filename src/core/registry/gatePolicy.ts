// Whether a registry operation may go ahead given the source run's gates: registering a version
// whose run fails a gate, or pointing a protected alias at one, needs an explicit override with a reason.
import { describeFailingGates, type FailingGate } from '../deploy/gateCheck';

export interface OverrideRequest {
  readonly override: boolean;
  readonly reason?: string;
}

export type GateDecision =
  | { readonly allowed: true; readonly override?: { readonly reason: string; readonly failing: readonly FailingGate[] } }
  | { readonly allowed: false; readonly message: string };

/**
 * `what` names the operation for the refusal ("register run 1a2b" / "move production to version 2").
 * An override without a non-blank reason is refused too: the reason is what the audit trail keeps.
 */
export function decideGates(what: string, failing: readonly FailingGate[], request: OverrideRequest): GateDecision {
  if (failing.length === 0) return { allowed: true };
  const reason = request.reason?.trim() ?? '';
  if (!request.override) {
    return { allowed: false, message: `Refused to ${what}: it fails its gates: ${describeFailingGates(failing)}. Use --override-gates --reason "…" to do it anyway.` };
  }
  if (reason === '') return { allowed: false, message: `Refused to ${what}: overriding the gates needs a reason (--reason "…").` };
  return { allowed: true, override: { reason, failing } };
}

export function isProtected(alias: string, protectedAliases: readonly string[]): boolean {
  return protectedAliases.includes(alias);
}
