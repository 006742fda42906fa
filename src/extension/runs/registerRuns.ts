import * as vscode from 'vscode';
import { upToDateText } from '../../core/runner/upToDate';
import { describeFailure, type RunOutcome } from '../../node/runner/runOutcome';
import { CommandIds } from '../commandIds';
import type { ActivationSlots } from '../views/activationSlots';
import { NoPipelineError, PickCancelled, pickParamChanges, pickPipeline, pickStage } from './pickers';
import { RunTaskProvider } from './runTaskProvider';
import { RunRefusedError, RunService, type RunRequest } from './runService';

/**
 * The one place run errors become what the user sees: a sentence saying what failed and what
 * to do, with a button; the detail goes to the log.
 */
export function reportRunError(error: unknown, log: vscode.LogOutputChannel): void {
  if (error instanceof PickCancelled) return;
  // The message is not awaited: the command returns at once, the buttons act when clicked.
  if (error instanceof RunRefusedError) {
    void vscode.window.showWarningMessage(error.message, 'Manage Workspace Trust').then(async (choice) => {
      if (choice) await vscode.commands.executeCommand('workbench.trust.manage');
    });
    return;
  }
  // By name: the runner's errors come from the engine bundle, whose classes are its own.
  const known = (error instanceof Error && error.name === 'RunnerError') || error instanceof NoPipelineError;
  const message = error instanceof Error ? error.message : String(error);
  log.error('Run failed', error);
  void vscode.window.showErrorMessage(known ? message : `MLOps: the run failed: ${message}`, 'Show Logs').then((choice) => {
    if (choice) log.show();
  });
}

/** A flat params object passed by a tree action (a run's params). */
function isParams(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !(value instanceof vscode.Uri) && !Array.isArray(value);
}

/**
 * Tells the user how the run ended, without waiting for the message to be dismissed; the run's
 * terminal, already open, holds the whole output. When there was nothing to run (nothing was
 * recorded), the message offers the same request forced.
 */
function announce(outcome: RunOutcome, request: RunRequest, service: RunService, log: vscode.LogOutputChannel): void {
  if (outcome.status === 'up-to-date') {
    const force = request.stage ? 'Run Stage (Force)' : 'Run Pipeline (Force)';
    void vscode.window.showInformationMessage(`${upToDateText(request.stage)}.`, force).then(async (choice) => {
      if (!choice) return;
      const forced = { ...request, force: true };
      try {
        announce(await service.run(forced), forced, service, log);
      } catch (error) {
        reportRunError(error, log);
      }
    });
  } else if (outcome.status === 'failed' && outcome.failure) {
    void vscode.window.showErrorMessage(`Run '${outcome.name}' failed. ${describeFailure(outcome.failure)}.`);
  } else if (outcome.status === 'finished') {
    const ran = outcome.stages.filter((s) => s.status === 'ran').length;
    const skipped = outcome.stages.filter((s) => s.status === 'skipped').length;
    const summary = outcome.children ? `${outcome.children.length} child runs` : `${ran} stage${ran === 1 ? '' : 's'} ran, ${skipped} skipped`;
    void vscode.window.showInformationMessage(`Run '${outcome.name}' finished: ${summary}.`);
  }
}

/** Run Pipeline, Run Stage, Run Sweep, Re-run with Changed Params, Cancel Run, and mlops tasks. */
export function registerRuns(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, slots: ActivationSlots): RunService {
  const maxParallel = () => vscode.workspace.getConfiguration('mlops.runner').get<number>('maxParallel', 2);
  const service = new RunService(log, maxParallel, vscode.Uri.joinPath(context.extensionUri, 'python').fsPath);

  /** Commands return the outcome (for other extensions and tests); errors stop here. */
  const runCommand = (id: string, build: (...args: unknown[]) => Promise<RunRequest>) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]): Promise<RunOutcome | undefined> => {
      try {
        const request = await build(...args);
        const outcome = await service.run(request);
        announce(outcome, request, service, log);
        return outcome;
      } catch (error) {
        reportRunError(error, log);
        return undefined;
      }
    });

  context.subscriptions.push(
    service,
    runCommand(CommandIds.runPipeline, async (uri, params) => ({ pipelineFile: await pickPipeline(uri), ...(isParams(params) ? { overrides: params } : {}) })),
    runCommand(CommandIds.runPipelineForce, async (uri, params) => ({ pipelineFile: await pickPipeline(uri), force: true, ...(isParams(params) ? { overrides: params } : {}) })),
    runCommand(CommandIds.runStage, async (uri, stage) => {
      const pipelineFile = await pickPipeline(uri);
      return { pipelineFile, stage: await pickStage(pipelineFile, stage) };
    }),
    runCommand(CommandIds.runSweep, async (uri) => ({ pipelineFile: await pickPipeline(uri), sweep: true })),
    runCommand(CommandIds.rerunWithParams, async (uri, params) => {
      const pipelineFile = await pickPipeline(uri);
      const startFrom = isParams(params) ? params : undefined;
      // Starting from a run's params, the unchanged ones still apply: the run is repeated with edits.
      const changes = await pickParamChanges(pipelineFile, startFrom);
      return { pipelineFile, overrides: { ...startFrom, ...changes } };
    }),
    vscode.commands.registerCommand(CommandIds.cancelRun, async () => {
      const runs = service.activeRuns;
      if (runs.length === 0) {
        void vscode.window.showInformationMessage('No MLOps run is in progress.');
        return 0;
      }
      const label = runs.length === 1 ? runs[0] : await vscode.window.showQuickPick(runs, { title: 'Cancel which run?' });
      return label === undefined ? 0 : service.cancel(label);
    }),
  );
  slots.taskProvider(RunTaskProvider.type, new RunTaskProvider(service, log));
  return service;
}
