import * as vscode from 'vscode';
import { CommandIds, ViewIds } from '../commandIds';
import type { ActivationSlots } from '../views/activationSlots';
import { ExperimentsTree, type ExperimentsNode } from './experimentsTree';
import { pipelineFactsReader, type PipelineFacts } from './pipelineFacts';
import { registerRunActions } from './runActions';
import { WorkspaceStores } from './workspaceStores';

export interface ExperimentsArea {
  readonly stores: WorkspaceStores;
  readonly tree: ExperimentsTree;
  readonly view: vscode.TreeView<ExperimentsNode>;
  /** The primary metric and goal of the pipeline in a folder. */
  readonly facts: (dir: string) => PipelineFacts;
}

/** The Experiments view: runs of every store in the workspace, and what can be done to them. */
export function registerExperiments(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, slots: ActivationSlots): ExperimentsArea {
  const stores = new WorkspaceStores(log);
  const facts = pipelineFactsReader();
  const tree = new ExperimentsTree(stores, (dir) => facts(dir).primaryMetric);
  const view = slots.treeView(ViewIds.experiments, tree);
  stores.setActive(view.visible);
  context.subscriptions.push(
    stores, tree, view,
    view.onDidChangeVisibility((e) => stores.setActive(e.visible)),
    vscode.commands.registerCommand(CommandIds.refreshExperiments, () => {
      stores.rescan(0);
      return stores.reload();
    }),
    ...registerRunActions(view, tree, stores),
  );
  return { stores, tree, view, facts };
}
