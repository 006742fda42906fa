import * as vscode from 'vscode';
import { CommandIds, ViewIds } from '../commandIds';
import { affectsEngine, DockerSettings } from '../docker/dockerSettings';
import { guarded } from './commandErrors';
import type { DeployBackend } from './deployBackend';
import { ContainerLogViewer, deploymentOf, lifecycle, openEndpoint, sendTestRequest, stopDeployment } from './deploymentActions';
import { DeploymentsTree, type DeploymentsNode } from './deploymentsTree';
import { deployCommand } from './deployCommand';
import { dockerizeCommand } from './dockerizeCommand';
import { GeneratedDocuments, generatedScheme } from './generatedDocuments';
import { RefreshManager } from './refreshManager';
import type { ActivationSlots } from '../views/activationSlots';

export interface DeployArea {
  readonly tree: DeploymentsTree;
  readonly view: vscode.TreeView<DeploymentsNode>;
  readonly refresh: RefreshManager;
  /** The "MLOps Docker" log channel: build logs, rollout progress, engine errors. */
  readonly log: vscode.LogOutputChannel;
}

/**
 * The Deployments view and the Docker/deploy commands, all working through the given backend.
 * Nothing here loads dist/docker.js: the first refresh of a visible view or the first command does.
 */
export function registerDeploy(context: vscode.ExtensionContext, backend: DeployBackend, slots: ActivationSlots, options: { intervalMs?: number } = {}): DeployArea {
  const log = vscode.window.createOutputChannel('MLOps Docker', { log: true });
  const tree = new DeploymentsTree(backend, log);
  const view = slots.treeView(ViewIds.deployments, tree);
  const refresh = new RefreshManager(() => tree.reload(), options.intervalMs ?? 10_000);
  refresh.setVisible(view.visible);
  const generated = new GeneratedDocuments();
  const logs = new ContainerLogViewer(backend);
  // Every command redraws the tree afterwards, whatever happened.
  const command = (id: string, what: string, body: (node?: unknown) => Promise<unknown>) => vscode.commands.registerCommand(id, async (node?: unknown) => {
    await guarded(what, log, () => body(node));
    refresh.request();
  });
  context.subscriptions.push(
    log, tree, view, refresh, logs,
    view.onDidChangeVisibility((e) => refresh.setVisible(e.visible)),
    vscode.workspace.onDidChangeConfiguration((e) => { if (affectsEngine(e)) refresh.request(0); }),
    vscode.workspace.registerTextDocumentContentProvider(generatedScheme, generated),
    vscode.commands.registerCommand(CommandIds.refreshDeployments, () => refresh.now()),
    vscode.commands.registerCommand(CommandIds.configureEngine, () => vscode.commands.executeCommand('workbench.action.openSettings', DockerSettings.host)),
    vscode.commands.registerCommand(CommandIds.showDockerLogs, () => log.show()),
    command(CommandIds.dockerize, 'Dockerise', (arg) => dockerizeCommand(backend, log, generated, arg)),
    command(CommandIds.deploy, 'Deploy', (arg) => deployCommand(backend, log, arg)),
    command(CommandIds.openEndpoint, 'Open Endpoint', async (node) => openEndpoint(await deploymentOf(tree, node))),
    command(CommandIds.sendTestRequest, 'Test request', async (node) => sendTestRequest(backend, log, await deploymentOf(tree, node))),
    command(CommandIds.showContainerLogs, 'Show Logs', async (node) => logs.show(node as DeploymentsNode | undefined, await deploymentOf(tree, node))),
    command(CommandIds.promote, 'Promote', async (node) => lifecycle(backend, log, await deploymentOf(tree, node), 'promote')),
    command(CommandIds.rollback, 'Roll back', async (node) => lifecycle(backend, log, await deploymentOf(tree, node), 'rollback')),
    command(CommandIds.stopDeployment, 'Stop', async (node) => stopDeployment(backend, await deploymentOf(tree, node))),
  );
  return { tree, view, refresh, log };
}
