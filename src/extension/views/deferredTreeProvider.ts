import * as vscode from 'vscode';

/**
 * The data provider of a tree view created at activation: the first time VS Code asks it for
 * anything (the view became visible), it loads the areas, which connect the real provider.
 * Until then the view costs nothing.
 */
export class DeferredTreeProvider<T> implements vscode.TreeDataProvider<T>, vscode.Disposable {
  private target: vscode.TreeDataProvider<T> | undefined;
  private forwarding: vscode.Disposable | undefined;
  private readonly changed = new vscode.EventEmitter<T | T[] | undefined | null | void>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly load: () => void) {}

  connect(target: vscode.TreeDataProvider<T>): void {
    this.forwarding?.dispose();
    this.target = target;
    this.forwarding = target.onDidChangeTreeData?.((e) => this.changed.fire(e));
  }

  private provider(): vscode.TreeDataProvider<T> | undefined {
    if (!this.target) this.load();
    return this.target;
  }

  getChildren(element?: T): vscode.ProviderResult<T[]> {
    // No provider after loading: its area failed to start (logged); the view stays empty.
    return this.provider()?.getChildren(element) ?? [];
  }

  getTreeItem(element: T): vscode.TreeItem | Thenable<vscode.TreeItem> {
    // Only ever asked for elements getChildren returned, so the provider is there.
    return this.provider()!.getTreeItem(element);
  }

  getParent(element: T): vscode.ProviderResult<T> {
    return this.provider()?.getParent?.(element);
  }

  dispose(): void {
    this.forwarding?.dispose();
    this.changed.dispose();
  }
}
