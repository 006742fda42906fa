import * as path from 'node:path';
import * as vscode from 'vscode';
import { CommandIds, ViewIds } from '../commandIds';
import { ComparePanel } from '../compare/comparePanel';
import { engine } from '../engine';
import type { ExperimentsArea } from '../experiments/registerExperiments';
import { pipelineFileOf, selectedRuns } from '../experiments/runActions';
import type { ActivationSlots } from '../views/activationSlots';
import { isVersion, protectedAliases, registryOf, underGatePolicy, versionUri, type RegistryOutcome } from './modelActions';
import { ModelsTree, type ModelsNode } from './modelsTree';

export interface ModelsArea {
  readonly tree: ModelsTree;
  readonly view: vscode.TreeView<ModelsNode>;
}

/**
 * The Models view and its actions. Nothing is read while the view is hidden: it refreshes when
 * shown, when `.mlops/registry/**` changes (only while visible), and from its Refresh button.
 */
export function registerModels(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, experiments: ExperimentsArea | undefined, slots: ActivationSlots): ModelsArea {
  const tree = new ModelsTree(log);
  const view = slots.treeView(ViewIds.models, tree);
  const watcher = vscode.workspace.createFileSystemWatcher('**/.mlops/registry/**');
  let stale = false;
  const changed = () => {
    if (view.visible) tree.refresh();
    else stale = true;
  };
  context.subscriptions.push(
    tree, view, watcher,
    watcher.onDidCreate(changed), watcher.onDidChange(changed), watcher.onDidDelete(changed),
    view.onDidChangeVisibility((e) => {
      if (e.visible && stale) {
        stale = false;
        tree.refresh();
      }
    }),
    vscode.commands.registerCommand(CommandIds.refreshModels, () => tree.refresh()),
    vscode.commands.registerCommand(CommandIds.modelCopyUri, async (node?: unknown) => {
      if (!isVersion(node)) return undefined;
      const uri = versionUri(node);
      await vscode.env.clipboard.writeText(uri);
      return uri;
    }),
    vscode.commands.registerCommand(CommandIds.modelRevealArtifact, async (node?: unknown) => {
      if (!isVersion(node) || !node.meta) return undefined;
      const file = vscode.Uri.file(path.join(registryOf(node.dir), node.model.name, 'versions', String(node.version.version), node.meta.artifactPath));
      await vscode.commands.executeCommand('revealFileInOS', file);
      return file;
    }),
    vscode.commands.registerCommand(CommandIds.modelSetAlias, async (node?: unknown, givenAlias?: unknown, givenReason?: unknown): Promise<RegistryOutcome> => {
      if (!isVersion(node) || node.model.source !== 'mlops') return 'cancelled';
      const interactive = typeof givenAlias !== 'string';
      const alias = interactive
        ? await vscode.window.showInputBox({ title: `Set an alias on ${versionUri(node)}`, prompt: 'Alias (production, staging, champion…)', ignoreFocusOut: true })
        : givenAlias;
      if (!alias) return 'cancelled';
      const registry = registryOf(node.dir);
      const what = `point ${node.model.name}@${alias} at version ${node.version.version}`;
      const outcome = await underGatePolicy(log, what, (reason) => {
        const e = engine();
        return Promise.resolve(e.setModelAlias(registry, {
          model: node.model.name, alias, version: node.version.version, who: e.whoAmI(node.dir), protectedAliases: protectedAliases(),
          override: { override: reason !== undefined, ...(reason !== undefined ? { reason } : {}) },
        }));
      }, { interactive, ...(typeof givenReason === 'string' ? { reason: givenReason } : {}) });
      tree.refresh();
      return outcome;
    }),
    vscode.commands.registerCommand(CommandIds.modelCompareWith, async (node?: unknown) => {
      if (!isVersion(node) || !experiments) return undefined;
      const runA = node.version.runId;
      const others = (await tree.getChildren({ kind: 'model', dir: node.dir, model: node.model }))
        .filter((n): n is Extract<ModelsNode, { kind: 'version' }> => n.kind === 'version' && n.version.version !== node.version.version && n.version.runId !== undefined);
      if (!runA || others.length === 0) {
        void vscode.window.showInformationMessage(`${node.model.name} has no other version with a source run to compare with.`);
        return undefined;
      }
      const picked = await vscode.window.showQuickPick(others.map((o) => ({ label: `v${o.version.version}`, description: o.version.runId, runId: o.version.runId! })), { title: `Compare ${versionUri(node)} with…` });
      if (!picked) return undefined;
      return ComparePanel.show(context.extensionUri, experiments, experiments.facts, log, [runA, picked.runId]);
    }),
    vscode.commands.registerCommand(CommandIds.registerModel, async (clicked?: unknown, selection?: unknown, givenReason?: unknown): Promise<RegistryOutcome> => {
      if (!experiments) return 'cancelled';
      const [stored] = selectedRuns(clicked, selection, experiments.view);
      if (!stored || stored.run.source !== 'mlops') return 'cancelled';
      const interactive = typeof givenReason !== 'string';
      const outcome = await underGatePolicy(log, `register run ${stored.run.name}`, async (reason) => {
        const result = await engine().registerRun({
          pipelineFile: pipelineFileOf(stored).fsPath,
          runRef: stored.run.id,
          override: { override: reason !== undefined, ...(reason !== undefined ? { reason } : {}) },
        });
        const v = result.version;
        void vscode.window.showInformationMessage(result.status === 'identical'
          ? `This run's model is already version ${v.version} of ${v.model}.`
          : `Registered ${v.model}:${v.version}.`);
      }, { interactive, ...(typeof givenReason === 'string' ? { reason: givenReason } : {}) });
      tree.refresh();
      return outcome;
    }),
  );
  return { tree, view };
}
