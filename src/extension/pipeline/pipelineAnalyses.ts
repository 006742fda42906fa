import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { AnalyzeOptions, PipelineAnalysis, PipelineAnalyzer } from '../../core/pipeline/analyze';
import { engine } from '../engine';

export const pipelineLanguageId = 'mlops-pipeline';
export const pipelineSelector: vscode.DocumentSelector = { language: pipelineLanguageId };

export interface AnalyzedPipeline {
  readonly version: number;
  readonly analysis: PipelineAnalysis;
  /** Where the pipeline's params file is (it may not exist). */
  readonly paramsUri: vscode.Uri;
}

/**
 * The latest analysis of every open pipeline document, shared by diagnostics, quick fixes,
 * completion and the outline so each keystroke is analysed once. One incremental analyzer per
 * document keeps its caches between edits.
 */
export class PipelineAnalyses implements vscode.Disposable {
  private readonly analyzers = new Map<string, PipelineAnalyzer>();
  private readonly latest = new Map<string, AnalyzedPipeline>();

  /** The analysis of the document as it is now, reusing the last one if nothing changed. */
  get(document: vscode.TextDocument): AnalyzedPipeline {
    const key = document.uri.toString();
    const cached = this.latest.get(key);
    if (cached && cached.version === document.version) return cached;
    let analyzer = this.analyzers.get(key);
    if (!analyzer) {
      analyzer = new (engine().PipelineAnalyzer)();
      this.analyzers.set(key, analyzer);
    }
    const text = document.getText();
    const folder = vscode.Uri.joinPath(document.uri, '..');
    // The params file is named in the pipeline itself; read that name cheaply, then analyse once.
    const paramsFile = engine().paramsFileOf(text);
    const paramsUri = vscode.Uri.joinPath(folder, paramsFile);
    const params = readText(paramsUri);
    const analysis = analyzer.analyze(text, this.options(folder, params === undefined ? undefined : { text: params, path: paramsFile }));
    const entry = { version: document.version, analysis, paramsUri };
    this.latest.set(key, entry);
    return entry;
  }

  /** Open pipelines whose params file is `uri`, to re-check when it changes. */
  pipelinesUsingParams(uri: vscode.Uri): vscode.TextDocument[] {
    const target = uri.toString();
    return vscode.workspace.textDocuments.filter(
      (d) => d.languageId === pipelineLanguageId && this.latest.get(d.uri.toString())?.paramsUri.toString() === target,
    );
  }

  /** Drops the cached analysis so the next get() re-reads params and files from disk. */
  invalidate(document: vscode.TextDocument): void {
    this.latest.delete(document.uri.toString());
  }

  forget(document: vscode.TextDocument): void {
    this.analyzers.delete(document.uri.toString());
    this.latest.delete(document.uri.toString());
  }

  dispose(): void {
    this.analyzers.clear();
    this.latest.clear();
  }

  private options(folder: vscode.Uri, params: AnalyzeOptions['params']): AnalyzeOptions {
    if (folder.scheme !== 'file') return { params };
    // Memoised per pass: a stage list names the same data folder many times.
    const seen = new Map<string, boolean>();
    return {
      params,
      pathExists: (relative) => {
        let exists = seen.get(relative);
        if (exists === undefined) {
          exists = fs.existsSync(vscode.Uri.joinPath(folder, relative).fsPath);
          seen.set(relative, exists);
        }
        return exists;
      },
    };
  }
}

/** A file's text: the editor's copy when it is open (unsaved edits count), else the disk's. */
export function readText(uri: vscode.Uri): string | undefined {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  if (uri.scheme !== 'file') return undefined;
  try {
    return fs.readFileSync(uri.fsPath, 'utf8');
  } catch {
    return undefined;
  }
}
