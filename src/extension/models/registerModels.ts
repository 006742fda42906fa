import * as path from 'node:path';
import * as vscode from 'vscode';
import { CommandIds, ViewIds } from '../commandIds';
import { ComparePanel } from '../compare/comparePanel';
import { engine } from '../engine';
import type { ExperimentsArea } from '../experiments/registerExperiments';
import type { StoredRun } from '../experiments/workspaceStores';
import { pipelineFileOf, selectedRuns } from '../experiments/runActions';
import { pickPipeline } from '../runs/pickers';
import type { DeployTarget } from '../deploy/deployCommand';
import { AuditTrailDocuments } from './auditTrailDocuments';
import { isVersion, pipelineFileIn, protectedAliases, registryOf, underGatePolicy, versionUri, type RegistryOutcome } from './modelActions';
import type { ActivationSlots } from '../views/activationSlots';
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
  const trails = new AuditTrailDocuments();
  let stale = false;
  // One change of the registry touches several files (lock, aliases or meta, audit): redraw once for the burst.
  let pending: NodeJS.Timeout | undefined;
  const changed = () => {
    clearTimeout(pending);
    pending = setTimeout(() => {
      trails.refresh();
      if (view.visible) tree.refresh();
      else stale = true;
    }, 200);
  };
  context.subscriptions.push(
    tree, view, watcher, trails, { dispose: () => clearTimeout(pending) },
    vscode.workspace.registerTextDocumentContentProvider(AuditTrailDocuments.scheme, trails),
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
    vscode.commands.registerCommand(CommandIds.modelDeploy, async (node?: unknown) => {
      if (!isVersion(node) || node.model.source !== 'mlops') return undefined;
      const pipelineFile = pipelineFileIn(node.dir);
      if (!pipelineFile) {
        void vscode.window.showErrorMessage(`There is no pipeline in ${node.dir} to deploy ${versionUri(node)} with.`);
        return undefined;
      }
      const target: DeployTarget = { pipelineFile, runRef: versionUri(node) };
      return vscode.commands.executeCommand(CommandIds.deploy, target);
    }),
    vscode.commands.registerCommand(CommandIds.modelShowAuditTrail, async (node?: unknown) => {
      const model = node as ModelsNode | undefined;
      if (!model || model.kind !== 'model' || model.model.source !== 'mlops') return undefined;
      const doc = await vscode.workspace.openTextDocument(AuditTrailDocuments.uri(model.dir, model.model.name));
      await vscode.window.showTextDocument(doc, { preview: true });
      return doc.getText();
    }),
    vscode.commands.registerCommand(CommandIds.registerModel, async (clicked?: unknown, selection?: unknown, givenReason?: unknown): Promise<RegistryOutcome> => {
      if (!experiments) return 'cancelled';
      // From the palette (no run handed over): pick one of our finished runs, newest first.
      const fromPalette = clicked === undefined && selection === undefined;
      const stored = fromPalette ? await pickFinishedRun(experiments) : selectedRuns(clicked, selection, experiments.view)[0];
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

/** "MLOps: Register Model…" from the palette: one of the pipeline's finished runs, newest first. */
async function pickFinishedRun(experiments: ExperimentsArea): Promise<StoredRun | undefined> {
  const pipeline = await pickPipeline().catch(() => undefined);
  const dir = pipeline ? path.dirname(pipeline.fsPath) : undefined;
  const runs = (await experiments.stores.all())
    .filter((s) => s.run.source === 'mlops' && s.run.status === 'finished' && (dir === undefined || s.dir === dir))
    .sort((a, b) => b.run.createdAt - a.run.createdAt);
  if (runs.length === 0) {
    void vscode.window.showInformationMessage('There is no finished run to register yet. Run the pipeline first (MLOps: Run Pipeline).');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    runs.map((s) => ({ label: s.run.name, description: `${s.run.id.slice(0, 8)} · ${new Date(s.run.createdAt).toLocaleString()}`, stored: s })),
    { title: 'Register the model of which run?' },
  );
  return picked?.stored;
}
