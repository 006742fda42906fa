import * as vscode from 'vscode';
import { CommandIds, ViewIds } from '../commandIds';
import { EmptyTree } from './emptyTree';

/** The three trees of the MLOps container, each with a refresh command in its title bar. */
export function registerViews(context: vscode.ExtensionContext): void {
  const views: [string, string][] = [
    [ViewIds.experiments, CommandIds.refreshExperiments],
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
