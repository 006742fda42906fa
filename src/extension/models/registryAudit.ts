import * as path from 'node:path';
import type { DeployAudit } from '../deploy/deployBackend';
import { engine } from '../engine';
import { findPipelines } from '../pipeline/pipelineFiles';
import { registryOf } from './modelActions';

/** The audit trail a change made from this pipeline's folder goes to, and who makes it. */
export function auditTargetFor(pipelineFile: string): DeployAudit {
  const dir = path.dirname(pipelineFile);
  return { registry: registryOf(dir), who: engine().whoAmI(dir) };
}

/**
 * The audit target of a deployment, found by its model: the workspace pipeline whose `model.name`
 * it is, or whose registry holds a model of that name. Undefined when none does (nothing to record in).
 */
export async function auditTargetForModel(model: string): Promise<DeployAudit | undefined> {
  const wanted = model.toLowerCase();
  for (const file of await findPipelines()) {
    try {
      const e = engine();
      const dir = path.dirname(file.fsPath);
      const named = e.loadPipeline(file.fsPath).model.model?.name?.toLowerCase() === wanted;
      if (named || e.listOwnModels(registryOf(dir)).some((m) => m.name.toLowerCase() === wanted)) return auditTargetFor(file.fsPath);
    } catch {
      // A pipeline that cannot be read is another area's diagnostic; look at the next one.
    }
  }
  return undefined;
}
