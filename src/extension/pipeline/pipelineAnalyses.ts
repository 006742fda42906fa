import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { AnalyzeOptions, PipelineAnalysis, PipelineAnalyzer, TextChange } from '../../core/pipeline/analyze';
import { engine } from '../engine';

export const pipelineLanguageId = 'mlops-pipeline';
export const pipelineSelector: vscode.DocumentSelector = { language: pipelineLanguageId };

export interface AnalyzedPipeline {
  readonly version: number;
  readonly analysis: PipelineAnalysis;
  /** Where the pipeline's params file is (it may not exist). */
  readonly paramsUri: vscode.Uri;
}

/** The edits made to a document since its analyzer last read it (version `from`). */
interface PendingChanges {
  from: number;
  to: number;
  changes: TextChange[];
}

/** Past this many edits between two analyses, the analyzer compares the texts instead. */
const MAX_PENDING_CHANGES = 500;

/**
 * The latest analysis of every open pipeline document, shared by diagnostics, quick fixes,
 * completion and the outline so each keystroke is analysed once. One incremental analyzer per
 * document keeps its caches between edits, and is handed the edits VS Code reported since it
 * last read the document, so it knows what changed without comparing the texts.
 */
export class PipelineAnalyses implements vscode.Disposable {
  private readonly analyzers = new Map<string, { analyzer: PipelineAnalyzer; version: number }>();
  private readonly latest = new Map<string, AnalyzedPipeline>();
  private readonly pending = new Map<string, PendingChanges>();
  private readonly listener = vscode.workspace.onDidChangeTextDocument((e) => this.record(e));

  /** Keeps the edits of a document its analyzer has read, to hand them over on the next get(). */
  private record(event: vscode.TextDocumentChangeEvent): void {
    const key = event.document.uri.toString();
    const state = this.analyzers.get(key);
    if (!state || event.contentChanges.length === 0) return;
    const version = event.document.version;
    if (version <= state.version) return; // already read (get() ran before this listener)
    const pending = this.pending.get(key);
    const from = pending ? pending.to : state.version;
    // A version skipped (or too many edits): let the analyzer compare the texts.
    if (version !== from + 1 || (pending && pending.changes.length >= MAX_PENDING_CHANGES)) {
      this.pending.delete(key);
      return;
    }
    const changes = event.contentChanges.map((c) => ({ rangeOffset: c.rangeOffset, rangeLength: c.rangeLength, text: c.text }));
    if (pending) {
      pending.changes.push(...changes);
      pending.to = version;
    } else {
      this.pending.set(key, { from: state.version, to: version, changes });
    }
  }

  /** The analysis of the document as it is now, reusing the last one if nothing changed. */
  get(document: vscode.TextDocument): AnalyzedPipeline {
    const key = document.uri.toString();
    const cached = this.latest.get(key);
    if (cached && cached.version === document.version) return cached;
    let state = this.analyzers.get(key);
    if (!state) {
      state = { analyzer: new (engine().PipelineAnalyzer)(), version: -1 };
      this.analyzers.set(key, state);
    }
    const pending = this.pending.get(key);
    this.pending.delete(key);
    // Only edits that lead from what the analyzer read to this very version describe the change.
    const changes = pending && pending.from === state.version && pending.to === document.version ? pending.changes : undefined;
    const text = document.getText();
    const folder = vscode.Uri.joinPath(document.uri, '..');
    // The params file is named in the pipeline itself; read that name cheaply, then analyse once.
    const paramsFile = engine().paramsFileOf(text);
    const paramsUri = vscode.Uri.joinPath(folder, paramsFile);
    const params = readText(paramsUri);
    const analysis = state.analyzer.analyze(text, this.options(folder, params === undefined ? undefined : { text: params, path: paramsFile }), changes);
    state.version = document.version;
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
    this.pending.delete(document.uri.toString());
  }

  dispose(): void {
    this.listener.dispose();
    this.analyzers.clear();
    this.latest.clear();
    this.pending.clear();
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
