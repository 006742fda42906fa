import * as vscode from 'vscode';
import { CommandIds } from '../commandIds';
import type { PipelineAnalyses } from './pipelineAnalyses';

/** "▶ Run pipeline" (and "Run sweep") at the top, and "▶ Run stage" over every stage. */
export class PipelineCodeLens implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly configListener = vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('mlops.codeLens.enabled')) this.changed.fire();
  });

  constructor(private readonly analyses: PipelineAnalyses) {}

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!vscode.workspace.getConfiguration('mlops.codeLens').get<boolean>('enabled', true)) return [];
    const { analysis } = this.analyses.get(document);
    if (analysis.stages.length === 0) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    const lenses = [new vscode.CodeLens(top, { title: '▶ Run pipeline', command: CommandIds.runPipeline, arguments: [document.uri] })];
    if (analysis.model.sweep) lenses.push(new vscode.CodeLens(top, { title: 'Run sweep', command: CommandIds.runSweep, arguments: [document.uri] }));
    for (const stage of analysis.stages) {
      const at = document.positionAt(stage.nameRange.start);
      lenses.push(new vscode.CodeLens(new vscode.Range(at, at), { title: '▶ Run stage', command: CommandIds.runStage, arguments: [document.uri, stage.name] }));
    }
    return lenses;
  }

  dispose(): void {
    this.configListener.dispose();
    this.changed.dispose();
  }
}
