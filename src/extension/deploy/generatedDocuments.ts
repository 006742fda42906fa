import * as vscode from 'vscode';

export const generatedScheme = 'mlops-generated';

/** Read-only documents holding generated text (the Dockerfile MLOps would write), for diffs. */
export class GeneratedDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();

  /** A URI whose document holds `text`, named after the file it would replace. */
  put(forFile: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: generatedScheme, path: `${forFile} (generated)` });
    this.texts.set(uri.toString(), text);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }
}
