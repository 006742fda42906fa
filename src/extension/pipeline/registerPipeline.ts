import * as vscode from 'vscode';
import { PipelineAnalyses, pipelineSelector } from './pipelineAnalyses';
import { PipelineCodeLens } from './pipelineCodeLens';
import { PipelineDiagnostics } from './pipelineDiagnostics';
import { PipelineCompletions, PipelineHovers, PipelineSymbols } from './pipelineLanguageFeatures';
import { PipelineQuickFixes } from './pipelineQuickFixes';

/** Everything the editor does for mlops.yaml: diagnostics, quick fixes, completion, hover, outline, Run lenses. */
export function registerPipeline(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): void {
  const analyses = new PipelineAnalyses();
  context.subscriptions.push(
    analyses,
    new PipelineDiagnostics(analyses, log),
    vscode.languages.registerCodeActionsProvider(pipelineSelector, new PipelineQuickFixes(analyses), PipelineQuickFixes.metadata),
    vscode.languages.registerCompletionItemProvider(pipelineSelector, new PipelineCompletions(analyses), ...PipelineCompletions.triggerCharacters),
    vscode.languages.registerHoverProvider(pipelineSelector, new PipelineHovers()),
    vscode.languages.registerDocumentSymbolProvider(pipelineSelector, new PipelineSymbols(analyses)),
  );
  const lenses = new PipelineCodeLens(analyses);
  context.subscriptions.push(lenses, vscode.languages.registerCodeLensProvider(pipelineSelector, lenses));
}
