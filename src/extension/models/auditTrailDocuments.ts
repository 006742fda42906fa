import * as vscode from 'vscode';
import { modelTrailText } from '../../core/registry/auditText';
import { engine } from '../engine';
import { registryOf } from './modelActions';

/**
 * A model's audit trail as a read-only document (newest first, with the verify result on top),
 * read afresh each time it is shown and whenever the registry changes while it is open.
 */
export class AuditTrailDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  static readonly scheme = 'mlops-audit';
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  /** `mlops-audit:/<model> audit trail?<folder>`: the title a tab shows, the folder whose registry it reads. */
  static uri(dir: string, model: string): vscode.Uri {
    return vscode.Uri.from({ scheme: AuditTrailDocuments.scheme, path: `/${model} audit trail`, query: dir });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const model = uri.path.replace(/^\//, '').replace(/ audit trail$/, '');
    return modelTrailText(model, await engine().verifyAuditLog(registryOf(uri.query)));
  }

  /** Redraws the open trail documents (the registry changed). */
  refresh(): void {
    for (const doc of vscode.workspace.textDocuments) if (doc.uri.scheme === AuditTrailDocuments.scheme) this.changed.fire(doc.uri);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
