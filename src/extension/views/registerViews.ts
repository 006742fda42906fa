import * as vscode from 'vscode';
import { CommandIds, ViewIds } from '../commandIds';
import { EmptyTree } from './emptyTree';

/**
 * The Models and Deployments trees, empty until the registry and deploy areas fill them; each
 * has a refresh command in its title bar. (Experiments has its own area.)
 */
export function registerViews(context: vscode.ExtensionContext): void {
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
