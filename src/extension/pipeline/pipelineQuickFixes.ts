import * as vscode from 'vscode';
import type { PipelineDiagnostic, QuickFix } from '../../core/pipeline/analyze';
import { readText, type PipelineAnalyses } from './pipelineAnalyses';
import { diagnosticSource } from './pipelineDiagnostics';

/** Offers the analyzer's fixes ("did you mean", add a missing param, ...) as quick fixes. */
export class PipelineQuickFixes implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly analyses: PipelineAnalyses) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const ours = context.diagnostics.filter((d) => d.source === diagnosticSource);
    if (ours.length === 0) return [];
    const { analysis, paramsUri } = this.analyses.get(document);
    const actions: vscode.CodeAction[] = [];
    for (const shown of ours) {
      const source = analysis.diagnostics.find((d) => matches(document, d, shown));
      for (const fix of source?.fixes ?? []) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [shown];
        action.isPreferred = fix.preferred ?? false;
        action.edit = toWorkspaceEdit(document, paramsUri, fix);
        actions.push(action);
      }
    }
    return actions;
  }
}

function matches(document: vscode.TextDocument, d: PipelineDiagnostic, shown: vscode.Diagnostic): boolean {
  return d.code === shown.code
    && document.offsetAt(shown.range.start) === d.range.start
    && document.offsetAt(shown.range.end) === d.range.end;
}

/** Edits for the pipeline apply to the document; edits for the params file create it if needed. */
function toWorkspaceEdit(document: vscode.TextDocument, paramsUri: vscode.Uri, fix: QuickFix): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  const paramsText = readText(paramsUri);
  if (paramsText === undefined && fix.edits.some((e) => e.target === 'params')) {
    edit.createFile(paramsUri, { ignoreIfExists: true });
  }
  const paramsLines = new LinePositions(paramsText ?? '');
  for (const e of fix.edits) {
    if (e.target === 'pipeline') {
      edit.replace(document.uri, new vscode.Range(document.positionAt(e.range.start), document.positionAt(e.range.end)), e.newText);
    } else {
      edit.replace(paramsUri, new vscode.Range(paramsLines.positionAt(e.range.start), paramsLines.positionAt(e.range.end)), e.newText);
    }
  }
  return edit;
}

/** Offset → position for a file that may not be open in an editor. */
class LinePositions {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  positionAt(offset: number): vscode.Position {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid; else hi = mid - 1;
    }
    return new vscode.Position(lo, offset - this.starts[lo]!);
  }
}
