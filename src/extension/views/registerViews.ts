import * as vscode from 'vscode';
import { CommandIds, ViewIds } from '../commandIds';
import { EmptyTree } from './emptyTree';
import { trackPipelinePresence } from './pipelinePresence';

/**
 * The Models and Deployments trees, empty until the registry and deploy areas fill them; each
 * has a refresh command in its title bar. (Experiments has its own area.) Also the context key
 * the views' empty states depend on.
 */
export function registerViews(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): void {
  context.subscriptions.push(trackPipelinePresence(log));
  const views: [string, string][] = [
    [ViewIds.models, CommandIds.refreshModels],
    [ViewIds.deployments, CommandIds.refreshDeployments],
  ];
  for (const [viewId, refreshId] of views) {
    const tree = new EmptyTree();
    context.subscriptions.push(
      tree,
      vscode.window.createTreeView(viewId, { treeDataProvider: tree, showCollapseAll: true }),
      vscode.commands.registerCommand(refreshId, () => tree.refresh()),
    );
  }
}
