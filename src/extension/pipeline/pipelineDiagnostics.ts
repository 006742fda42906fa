import * as vscode from 'vscode';
import type { PipelineDiagnostic } from '../../core/pipeline/analyze';
import { pipelineLanguageId, type PipelineAnalyses } from './pipelineAnalyses';

export const diagnosticSource = 'mlops';

const severities = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
} as const;

export function toVscodeDiagnostic(document: vscode.TextDocument, d: PipelineDiagnostic): vscode.Diagnostic {
  const range = new vscode.Range(document.positionAt(d.range.start), document.positionAt(d.range.end));
  const diagnostic = new vscode.Diagnostic(range, d.message, severities[d.severity]);
  diagnostic.source = diagnosticSource;
  diagnostic.code = d.code;
  if (d.related?.length) {
    diagnostic.relatedInformation = d.related.map((r) => new vscode.DiagnosticRelatedInformation(
      new vscode.Location(document.uri, new vscode.Range(document.positionAt(r.range.start), document.positionAt(r.range.end))),
      r.message,
    ));
  }
  return diagnostic;
}

/**
 * Checks every open pipeline as it is typed (debounced), and again when its params file or the
 * files it depends on change.
 */
export class PipelineDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(diagnosticSource);
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly disposables: vscode.Disposable[] = [this.collection];

  constructor(private readonly analyses: PipelineAnalyses, private readonly log: vscode.LogOutputChannel) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    this.disposables.push(
      watcher,
      vscode.workspace.onDidOpenTextDocument((d) => this.checkNow(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.onEdit(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => this.onClose(d)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('mlops.validation')) this.checkAllOpen();
      }),
      // A params file saved or edited elsewhere, or a dependency created or deleted.
      watcher.onDidChange((uri) => this.onFileChanged(uri, false)),
      watcher.onDidCreate((uri) => this.onFileChanged(uri, true)),
      watcher.onDidDelete((uri) => this.onFileChanged(uri, true)),
    );
    this.checkAllOpen();
  }

  private get enabled(): boolean {
    return vscode.workspace.getConfiguration('mlops.validation').get<boolean>('enabled', true);
  }

  private get delayMs(): number {
    return vscode.workspace.getConfiguration('mlops.validation').get<number>('delay', 75);
  }

  private checkAllOpen(): void {
    for (const d of vscode.workspace.textDocuments) this.checkNow(d);
  }

  private onEdit(document: vscode.TextDocument): void {
    if (document.languageId === pipelineLanguageId) {
      this.schedule(document);
      return;
    }
    // Unsaved edits to a params file count: re-check the pipelines that read it.
    for (const pipeline of this.analyses.pipelinesUsingParams(document.uri)) {
      this.analyses.invalidate(pipeline);
      this.schedule(pipeline);
    }
  }

  private onFileChanged(uri: vscode.Uri, createdOrDeleted: boolean): void {
    const affected = createdOrDeleted
      ? vscode.workspace.textDocuments.filter((d) => d.languageId === pipelineLanguageId)
      : this.analyses.pipelinesUsingParams(uri);
    for (const pipeline of affected) {
      this.analyses.invalidate(pipeline);
      this.schedule(pipeline);
    }
  }

  private onClose(document: vscode.TextDocument): void {
    if (document.languageId !== pipelineLanguageId) return;
    this.collection.delete(document.uri);
    this.analyses.forget(document);
  }

  private schedule(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      this.checkNow(document);
    }, this.delayMs));
  }

  private checkNow(document: vscode.TextDocument): void {
    if (document.languageId !== pipelineLanguageId || document.isClosed) return;
    if (!this.enabled) {
      this.collection.delete(document.uri);
      return;
    }
    try {
      const { analysis } = this.analyses.get(document);
      this.collection.set(document.uri, analysis.diagnostics.map((d) => toVscodeDiagnostic(document, d)));
    } catch (error) {
      // The analyzer promises never to throw; if it does, keep the old squiggles and say so once.
      this.log.error(`Checking ${document.uri.fsPath} failed`, error);
    }
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const d of this.disposables) d.dispose();
  }
}
