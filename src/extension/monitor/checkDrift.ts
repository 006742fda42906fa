import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DeploymentState } from '../../core/deploy/deploymentTypes';
import { CommandIds } from '../commandIds';
import type { DeploymentsNode, DeploymentsTree } from '../deploy/deploymentsTree';
import { engine } from '../engine';
import { copyDeploymentLog } from './deploymentLog';
import { DriftPanel } from './driftPanel';
import { readPipelineMonitor, workspaceMonitors, type PipelineMonitor } from './pipelineMonitor';
import { reportView } from './reportView';

/** What to compare: a pipeline's `monitor.live` file, or a deployment's request log. */
export type DriftTarget =
  | { readonly kind: 'pipeline'; readonly pipeline: PipelineMonitor }
  | { readonly kind: 'deployment'; readonly deployment: DeploymentState };

/** A check that could not run, in one sentence for the panel (the detail goes to the log). */
class DriftCheckRefused extends Error {
  override readonly name = 'DriftCheckRefused';
}

export interface CheckDriftDeps {
  readonly extensionUri: vscode.Uri;
  readonly log: vscode.LogOutputChannel;
  readonly tree: DeploymentsTree | undefined;
}

/** The deployment of a clicked Deployments tree item, if the command came from one. */
export function deploymentOfNode(node: unknown): DeploymentState | undefined {
  const n = node as DeploymentsNode | undefined;
  return n && (n.kind === 'deployment' || n.kind === 'version') ? n.state : undefined;
}

/**
 * "MLOps: Check Drift": opens the report panel, computes the report with a progress
 * notification, marks a deployment in the tree, and on drift offers Retrain.
 * Returns the verdict (for tests and other extensions), undefined when nothing was checked.
 */
export async function checkDrift(deps: CheckDriftDeps, target: DriftTarget): Promise<{ drifted: boolean; driftedCount: number } | undefined> {
  const subject = target.kind === 'deployment' ? target.deployment.deployment : vscode.workspace.asRelativePath(target.pipeline.file);
  const panel = DriftPanel.show(deps.extensionUri, deps.log);
  const title = `Drift: ${subject}`;
  panel.set({ type: 'checking', subject }, title);
  let pipeline: PipelineMonitor;
  try {
    pipeline = target.kind === 'pipeline' ? target.pipeline : await pipelineOfDeployment(target.deployment);
  } catch (error) {
    return refused(deps, panel, subject, title, error);
  }
  const monitor = pipeline.monitor;
  if (!monitor?.reference || (!monitor.live && target.kind === 'pipeline')) {
    panel.set({ type: 'noMonitor', pipeline: vscode.workspace.asRelativePath(pipeline.file) }, title);
    return undefined;
  }
  const dir = path.dirname(pipeline.file.fsPath);
  const retrain = () => { void retrainPipeline(pipeline, deps.log); };
  try {
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `MLOps: checking drift of ${subject}`, cancellable: true }, async (progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      let live: { file: string; shown: string };
      if (target.kind === 'deployment') {
        progress.report({ message: 'copying the request log out of the container' });
        const file = path.join(dir, '.mlops', 'drift', `live-${target.deployment.deployment}.jsonl`);
        const copied = await copyDeploymentLog(target.deployment, file, controller.signal);
        if (copied.bytes === 0) throw new DriftCheckRefused(`${target.deployment.deployment} has logged no requests yet; send it some requests and check again.`);
        live = { file, shown: `the request log of ${target.deployment.deployment}` };
      } else {
        live = { file: path.resolve(dir, monitor.live!), shown: monitor.live! };
        if (!fs.existsSync(live.file)) throw new DriftCheckRefused(`${monitor.live} (monitor.live) does not exist yet; it fills as the model server logs requests.`);
      }
      if (!fs.existsSync(path.resolve(dir, monitor.reference!))) throw new DriftCheckRefused(`${monitor.reference} (monitor.reference) does not exist; run the pipeline stage that writes it.`);
      progress.report({ message: 'comparing with the reference' });
      const e = engine();
      return e.runDriftCheck({
        reference: path.resolve(dir, monitor.reference!), live: live.file, shownReference: monitor.reference!, shownLive: live.shown,
        cacheDir: path.join(dir, '.mlops', 'drift'), settings: e.resolveDriftSettings(monitor),
        ...(monitor.output ? { outputColumn: monitor.output } : {}),
      }).then((r) => ({ r, liveShown: live.shown }));
    });
    const { report } = result.r;
    const deployment = target.kind === 'deployment' ? target.deployment.deployment : null;
    panel.set({
      type: 'report',
      report: reportView(result.r, { subject, deployment, reference: monitor.reference, live: result.liveShown, checkedAt: new Date(), canRetrain: true }),
    }, title, retrain);
    deps.log.info(`Drift check of ${subject}: ${report.driftedCount} of ${report.features.length} features drifted (${result.r.liveRows} live rows, reference profile ${result.r.profileFromCache ? 'cached' : 'computed'})`);
    if (deployment) deps.tree?.setDrift(deployment, report.drifted ? { driftedCount: report.driftedCount, features: report.features.length, checkedAt: new Date().toISOString() } : undefined);
    if (report.drifted) {
      const n = report.driftedCount;
      void vscode.window.showWarningMessage(`Drift detected in ${n} feature${n === 1 ? '' : 's'} of ${deployment ?? subject}.`, 'Retrain').then((choice) => {
        if (choice === 'Retrain') retrain();
      });
    }
    return { drifted: report.drifted, driftedCount: report.driftedCount };
  } catch (error) {
    return refused(deps, panel, subject, title, error);
  }
}

function refused(deps: CheckDriftDeps, panel: DriftPanel, subject: string, title: string, error: unknown): undefined {
  const e = error as { name?: string; code?: string; message?: string };
  if (e.code === 'cancelled' || e.name === 'AbortError') {
    panel.set({ type: 'failed', subject, message: 'The drift check was cancelled.' }, title);
    return undefined;
  }
  // The engine's DriftInputError and our refusals are sentences for people; anything else is
  // unexpected: its first line, and the whole of it in the log.
  const known = e.name === 'DriftInputError' || e.name === 'DriftCheckRefused' || e.name === 'EngineError';
  const message = (e.message ?? String(error)).split('\n')[0]!;
  deps.log.error(`Drift check of ${subject} failed`, error);
  panel.set({ type: 'failed', subject, message: known ? message : `The drift check failed: ${message}` }, title);
  return undefined;
}

/** The workspace pipeline whose model is the deployment's (its monitor: gives the reference). */
async function pipelineOfDeployment(d: DeploymentState): Promise<PipelineMonitor> {
  const candidates = (await workspaceMonitors()).filter((p) => p.modelName?.toLowerCase() === d.model.toLowerCase());
  if (candidates.length === 0) throw new DriftCheckRefused(`No pipeline in this workspace has model ${d.model}, so there is no reference data to compare ${d.deployment}'s requests with.`);
  return candidates.find((p) => p.monitor) ?? candidates[0]!;
}

/** Runs the pipeline with `monitor.retrain`'s overrides through the ordinary Run Pipeline commands. */
async function retrainPipeline(pipeline: PipelineMonitor, log: vscode.LogOutputChannel): Promise<void> {
  // Re-read: the user may have edited monitor.retrain since the check.
  let settings = pipeline.retrain;
  try {
    settings = readPipelineMonitor(pipeline.file).retrain;
  } catch (error) {
    log.warn(`Retrain: could not re-read ${pipeline.file.fsPath}; using the settings read at the check (${String(error)})`);
  }
  log.info(`Retrain ${pipeline.file.fsPath}: force ${settings.force}, params ${JSON.stringify(settings.params)}`);
  await vscode.commands.executeCommand(settings.force ? CommandIds.runPipelineForce : CommandIds.runPipeline, pipeline.file, settings.params);
}

/** The palette and the view title: one candidate is checked at once, several are offered in a pick. */
export async function pickDriftTarget(tree: DeploymentsTree | undefined): Promise<DriftTarget | undefined> {
  const pipelines = await workspaceMonitors();
  const snapshot = tree?.current;
  const deployments = snapshot?.ok ? snapshot.deployments.filter((d) => d.versions.some((v) => v.running)) : [];
  const items: (vscode.QuickPickItem & { target: DriftTarget })[] = [
    ...deployments.map((d) => ({ label: `$(rocket) ${d.deployment}`, description: 'the deployment\'s request log', target: { kind: 'deployment' as const, deployment: d } })),
    ...pipelines.map((p) => ({
      label: `$(file) ${vscode.workspace.asRelativePath(p.file)}`,
      description: p.monitor?.live ? `monitor.live: ${p.monitor.live}` : 'no monitor: section',
      target: { kind: 'pipeline' as const, pipeline: p },
    })),
  ];
  if (items.length === 0) {
    void vscode.window.showInformationMessage('There is no pipeline or deployment to check for drift. Create an mlops.yaml with a monitor: section first.');
    return undefined;
  }
  if (items.length === 1) return items[0]!.target;
  const picked = await vscode.window.showQuickPick(items, { title: 'Check drift of which live data?', placeHolder: 'A deployment\'s request log, or a pipeline\'s monitor.live file' });
  return picked?.target;
}
