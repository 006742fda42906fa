import * as vscode from 'vscode';
import { CommandIds } from './commandIds';
import { registerDeploy, type DeployArea } from './deploy/registerDeploy';
import { EngineDeployBackend } from './deploy/engineBackend';
import { registerCompare } from './compare/registerCompare';
import { registerExperiments, type ExperimentsArea } from './experiments/registerExperiments';
import { registerModels, type ModelsArea } from './models/registerModels';
import { registerMonitor } from './monitor/registerMonitor';
import { registerPipelineCreation } from './pipeline/createPipeline';
import { registerPipeline } from './pipeline/registerPipeline';
import { registerRuns } from './runs/registerRuns';
import { registerViews } from './views/registerViews';

/** What activate() returns: a small surface for other extensions and for our integration tests. */
export interface MlopsApi {
  /** How long the body of activate() took, in milliseconds (bench/activation reads it). */
  readonly activationMs: number;
  /** The Experiments view's data and tree, for tests and other extensions to read. */
  readonly experiments: ExperimentsArea | undefined;
  /** The Deployments view and its Docker log, for tests and other extensions to read. */
  readonly deployments: DeployArea | undefined;
  /** The Models view's tree, for tests and other extensions to read. */
  readonly models: ModelsArea | undefined;
}

export function activate(context: vscode.ExtensionContext): MlopsApi {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('MLOps', { log: true });
  // First line of the log: which copy of the extension runs (a .vsix install or a dev folder).
  log.info(`MLOps Workbench ${String((context.extension.packageJSON as { version?: unknown }).version)} loaded from ${context.extensionPath}`);
  context.subscriptions.push(
    log,
    vscode.commands.registerCommand(CommandIds.showLogs, () => log.show()),
  );
  // Each area starts on its own: one that throws is logged and the others still work.
  let experiments: ExperimentsArea | undefined;
  let deployments: DeployArea | undefined;
  let models: ModelsArea | undefined;
  const areas: [string, () => unknown][] = [
    ['views', () => registerViews(context, log)],
    ['pipeline creation', () => context.subscriptions.push(...registerPipelineCreation(context, log))],
    ['experiments', () => { experiments = registerExperiments(context, log); }],
    ['compare', () => { if (experiments) registerCompare(context, log, experiments); }],
    ['models', () => { models = registerModels(context, log, experiments); }],
    ['pipeline editing', () => registerPipeline(context, log)],
    ['deploy', () => { deployments = registerDeploy(context, new EngineDeployBackend()); }],
    ['monitor', () => registerMonitor(context, log, deployments)],
    ['runs', () => {
      const runs = registerRuns(context, log);
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
  const activationMs = performance.now() - started;
  log.info(`MLOps Workbench activated in ${activationMs.toFixed(1)} ms`);
  return { activationMs, experiments, deployments, models };
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions; VS Code disposes it.
}
