import * as vscode from 'vscode';
import { engine } from '../engine';
import { readText, type PipelineAnalyses } from './pipelineAnalyses';

const completionKinds = {
  key: vscode.CompletionItemKind.Property,
  value: vscode.CompletionItemKind.EnumMember,
  stage: vscode.CompletionItemKind.Function,
  param: vscode.CompletionItemKind.Variable,
} as const;

/** Keys, enum values, stage names and params keys, from the schema and the pipeline itself. */
export class PipelineCompletions implements vscode.CompletionItemProvider {
  static readonly triggerCharacters = ['.', '{', ' ', ':', '-', '['];

  constructor(private readonly analyses: PipelineAnalyses) {}

  provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] {
    const { paramsUri } = this.analyses.get(document);
    const paramsText = readText(paramsUri);
    const items = engine().completionsAt(document.getText(), document.offsetAt(position), { params: paramsText === undefined ? undefined : { text: paramsText } });
    return items.map((c) => {
      const item = new vscode.CompletionItem(c.label, completionKinds[c.kind]);
      if (c.detail) item.detail = c.detail;
      if (c.documentation) item.documentation = new vscode.MarkdownString(c.documentation);
      if (c.insertText !== undefined) item.insertText = c.insertText;
      if (c.range) item.range = new vscode.Range(document.positionAt(c.range.start), document.positionAt(c.range.end));
      return item;
    });
  }
}

/** The schema's description and example for the key under the cursor. */
export class PipelineHovers implements vscode.HoverProvider {
  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const hover = engine().hoverAt(document.getText(), document.offsetAt(position));
    if (!hover) return undefined;
    return new vscode.Hover(new vscode.MarkdownString(hover.markdown), new vscode.Range(document.positionAt(hover.range.start), document.positionAt(hover.range.end)));
  }
}

/** The outline: one symbol per stage. */
export class PipelineSymbols implements vscode.DocumentSymbolProvider {
  constructor(private readonly analyses: PipelineAnalyses) {}

  provideDocumentSymbols(document: vscode.TextDocument): vscode.DocumentSymbol[] {
    const range = (r: { start: number; end: number }) => new vscode.Range(document.positionAt(r.start), document.positionAt(r.end));
    return this.analyses.get(document).analysis.stages.map((stage) => {
      const detail = stage.outs.length > 0 ? `→ ${stage.outs.join(', ')}` : '';
      return new vscode.DocumentSymbol(stage.name, detail, vscode.SymbolKind.Function, range(stage.range), range(stage.nameRange));
    });
  }
}
