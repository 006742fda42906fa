import * as vscode from 'vscode';

/** Every pipeline file: `mlops.yaml` and `*.mlops.yaml`. */
export const pipelineGlob = '**/{mlops.yaml,*.mlops.yaml}';
const excluded = '**/{node_modules,.mlops,.git}/**';

/** Every pipeline file in the workspace, in path order. */
export async function findPipelines(): Promise<vscode.Uri[]> {
  const files = await vscode.workspace.findFiles(pipelineGlob, excluded, 200);
  return files.sort((a, b) => a.fsPath.localeCompare(b.fsPath));
}
