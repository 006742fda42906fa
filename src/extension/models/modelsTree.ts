import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ModelVersion, ModelVersionSummary, RegisteredModel } from '../../core/registry/registryModel';
import { engine } from '../engine';
import { findPipelines } from '../pipeline/pipelineFiles';

/** A model (ours or MLflow's, read-only) in the folder holding its pipeline, or one of its versions. */
export type ModelsNode =
  | { readonly kind: 'model'; readonly dir: string; readonly model: RegisteredModel }
  | { readonly kind: 'version'; readonly dir: string; readonly model: RegisteredModel; readonly version: ModelVersionSummary; readonly meta?: ModelVersion };

export function aliasesOf(model: RegisteredModel, version: number): string[] {
  return Object.entries(model.aliases).filter(([, v]) => v === version).map(([a]) => a).sort();
}

export function gateStatus(v: ModelVersionSummary): 'passed' | 'failed' | 'failed (overridden)' | undefined {
  if (v.gatesPassed === undefined) return undefined;
  return v.gatesPassed ? 'passed' : v.gateOverride ? 'failed (overridden)' : 'failed';
}

/** The Models view: every registry in the workspace (beside each pipeline), read through the engine bundle. */
export class ModelsTree implements vscode.TreeDataProvider<ModelsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ModelsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private loaded: Promise<ModelsNode[]> | undefined;

  constructor(private readonly log: vscode.LogOutputChannel) {}

  /** Forgets what was read; the next getChildren reads the registries again (only when the view asks). */
  refresh(): void {
    this.loaded = undefined;
    this.changed.fire(undefined);
  }

  /** The models, read once per refresh. */
  models(): Promise<ModelsNode[]> {
    this.loaded ??= this.load();
    return this.loaded;
  }

  private async load(): Promise<ModelsNode[]> {
    const dirs = [...new Set((await findPipelines()).map((u) => path.dirname(u.fsPath)))].sort();
    const nodes: ModelsNode[] = [];
    for (const dir of dirs) {
      try {
        const e = engine();
        const models = [...e.listOwnModels(e.registryDir(path.join(dir, '.mlops')))];
        for (const mlruns of (await e.findImportSources(dir)).mlruns) models.push(...await e.readMlflowRegistry(mlruns));
        nodes.push(...models.map((model) => ({ kind: 'model' as const, dir, model })));
      } catch (error) {
        this.log.error(`Could not read the model registry in ${dir}`, error);
      }
    }
    return nodes;
  }

  async getChildren(node?: ModelsNode): Promise<ModelsNode[]> {
    if (!node) return this.models();
    if (node.kind !== 'model') return [];
    const metas = node.model.source === 'mlops' ? this.metas(node) : new Map<number, ModelVersion>();
    return [...node.model.versions].sort((a, b) => b.version - a.version)
      .map((version) => ({ kind: 'version' as const, dir: node.dir, model: node.model, version, ...(metas.has(version.version) ? { meta: metas.get(version.version)! } : {}) }));
  }

  private metas(node: Extract<ModelsNode, { kind: 'model' }>): Map<number, ModelVersion> {
    try {
      const e = engine();
      return new Map(e.readVersions(e.registryDir(path.join(node.dir, '.mlops')), node.model.name).map((v) => [v.version, v]));
    } catch (error) {
      this.log.error(`Could not read the versions of ${node.model.name}`, error);
      return new Map();
    }
  }

  getTreeItem(node: ModelsNode): vscode.TreeItem {
    const readOnly = node.model.source === 'mlflow';
    if (node.kind === 'model') {
      const item = new vscode.TreeItem(node.model.name, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `model:${node.dir}:${node.model.source}:${node.model.name}`;
      item.iconPath = new vscode.ThemeIcon('package');
      item.description = `${node.model.versions.length} version${node.model.versions.length === 1 ? '' : 's'}${readOnly ? ' · MLflow (read-only)' : ''}`;
      item.contextValue = readOnly ? 'mlopsModel;mlflow' : 'mlopsModel';
      return item;
    }
    const v = node.version;
    const item = new vscode.TreeItem(`v${v.version}`, vscode.TreeItemCollapsibleState.None);
    item.id = `version:${node.dir}:${node.model.source}:${node.model.name}:${v.version}`;
    const aliases = aliasesOf(node.model, v.version);
    item.description = [aliases.join(', '), readOnly ? 'MLflow (read-only)' : ''].filter((s) => s !== '').join(' · ');
    const gates = gateStatus(v);
    item.iconPath = gates === 'passed' ? new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'))
      : gates === 'failed' ? new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'))
        : gates === 'failed (overridden)' ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
          : new vscode.ThemeIcon('circle-outline');
    const tip = new vscode.MarkdownString();
    tip.appendMarkdown(`**${node.model.name}:${v.version}**${readOnly ? ' — MLflow registry (read-only)' : ''}\n\n`);
    tip.appendMarkdown(`Gates: ${gates ?? 'not recorded'}${v.gateOverride ? ` — override reason: ${v.gateOverride.reason}` : ''}\n\n`);
    if (v.runId) tip.appendMarkdown(`Source run: \`${v.runId}\`\n\n`);
    if (v.created) tip.appendMarkdown(`Registered: ${v.created}\n\n`);
    const metrics = Object.entries(node.meta?.metrics ?? {});
    if (metrics.length > 0) tip.appendMarkdown(metrics.map(([k, n]) => `- ${k}: ${n}`).join('\n'));
    item.tooltip = tip;
    item.contextValue = ['mlopsModelVersion', gates === 'passed' ? 'gates-passed' : gates ? 'gates-failed' : 'gates-none', readOnly ? 'mlflow' : 'own', node.meta ? 'artifact' : undefined].filter(Boolean).join(';');
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
