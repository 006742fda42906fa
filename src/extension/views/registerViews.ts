import * as vscode from 'vscode';
import { CommandIds, ViewIds } from '../commandIds';
import { EmptyTree } from './emptyTree';
import { trackPipelinePresence } from './pipelinePresence';

/**
 * The Models tree, empty until the registry area fills it, with a refresh command in its title
 * bar. (Experiments and Deployments have their own areas.) Also the context key the views'
 * empty states depend on.
 */
export function registerViews(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): void {
  context.subscriptions.push(trackPipelinePresence(log));
  const views: [string, string][] = [
    [ViewIds.models, CommandIds.refreshModels],
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
