import type * as vscode from 'vscode';
import { registerCompare } from './compare/registerCompare';
import { EngineDeployBackend } from './deploy/engineBackend';
import { registerDeploy, type DeployArea } from './deploy/registerDeploy';
import { registerExperiments, type ExperimentsArea } from './experiments/registerExperiments';
import { registerModels, type ModelsArea } from './models/registerModels';
import { registerMonitor } from './monitor/registerMonitor';
import { registerPipelineCreation } from './pipeline/createPipeline';
import { registerPipeline } from './pipeline/registerPipeline';
import { registerRuns } from './runs/registerRuns';
import type { ActivationSlots } from './views/activationSlots';
import { registerViews } from './views/registerViews';

/** The areas' objects that the extension API hands to tests and other extensions. */
export interface Areas {
  readonly experiments: ExperimentsArea | undefined;
  readonly deployments: DeployArea | undefined;
  readonly models: ModelsArea | undefined;
}

/**
 * Every area of the extension, registered the first time one of them is needed (dist/areas.js,
 * required by extension.ts): a command runs, a view is shown, a pipeline opens. A new area adds
 * its register function to the list; whatever VS Code must know from activation on (a tree
 * view, a task provider, a panel serializer) it hands to `slots` instead of registering it.
 */
export function registerAreas(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, slots: ActivationSlots): Areas {
  // Each area starts on its own: one that throws is logged and the others still work.
  let experiments: ExperimentsArea | undefined;
  let deployments: DeployArea | undefined;
  let models: ModelsArea | undefined;
  const areas: [string, () => unknown][] = [
    ['views', () => registerViews(context, log)],
    ['pipeline creation', () => context.subscriptions.push(...registerPipelineCreation(context, log))],
    ['experiments', () => { experiments = registerExperiments(context, log, slots); }],
    ['compare', () => { if (experiments) registerCompare(context, log, experiments, slots); }],
    ['models', () => { models = registerModels(context, log, experiments, slots); }],
    ['pipeline editing', () => registerPipeline(context, log)],
    ['deploy', () => { deployments = registerDeploy(context, new EngineDeployBackend(), slots); }],
    ['monitor', () => registerMonitor(context, log, deployments)],
    ['runs', () => {
      const runs = registerRuns(context, log, slots);
      context.subscriptions.push(runs.onDidChangeRuns(() => experiments?.stores.invalidate()));
    }],
  ];
  for (const [name, register] of areas) {
    try {
      register();
    } catch (error) {
      log.error(`The ${name} area failed to start`, error);
    }
  }
  return { experiments, deployments, models };
}
