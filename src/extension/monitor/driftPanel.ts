import * as vscode from 'vscode';
import { validateWebviewMessage, type HostMessage, type WebviewMessage } from '../../../webview-ui/drift/protocol';
import { webviewHtml } from '../views/webviewHtml';

export const driftViewType = 'mlops.drift';

/**
 * The drift report panel. It shows one thing at a time (checking, the report, the empty state,
 * a failure); the host keeps that last message and posts it whenever the webview says `ready`,
 * so hiding and showing the panel (which reloads the webview) restores it. Every message from
 * the webview is validated.
 */
export class DriftPanel implements vscode.Disposable {
  private static current: DriftPanel | undefined;
  private ready = false;
  private last: HostMessage | undefined;
  private onRetrain: (() => void) | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  /** The open panel, or a new one beside the editor. */
  static show(extensionUri: vscode.Uri, log: vscode.LogOutputChannel): DriftPanel {
    if (DriftPanel.current) {
      DriftPanel.current.panel.reveal(undefined, true);
      return DriftPanel.current;
    }
    const options = { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview')] };
    const panel = vscode.window.createWebviewPanel(driftViewType, 'Drift Report', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, options);
    return new DriftPanel(panel, extensionUri, log);
  }

  private constructor(readonly panel: vscode.WebviewPanel, private readonly extensionUri: vscode.Uri, private readonly log: vscode.LogOutputChannel) {
    DriftPanel.current = this;
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'mlops.svg');
    panel.webview.html = this.html();
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      // A hidden webview is torn down; it says `ready` again when shown.
      panel.onDidChangeViewState(() => { if (!panel.visible) this.ready = false; }),
    );
  }

  /** Shows this state; `retrain` is what the panel's Retrain button does (none: no button action). */
  set(message: HostMessage, title: string, retrain?: () => void): void {
    this.last = message;
    this.onRetrain = retrain;
    this.panel.title = title;
    if (this.ready) this.send(message);
  }

  private send(message: HostMessage): void {
    void this.panel.webview.postMessage(message).then(
      (delivered) => { if (!delivered) this.log.warn(`Drift panel: the webview did not take a ${message.type} message`); },
      (error: unknown) => this.log.error(`Drift panel: posting ${message.type} failed`, error),
    );
  }

  private receive(raw: unknown): void {
    const message = validateWebviewMessage(raw);
    if (!message) {
      this.log.warn('Drift panel: ignored a malformed message from the webview');
      return;
    }
    this.handle(message);
  }

  private handle(message: WebviewMessage): void {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        if (this.last) this.send(this.last);
        return;
      case 'retrain':
        this.onRetrain?.();
        return;
      case 'error':
        this.log.error(`Drift panel: ${message.message}`);
        return;
    }
  }

  private html(): string {
    return webviewHtml(this.panel.webview, this.extensionUri, { bundle: 'drift', title: 'Drift Report', rootId: 'drift-root', rootLabel: 'Drift report' });
  }


  dispose(): void {
    if (DriftPanel.current === this) DriftPanel.current = undefined;
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
  }
}
