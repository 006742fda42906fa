import * as vscode from 'vscode';

/**
 * A tree with no items yet, so VS Code shows the view's welcome content (the empty state
 * declared in package.json). The runs, registry and deploy areas replace it with real data.
 */
export class EmptyTree implements vscode.TreeDataProvider<never>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  getTreeItem(element: never): vscode.TreeItem {
    return element;
  }

  getChildren(): never[] {
    return [];
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
