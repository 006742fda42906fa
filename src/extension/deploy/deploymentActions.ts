import * as vscode from 'vscode';
import { deploymentActions } from '../../core/deploy/deploymentState';
import type { DeploymentState } from '../../core/deploy/deploymentTypes';
import { auditTargetForModel } from '../models/registryAudit';
import { PickCancelled } from '../runs/pickers';
import type { DeployBackend } from './deployBackend';
import type { DeploymentsNode, DeploymentsTree } from './deploymentsTree';
import { exampleOfModel } from './pipelineDeploySettings';

/** The deployment a tree action acts on: the clicked item's, or one picked from the engine's list. */
export async function deploymentOf(tree: DeploymentsTree, node: unknown): Promise<DeploymentState> {
  const n = node as DeploymentsNode | undefined;
  if (n && (n.kind === 'deployment' || n.kind === 'version')) return n.state;
  if (!tree.current) await tree.reload();
  const snapshot = tree.current;
  if (!snapshot?.ok) throw new Error(snapshot?.message ?? 'The Docker engine did not answer.');
  if (snapshot.deployments.length === 0) throw new Error('Nothing is deployed on this Docker engine.');
  if (snapshot.deployments.length === 1) return snapshot.deployments[0]!;
  const picked = await vscode.window.showQuickPick(snapshot.deployments.map((d) => ({ label: d.deployment, description: d.strategy, d })), { title: 'Which deployment?' });
  if (!picked) throw new PickCancelled();
  return picked.d;
}

function routerUrl(d: DeploymentState): string {
  if (d.routerPort === undefined) throw new Error(`The deployment ${d.deployment} has no router, so it has no endpoint.`);
  return `http://127.0.0.1:${d.routerPort}`;
}

/** Opens the router's /version page: it names the model, version and run now answering. */
export async function openEndpoint(d: DeploymentState): Promise<void> {
  await vscode.env.openExternal(vscode.Uri.parse(`${routerUrl(d)}/version`));
}

/** Sends the model's input example through the router; short answers in a message, long ones as JSON. */
export async function sendTestRequest(backend: DeployBackend, log: vscode.LogOutputChannel, d: DeploymentState): Promise<unknown> {
  routerUrl(d);
  const example = await exampleOfModel(d.model);
  const answer = await backend.sendTestRequest(d, example);
  log.info(`Test request to ${d.deployment}: ${answer.status} ${JSON.stringify(answer.body)}`);
  if (answer.status !== 200) throw new Error(`the router answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 200)}`);
  const predictions = (answer.body as { predictions?: unknown } | null)?.predictions ?? answer.body;
  const text = JSON.stringify(predictions);
  if (text.length <= 200) {
    void vscode.window.showInformationMessage(`Prediction from ${d.deployment}: ${text}`);
  } else {
    const doc = await vscode.workspace.openTextDocument({ language: 'json', content: JSON.stringify(answer.body, null, 2) });
    await vscode.window.showTextDocument(doc, { preview: true });
  }
  return predictions;
}

/** Streams a container's log (a version's, or the deployment's router) into its own output channel. */
export class ContainerLogViewer implements vscode.Disposable {
  private readonly open = new Map<string, { channel: vscode.OutputChannel; stop: AbortController }>();

  constructor(private readonly backend: DeployBackend) {}

  async show(node: DeploymentsNode | undefined, d: DeploymentState): Promise<void> {
    const target = node?.kind === 'version' ? { id: node.version.containerId, name: `${d.deployment} ${node.version.version} (${node.version.colour})` }
      : d.router ? { id: d.router.containerId, name: `${d.deployment} router` } : undefined;
    if (!target) throw new Error(`The deployment ${d.deployment} has no router container to read logs from.`);
    const previous = this.open.get(target.id);
    previous?.stop.abort();
    const channel = previous?.channel ?? vscode.window.createOutputChannel(`MLOps Container: ${target.name}`);
    channel.clear();
    channel.show(true);
    const stop = new AbortController();
    this.open.set(target.id, { channel, stop });
    const stream = await this.backend.streamLogs(target.id, (line) => channel.appendLine(line), stop.signal);
    void stream.done.then(() => {
      if (!stop.signal.aborted) channel.appendLine('— the log ended (the container stopped or was removed) —');
    });
  }

  dispose(): void {
    for (const { channel, stop } of this.open.values()) {
      stop.abort();
      channel.dispose();
    }
    this.open.clear();
  }
}

/** Promote / Roll Back with a progress notification; refuses in one sentence when there is nothing to do. */
export async function lifecycle(backend: DeployBackend, log: vscode.LogOutputChannel, d: DeploymentState, action: 'promote' | 'rollback'): Promise<void> {
  if (!deploymentActions(d)[action]) {
    throw new Error(action === 'promote' ? `${d.deployment} has no canary or shadow to promote.` : `${d.deployment} has no previous version to roll back to.`);
  }
  const title = action === 'promote' ? `Promoting the new version of ${d.deployment}` : `Rolling back ${d.deployment}`;
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, async (progress) => {
    const onProgress = (sentence: string) => {
      log.info(sentence);
      progress.report({ message: sentence });
    };
    const audit = await auditTargetForModel(d.model);
    await (action === 'promote' ? backend.promote(d.deployment, onProgress, audit) : backend.rollback(d.deployment, onProgress, audit));
  });
  void vscode.window.showInformationMessage(action === 'promote' ? `Promoted: the new version of ${d.deployment} takes all traffic.` : `Rolled back ${d.deployment}.`);
}

/** Stop, after a modal confirmation: the router and every model container are removed. */
export async function stopDeployment(backend: DeployBackend, d: DeploymentState): Promise<boolean> {
  const choice = await vscode.window.showWarningMessage(`Stop the deployment ${d.deployment}?`, {
    modal: true, detail: 'Its router and model containers are stopped and removed; clients get no answer until you deploy again.',
  }, 'Stop');
  if (choice !== 'Stop') return false;
  const audit = await auditTargetForModel(d.model);
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Stopping ${d.deployment}` }, () => backend.undeploy(d.deployment, audit));
  void vscode.window.showInformationMessage(`Stopped the deployment ${d.deployment}.`);
  return true;
}
