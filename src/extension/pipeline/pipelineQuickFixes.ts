import * as vscode from 'vscode';
import type { PipelineDiagnostic, QuickFix } from '../../core/pipeline/analyze';
// Only the line index: a small module, so quick fixes do not pull the engine bundle in.
import { LineIndex } from '../../core/pipeline/lineIndex';
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
  const paramsLines = new LineIndex(paramsText ?? '');
  for (const e of fix.edits) {
    if (e.target === 'pipeline') {
      edit.replace(document.uri, new vscode.Range(document.positionAt(e.range.start), document.positionAt(e.range.end)), e.newText);
    } else {
      const [start, end] = [paramsLines.positionAt(e.range.start), paramsLines.positionAt(e.range.end)];
      edit.replace(paramsUri, new vscode.Range(start.line, start.character, end.line, end.character), e.newText);
    }
  }
  return edit;
}
