import type * as vscode from 'vscode';

/**
 * What VS Code must find registered from activation on, although the code behind it loads
 * later (src/extension/areas.ts, on first use). The activation bundle registers a stand-in for
 * each of these; an area, when it loads, hands the stand-in its real object here instead of
 * registering the object itself (which would clash with the stand-in).
 */
export interface ActivationSlots {
  /** The view's TreeView, created at activation; from now on `provider` answers for it. */
  treeView<T>(viewId: string, provider: vscode.TreeDataProvider<T>): vscode.TreeView<T>;
  /** The task provider for a `taskDefinitions` type of package.json. */
  taskProvider(type: string, provider: vscode.TaskProvider): void;
  /** Restores the panels of an `onWebviewPanel:<viewType>` activation event after a reload. */
  webviewPanelSerializer(viewType: string, serializer: vscode.WebviewPanelSerializer): void;
  /** The provider of a `"type": "webview"` view of package.json. */
  webviewViewProvider(viewId: string, provider: vscode.WebviewViewProvider): void;
}
