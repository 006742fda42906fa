import * as vscode from 'vscode';
import { CommandIds, ViewIds } from '../commandIds';
import type { ActivationSlots } from './activationSlots';
import { DeferredTreeProvider } from './deferredTreeProvider';

/** The parts of package.json the stand-ins are made from. */
interface Manifest {
  activationEvents?: string[];
  contributes?: {
    commands?: { command: string }[];
    views?: Record<string, { id: string; type?: string }[]>;
    taskDefinitions?: { type: string }[];
    languages?: { id: string }[];
  };
}

/** Options each tree view is created with, at activation (a view not listed gets the default). */
const treeViewOptions: Record<string, { canSelectMany?: boolean; showCollapseAll?: boolean }> = {
  [ViewIds.experiments]: { canSelectMany: true, showCollapseAll: true },
};
const defaultTreeViewOptions = { showCollapseAll: true };

/**
 * Everything activation registers, made from package.json so a new contribution needs no edit
 * here: a stand-in per command, view, task type and restorable panel, and a watch for our
 * languages' documents. Each stand-in loads the areas (`load`) the first time it is used: a
 * command runs, a view is shown, tasks are listed, a panel is restored, a pipeline opens.
 */
export class DeferredRegistrations implements ActivationSlots, vscode.Disposable {
  private readonly trees = new Map<string, { view: vscode.TreeView<unknown>; provider: DeferredTreeProvider<unknown> }>();
  private readonly taskProviders = new Map<string, vscode.TaskProvider>();
  private readonly serializers = new Map<string, vscode.WebviewPanelSerializer>();
  private readonly webviewViews = new Map<string, vscode.WebviewViewProvider>();
  /** Retired when the areas load: the areas register the real commands under the same ids. */
  private stubs: vscode.Disposable[] = [];
  private readonly disposables: vscode.Disposable[] = [];

  constructor(manifest: Manifest, private readonly load: (reason: string) => boolean, private readonly log: vscode.LogOutputChannel) {
    const contributes = manifest.contributes ?? {};
    for (const { command } of contributes.commands ?? []) {
      if (command === CommandIds.showLogs) continue; // registered for real at activation
      this.stubs.push(vscode.commands.registerCommand(command, (...args: unknown[]) => this.runCommand(command, args)));
    }
    for (const view of Object.values(contributes.views ?? {}).flat()) {
      if (view.type === 'webview') {
        this.disposables.push(vscode.window.registerWebviewViewProvider(view.id, {
          resolveWebviewView: (webviewView, context, token) => {
            const provider = this.load(`the ${view.id} view`) ? this.webviewViews.get(view.id) : undefined;
            return provider?.resolveWebviewView(webviewView, context, token);
          },
        }));
        continue;
      }
      const provider = new DeferredTreeProvider<unknown>(() => this.load(`the ${view.id} view`));
      const treeView = vscode.window.createTreeView(view.id, { treeDataProvider: provider, ...(treeViewOptions[view.id] ?? defaultTreeViewOptions) });
      this.trees.set(view.id, { view: treeView, provider });
      this.disposables.push(treeView, provider);
    }
    for (const { type } of contributes.taskDefinitions ?? []) {
      this.disposables.push(vscode.tasks.registerTaskProvider(type, {
        provideTasks: (token) => this.load(`the ${type} tasks`) ? this.taskProviders.get(type)?.provideTasks(token) : [],
        resolveTask: (task, token) => this.load(`the ${type} tasks`) ? this.taskProviders.get(type)?.resolveTask(task, token) : undefined,
      }));
    }
    for (const event of manifest.activationEvents ?? []) {
      const viewType = /^onWebviewPanel:(.+)$/.exec(event)?.[1];
      if (!viewType) continue;
      this.disposables.push(vscode.window.registerWebviewPanelSerializer(viewType, {
        deserializeWebviewPanel: async (panel, state: unknown) => {
          const serializer = this.load(`restoring a ${viewType} panel`) ? this.serializers.get(viewType) : undefined;
          if (serializer) await serializer.deserializeWebviewPanel(panel, state);
          else panel.dispose();
        },
      }));
    }
    // A pipeline open (now, or later) needs its checks, completions and lenses.
    const languages = new Set((contributes.languages ?? []).map((l) => l.id));
    const isOurs = (d: vscode.TextDocument) => languages.has(d.languageId);
    this.stubs.push(vscode.workspace.onDidOpenTextDocument((d) => { if (isOurs(d)) this.load(`opening ${d.uri.fsPath}`); }));
    if (vscode.workspace.textDocuments.some(isOurs)) {
      // Not on the activation path: right after it.
      const timer = setTimeout(() => this.load('an open pipeline'), 0);
      this.disposables.push({ dispose: () => clearTimeout(timer) });
    }
  }

  /** Called once, just before the areas register the real commands and listeners. */
  retireStubs(): void {
    for (const stub of this.stubs) stub.dispose();
    this.stubs = [];
  }

  treeView<T>(viewId: string, provider: vscode.TreeDataProvider<T>): vscode.TreeView<T> {
    const tree = this.trees.get(viewId);
    if (!tree) throw new Error(`${viewId} is not a tree view in package.json`);
    (tree.provider as DeferredTreeProvider<T>).connect(provider);
    return tree.view as vscode.TreeView<T>;
  }

  taskProvider(type: string, provider: vscode.TaskProvider): void {
    this.taskProviders.set(type, provider);
  }

  webviewPanelSerializer(viewType: string, serializer: vscode.WebviewPanelSerializer): void {
    this.serializers.set(viewType, serializer);
  }

  webviewViewProvider(viewId: string, provider: vscode.WebviewViewProvider): void {
    this.webviewViews.set(viewId, provider);
  }

  private async runCommand(command: string, args: unknown[]): Promise<unknown> {
    if (!this.load(`the ${command} command`)) {
      const choice = await vscode.window.showErrorMessage('MLOps Workbench could not start its features. The log says why.', 'Show Logs');
      if (choice) this.log.show();
      return undefined;
    }
    // The areas replaced this stand-in with the real command: run that, with the same arguments.
    return vscode.commands.executeCommand(command, ...args);
  }

  dispose(): void {
    this.retireStubs();
    for (const d of this.disposables) d.dispose();
  }
}
